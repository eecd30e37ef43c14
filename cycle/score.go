package cycle

import (
	"context"
	"fmt"

	"zwgk"
	"zwgk/scoring"
	"zwgk/store"
)

// ScoreResult summarises a scoring run.
type ScoreResult struct {
	Cycle      zwgk.Cycle
	Scorecards []zwgk.Scorecard
	Findings   []zwgk.Finding
}

// Score judges the stored evidence of every enrolled agency with the
// cycle's frozen framework, applies reviews and accepted appeals, ranks the
// cohort by tier and compares with the previous cycle on the same
// framework. It reads and writes the store only: rerun at any time before
// publication, it gives the same result.
func (r *Runner) Score(ctx context.Context, name string) (ScoreResult, error) {
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return ScoreResult{}, err
	}
	if c.State == zwgk.CyclePublished {
		return ScoreResult{}, fmt.Errorf("cycle %s: %w", name, zwgk.ErrPublished)
	}
	fw, err := r.Framework(ctx, c)
	if err != nil {
		return ScoreResult{}, err
	}
	ens, err := r.store.Enrolments(ctx, c.ID)
	if err != nil {
		return ScoreResult{}, err
	}
	reviews, err := r.store.Reviews(ctx, c.ID)
	if err != nil {
		return ScoreResult{}, err
	}
	decisions, err := r.store.CandidateDecisions(ctx, c.ID)
	if err != nil {
		return ScoreResult{}, err
	}
	if c.State == zwgk.CycleCollecting || c.State == zwgk.CycleDraft {
		if c.State == zwgk.CycleDraft {
			if err := r.store.SetCycleState(ctx, c.ID, zwgk.CycleCollecting); err != nil {
				return ScoreResult{}, err
			}
		}
		if err := r.store.SetCycleState(ctx, c.ID, zwgk.CycleScoring); err != nil {
			return ScoreResult{}, err
		}
	}
	outages, err := r.outages(ctx, c.ID)
	if err != nil {
		return ScoreResult{}, err
	}
	reqs, err := r.requestInputs(ctx, c, fw)
	if err != nil {
		return ScoreResult{}, err
	}
	scorer := scoring.NewScorer(fw)
	var res ScoreResult
	byAgency := make(map[string][]zwgk.Finding, len(ens))
	for _, e := range ens {
		found, card, err := r.judge(ctx, c, fw, scorer, e, reviews, decisions[e.Agency], outages, reqs)
		if err != nil {
			return res, err
		}
		byAgency[e.Agency] = found
		res.Findings = append(res.Findings, found...)
		res.Scorecards = append(res.Scorecards, card)
	}
	scoring.Rank(res.Scorecards, scoring.TierByLevel)
	if prev, ok, err := r.previous(ctx, c); err != nil {
		return res, err
	} else if ok {
		scoring.Trends(prev, res.Scorecards)
	}
	// Findings, scorecards and the move to review in one transaction: a
	// run killed midway leaves the previous scoring as it was.
	if err := r.store.SaveScoring(ctx, c.ID, store.Scoring{Findings: byAgency, Scorecards: res.Scorecards, State: zwgk.CycleReview}); err != nil {
		return res, err
	}
	c.State = zwgk.CycleReview
	res.Cycle = c
	return res, nil
}

// previous finds the scorecards of the cycle c follows: the one it was
// linked to (zwgk cycle create --previous), else the latest earlier cycle
// on the same framework id.
func (r *Runner) previous(ctx context.Context, c zwgk.Cycle) ([]zwgk.Scorecard, bool, error) {
	p, ok, err := r.previousCycle(ctx, c)
	if err != nil || !ok {
		return nil, false, err
	}
	cards, err := r.store.Scorecards(ctx, p.ID)
	if err != nil {
		return nil, false, err
	}
	return cards, len(cards) > 0, nil
}

// previousCycle is the cycle c follows: the one it was linked to (zwgk
// cycle create --previous), else the latest earlier cycle on the same
// framework id.
func (r *Runner) previousCycle(ctx context.Context, c zwgk.Cycle) (zwgk.Cycle, bool, error) {
	if p, ok, err := r.store.PreviousCycle(ctx, c.ID); err != nil || ok {
		return p, ok, err
	}
	all, err := r.store.Cycles(ctx)
	if err != nil {
		return zwgk.Cycle{}, false, err
	}
	var best *zwgk.Cycle
	for i := range all {
		p := all[i]
		if p.ID == c.ID || p.FrameworkID != c.FrameworkID || !p.AsOf.Before(c.AsOf) {
			continue
		}
		if best == nil || p.AsOf.After(best.AsOf) {
			best = &all[i]
		}
	}
	if best == nil {
		return zwgk.Cycle{}, false, nil
	}
	return *best, true, nil
}

// PublishOptions shape Publish.
type PublishOptions struct {
	// Provisional publishes even while findings are pending an assessor
	// or appeals are open; the cycle is then marked provisional, and every
	// output of it says 暂定.
	Provisional bool
}

// Publish freezes a scored cycle; from then on nothing of it changes. It
// refuses (a *store.UnfinishedError naming them) while findings are
// pending — manual indicators nobody scored, automated ones without
// enough evidence — or appeals are open, unless opts.Provisional. The
// returned Unfinished is what still waited when it was published (empty
// for a final publication).
func (r *Runner) Publish(ctx context.Context, name string, opts PublishOptions) (store.Unfinished, error) {
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return store.Unfinished{}, err
	}
	if c.State == zwgk.CyclePublished {
		at := ""
		if c.PublishedAt != nil {
			at = " on " + c.PublishedAt.Local().Format("2006-01-02 15:04")
		}
		return store.Unfinished{}, fmt.Errorf("cycle %s was published already%s and cannot change; its report is 'zwgk report %s --out DIR': %w", name, at, name, zwgk.ErrPublished)
	}
	if c.State != zwgk.CycleReview {
		return store.Unfinished{}, fmt.Errorf("cycle %s is %s: score it (zwgk cycle score %s) before publishing", name, c.State, name)
	}
	return r.store.PublishCycle(ctx, c.ID, opts.Provisional)
}
