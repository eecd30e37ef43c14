package cycle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/store"
)

// judge evaluates one enrolled agency's stored evidence with the
// assessors' decisions on its content-check candidates and applies the
// reviews (of that agency, or of any: ApplyReviews matches by agency).
func (r *Runner) judge(ctx context.Context, c zwgk.Cycle, fw *indicators.Framework, scorer *scoring.Scorer, e store.Enrolment,
	reviews []zwgk.Review, decisions map[string]zwgk.CheckDecision, outages []time.Time, reqs *requestInputs) ([]zwgk.Finding, zwgk.Scorecard, error) {
	a, err := r.store.Agency(ctx, e.Agency)
	if err != nil {
		return nil, zwgk.Scorecard{}, err
	}
	ev, ok, err := r.store.Evidence(ctx, c.ID, e.Agency)
	if err != nil {
		return nil, zwgk.Scorecard{}, fmt.Errorf("evidence of %s: %w", e.Agency, err)
	}
	if !ok {
		// Never crawled (or every attempt failed): judge it on what
		// little there is, with the reason stated, instead of dropping
		// the agency from the ranking.
		cause := e.Cause
		if cause == "" {
			cause = "未完成采集"
		}
		ev.Agency = e.Agency
		ev.Failure = &zwgk.Failure{Cause: zwgk.CauseIncomplete, Detail: cause, URL: a.Site}
	}
	// Content-check candidates go to the review queue; only those an
	// assessor confirmed count (issue 19).
	if ok && ev.Scanned != nil {
		if err := r.store.SyncCandidates(ctx, c.ID, e.Agency, ev.ContentChecks); err != nil {
			return nil, zwgk.Scorecard{}, err
		}
	}
	ev.ApplyDecisions(decisions)
	ev.ProbeOutages = outages
	reqs.lay(&ev, e.Agency)
	found := scoring.ApplyReviews(scoring.Evaluate(fw, a, ev, c.AsOf), reviews)
	return found, scorer.Score(a, found), nil
}

// ScoreAgencies re-scores some agencies of a cycle in review after a
// review or an appeal. Scoring is per agency: only their findings and
// cards are computed again; their tiers are re-ranked from the stored
// standings (the store rewrites the rank of those they passed) and the
// trend is against their own previous cards. Nationally this is
// milliseconds where Score is minutes. A cycle not in review is scored
// whole (Score).
func (r *Runner) ScoreAgencies(ctx context.Context, name string, codes []string) error {
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return err
	}
	if c.State == zwgk.CyclePublished {
		return fmt.Errorf("cycle %s: %w", name, zwgk.ErrPublished)
	}
	if c.State != zwgk.CycleReview {
		_, err := r.Score(ctx, name)
		return err
	}
	codes = slices.Compact(slices.Sorted(slices.Values(codes)))
	if len(codes) == 0 {
		return nil
	}
	fw, err := r.Framework(ctx, c)
	if err != nil {
		return err
	}
	prev, hasPrev, err := r.previousCycle(ctx, c)
	if err != nil {
		return err
	}
	decisions, err := r.store.CandidateDecisions(ctx, c.ID)
	if err != nil {
		return err
	}
	outages, err := r.outages(ctx, c.ID)
	if err != nil {
		return err
	}
	reqs, err := r.requestInputs(ctx, c, fw)
	if err != nil {
		return err
	}
	scorer := scoring.NewScorer(fw)
	// A review stored while these agencies were being scored makes the
	// save refuse (store.ErrStaleReviews): score them again with it.
	for attempt := 0; ; attempt++ {
		through, err := r.store.MaxReviewID(ctx, c.ID)
		if err != nil {
			return err
		}
		s := store.AgencyScores{Findings: make(map[string][]zwgk.Finding, len(codes)), ReviewsThrough: through,
			Rank: func(cards []zwgk.Scorecard) { scoring.Rank(cards, func(c zwgk.Scorecard) string { return c.Tier }) }}
		for _, code := range codes {
			e, err := r.store.Enrolment(ctx, c.ID, code)
			if err != nil {
				return err
			}
			reviews, err := r.store.AgencyReviews(ctx, c.ID, code)
			if err != nil {
				return err
			}
			found, card, err := r.judge(ctx, c, fw, scorer, e, reviews, decisions[code], outages, reqs)
			if err != nil {
				return err
			}
			card.Tier = scoring.TierByLevel(card)
			if hasPrev {
				p, ok, err := r.store.Scorecard(ctx, prev.ID, code)
				if err != nil {
					return err
				}
				one := []zwgk.Scorecard{card}
				var before []zwgk.Scorecard
				if ok {
					before = []zwgk.Scorecard{p}
				}
				scoring.Trends(before, one)
				card = one[0]
			}
			s.Findings[code] = found
			s.Cards = append(s.Cards, card)
		}
		_, err = r.store.SaveAgencyScores(ctx, c.ID, s)
		if errors.Is(err, store.ErrStaleReviews) && attempt < 5 {
			continue
		}
		return err
	}
}

// outageMinSites is the fewest agencies a probe round must have probed
// for it to tell the assessor's outage from the sites' (scoring.Outages).
const outageMinSites = 5

// outages are the cycle's probe rounds in which most of the cohort failed
// at once: the assessor's network, left out of availability.
func (r *Runner) outages(ctx context.Context, cycleID int64) ([]time.Time, error) {
	rounds, err := r.store.ProbeRounds(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	return scoring.Outages(rounds, outageMinSites), nil
}
