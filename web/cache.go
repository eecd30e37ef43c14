package web

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"zwgk"
	"zwgk/reports"
)

// The portal keeps each cycle's scorecards in memory, keyed by the cycle's
// version in the store (zwgk.Cycle.Version): every write to a cycle's
// results — scoring, a review, an appeal, publication — bumps it in the
// store, so several portal processes behind one PostgreSQL see the same
// version. A request compares the version of the cycle it has read anyway
// (cycleFor: one indexed row) with the one it holds; only when they differ
// does it ask the store for the cards written since (Backend.CardsSince),
// usually none or a few. Rankings sort and page from memory; a scorecard
// page takes its card by index.

// cardSet is one state of a cycle's scorecards and what is derived from
// them. It is read-only once built and shared by every request (and by
// later versions whose writes changed no card: a review before it is
// scored, an appeal filed).
type cardSet struct {
	cards []zwgk.Scorecard // by agency code; callers must not change them
	index map[string]int   // agency code → position in cards
	tiers []string         // the levels in their order, then any other tier

	mu     sync.Mutex
	cohort *Cohort                      // Backend.Cohort of the cards, once computed
	tierSt map[string]reports.TierStats // reports.TiersOf, for the PDF
	orders map[orderKey][]int32         // sorted positions of one tier's cards
	// provinces are provinceStats by tier ("" every tier).
	provinces map[string][]regionStat

	rows rowCache // the ranking page's rendered rows (rankrows.go)
}

// cycleCards is a cycle's cards as of a version.
type cycleCards struct {
	version int64
	*cardSet
}

func newCardSet(cards []zwgk.Scorecard) *cardSet {
	cs := &cardSet{cards: cards, index: make(map[string]int, len(cards)), orders: map[orderKey][]int32{}}
	tiers := map[string]bool{}
	for i := range cards {
		cs.index[cards[i].Agency] = i
		tiers[cards[i].Tier] = true
	}
	for _, l := range zwgk.Levels {
		if tiers[string(l)] {
			cs.tiers = append(cs.tiers, string(l))
			delete(tiers, string(l))
		}
	}
	var rest []string
	for t := range tiers {
		rest = append(rest, t)
	}
	sort.Strings(rest)
	cs.tiers = append(cs.tiers, rest...)
	return cs
}

// card is the agency's scorecard (a copy; its maps are shared, read-only).
func (cs *cardSet) card(code string) (zwgk.Scorecard, bool) {
	i, ok := cs.index[code]
	if !ok {
		return zwgk.Scorecard{}, false
	}
	return cs.cards[i], true
}

// apply returns the cards after changes (CardChanges of the store): all of
// them anew, or some replaced or added. An empty change keeps the set and
// everything derived from it.
func (cs *cardSet) apply(ch CardChanges) *cardSet {
	if ch.All || cs == nil {
		return newCardSet(ch.Cards)
	}
	if len(ch.Cards) == 0 {
		return cs
	}
	cards := slices.Clone(cs.cards)
	added := false
	for _, c := range ch.Cards {
		if i, ok := cs.index[c.Agency]; ok {
			cards[i] = c
		} else {
			cards = append(cards, c)
			added = true
		}
	}
	if added {
		slices.SortFunc(cards, func(a, b zwgk.Scorecard) int { return strings.Compare(a.Agency, b.Agency) })
	}
	return newCardSet(cards)
}

// orderKey names one sorted view of a tier.
type orderKey struct {
	tier, sort string
	desc       bool
}

// order is the positions of the tier's cards sorted by key (sortKeys),
// ties by agency code; computed once per card set.
func (cs *cardSet) order(tier, key string, desc bool) []int32 {
	k := orderKey{tier, key, desc}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if o, ok := cs.orders[k]; ok {
		return o
	}
	var o []int32
	for i := range cs.cards {
		if cs.cards[i].Tier == tier {
			o = append(o, int32(i))
		}
	}
	slices.SortStableFunc(o, func(i, j int32) int {
		a, b := &cs.cards[i], &cs.cards[j]
		c := compareCards(a, b, key)
		if c == 0 {
			return strings.Compare(a.Agency, b.Agency)
		}
		if desc {
			return -c
		}
		return c
	})
	cs.orders[k] = o
	return o
}

// compareCards orders two cards by a ranking column: name, region, total,
// delta (no delta below every delta) or, by default, rank.
func compareCards(a, b *zwgk.Scorecard, key string) int {
	switch key {
	case "name":
		return strings.Compare(a.Name, b.Name)
	case "region":
		return strings.Compare(string(a.Region), string(b.Region))
	case "total":
		return cmpFloat(a.Total, b.Total)
	case "delta":
		da, db := -1e9, -1e9
		if a.Delta != nil {
			da = *a.Delta
		}
		if b.Delta != nil {
			db = *b.Delta
		}
		return cmpFloat(da, db)
	}
	return a.Rank - b.Rank
}

