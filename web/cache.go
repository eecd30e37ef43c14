package web

import (
	"context"
	"sync"

	"zwgk"
	"zwgk/scoring"
)

// cardCache keeps the scorecards of published cycles. A published cycle
// never changes, so its cards can be read once; reading and decoding a
// cohort's cards is most of the cost of a ranking page. Unpublished cycles
// are always read afresh (an accepted appeal changes them).
type cardCache struct {
	mu    sync.Mutex
	max   int
	order []int64
	cards map[int64][]zwgk.Scorecard
	stats map[int64]*zwgk.CohortStats // of the cached cards, once computed
}

func newCardCache(max int) *cardCache {
	return &cardCache{max: max, cards: map[int64][]zwgk.Scorecard{}, stats: map[int64]*zwgk.CohortStats{}}
}

// scorecards returns the cycle's cards; callers may reorder the returned
// slice but must not change the cards' maps.
func (s *server) scorecards(ctx context.Context, c zwgk.Cycle) ([]zwgk.Scorecard, error) {
	if c.State != zwgk.CyclePublished {
		return s.b.Scorecards(ctx, c.ID)
	}
	cc := s.cache
	cc.mu.Lock()
	cards, ok := cc.cards[c.ID]
	cc.mu.Unlock()
	if !ok {
		var err error
		if cards, err = s.b.Scorecards(ctx, c.ID); err != nil {
			return nil, err
		}
		cc.mu.Lock()
		if _, ok := cc.cards[c.ID]; !ok {
			if len(cc.order) >= cc.max {
				delete(cc.cards, cc.order[0])
				delete(cc.stats, cc.order[0])
				cc.order = cc.order[1:]
			}
			cc.order = append(cc.order, c.ID)
			cc.cards[c.ID] = cards
		}
		cc.mu.Unlock()
	}
	return append([]zwgk.Scorecard(nil), cards...), nil
}

// cohortStats are every aggregate of the cycle and its §21 lists, as
// scoring computes them for every report (scoring.Aggregate): the portal
// shows the figures of scores.json and the cohort report, never its own.
// Kept beside the cards of a published cycle.
func (s *server) cohortStats(ctx context.Context, c zwgk.Cycle) (zwgk.CohortStats, error) {
	cc := s.cache
	if c.State == zwgk.CyclePublished {
		cc.mu.Lock()
		st, ok := cc.stats[c.ID]
		cc.mu.Unlock()
		if ok {
			return *st, nil
		}
	}
	cards, err := s.scorecards(ctx, c)
	if err != nil {
		return zwgk.CohortStats{}, err
	}
	fw, err := s.b.Framework(ctx, c)
	if err != nil {
		return zwgk.CohortStats{}, err
	}
	st := scoring.Aggregate(fw, cards)
	if c.State == zwgk.CyclePublished {
		cc.mu.Lock()
		if _, ok := cc.cards[c.ID]; ok { // only beside cached cards, evicted with them
			cc.stats[c.ID] = &st
		}
		cc.mu.Unlock()
	}
	return st, nil
}