// cohortOf is Backend.Cohort of the cards, computed once per card set.
// A failure is not kept: the next request tries again.
func (s *server) cohortOf(ctx context.Context, c zwgk.Cycle, cc *cycleCards) (Cohort, error) {
	cs := cc.cardSet
	cs.mu.Lock()
	co := cs.cohort
	cs.mu.Unlock()
	if co != nil {
		return *co, nil
	}
	// Computed outside the lock (a national cohort takes a while);
	// concurrent first requests may compute it twice, never wrongly.
	got, err := s.b.Cohort(ctx, c, cs.cards)
	if err != nil {
		return Cohort{}, err
	}
	cs.mu.Lock()
	if cs.cohort == nil {
		cs.cohort = &got
	}
	co = cs.cohort
	cs.mu.Unlock()
	return *co, nil
}

// tierStats are the tiers' averages and bests the PDF prints, once per
// card set.
func (cs *cardSet) tierStats() map[string]reports.TierStats {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.tierSt == nil {
		cs.tierSt = reports.TiersOf(cs.cards)
	}
	return cs.tierSt
}

// cardCache holds the cards of the cycles read last, at most max cycles.
type cardCache struct {
	mu      sync.Mutex
	max     int
	tick    uint64
	entries map[int64]*cardEntry
}

// cardEntry is one cycle's cards; load is held by the one request that
// reads what changed, so the others wait for it instead of reading too.
type cardEntry struct {
	load sync.Mutex
	cur  atomic.Pointer[cycleCards]
	used uint64 // cardCache.tick when last asked for (under cardCache.mu)
}

func newCardCache(max int) *cardCache {
	return &cardCache{max: max, entries: map[int64]*cardEntry{}}
}

func (cc *cardCache) entry(id int64) *cardEntry {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.tick++
	e := cc.entries[id]
	if e == nil {
		if len(cc.entries) >= cc.max {
			var oldest int64
			var least uint64
			for k, v := range cc.entries {
				if least == 0 || v.used < least {
					oldest, least = k, v.used
				}
			}
			delete(cc.entries, oldest)
		}
		e = &cardEntry{}
		cc.entries[id] = e
	}
	e.used = cc.tick
	return e
}

// current is the entry's cards if they are as new as version.
func (e *cardEntry) current(version int64) *cycleCards {
	if cur := e.cur.Load(); cur != nil && cur.version >= version {
		return cur
	}
	return nil
}

// cardLoadTimeout bounds the reading of a cycle's cards, which goes on
// when the request that started it is gone (others wait for it).
const cardLoadTimeout = time.Minute

// cycleCards returns the cycle's cards as of c.Version or newer.
func (s *server) cycleCards(ctx context.Context, c zwgk.Cycle) (*cycleCards, error) {
	e := s.cache.entry(c.ID)
	if cur := e.current(c.Version); cur != nil {
		return cur, nil
	}
	e.load.Lock()
	defer e.load.Unlock()
	if cur := e.current(c.Version); cur != nil {
		return cur, nil
	}
	prev := e.cur.Load()
	var since int64
	var set *cardSet
	if prev != nil {
		since, set = prev.version, prev.cardSet
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cardLoadTimeout)
	defer cancel()
	ch, err := s.b.CardsSince(lctx, c.ID, since)
	if err != nil {
		return nil, err
	}
	next := &cycleCards{version: ch.Version, cardSet: set.apply(ch)}
	e.cur.Store(next)
	return next, nil
}

// cachedCards is the cycle's cards if the cache holds them as of
// c.Version, without reading anything.
func (s *server) cachedCards(c zwgk.Cycle) *cycleCards {
	return s.cache.entry(c.ID).current(c.Version)
}

// scorecards returns a copy of the cycle's cards by agency code, for
// callers that reorder them; the cards' maps must not be changed.
func (s *server) scorecards(ctx context.Context, c zwgk.Cycle) ([]zwgk.Scorecard, error) {
	cc, err := s.cycleCards(ctx, c)
	if err != nil {
		return nil, err
	}
	return slices.Clone(cc.cards), nil
}

// indicators are the cycle's indicators (Backend.Indicators), kept per
// frozen framework: they never change.
func (s *server) indicators(ctx context.Context, c zwgk.Cycle) ([]IndicatorInfo, error) {
	if c.FrameworkHash != "" {
		if v, ok := s.infos.Load(c.FrameworkHash); ok {
			return v.([]IndicatorInfo), nil
		}
	}
	infos, err := s.b.Indicators(ctx, c)
	if err != nil {
		return nil, err
	}
	if c.FrameworkHash != "" {
		s.infos.Store(c.FrameworkHash, infos)
	}
	return infos, nil
}
