package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync"
	"time"

	"zwgk"
)

// memBackend is an in-memory Backend for the unit tests of this package.
// The tests that count run against the real store too (store_test.go).
type memBackend struct {
	mu         sync.Mutex
	cycles     []zwgk.Cycle
	agencies   map[string]zwgk.Agency
	cards      map[int64][]zwgk.Scorecard
	findings   map[int64]map[string][]zwgk.Finding
	evidence   map[int64]map[string]zwgk.Evidence
	indicators []IndicatorInfo
	appeals    []zwgk.Appeal
	reviews    []zwgk.Review
	users      map[string]User
	sessions   map[[32]byte]memSession
	audit      []AuditEntry
}

type memSession struct {
	user    string
	expires time.Time
}

func newMem() *memBackend {
	return &memBackend{agencies: map[string]zwgk.Agency{}, cards: map[int64][]zwgk.Scorecard{},
		findings: map[int64]map[string][]zwgk.Finding{}, evidence: map[int64]map[string]zwgk.Evidence{},
		users: map[string]User{}, sessions: map[[32]byte]memSession{}, indicators: testIndicators}
}

func (m *memBackend) Cycles(ctx context.Context) ([]zwgk.Cycle, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]zwgk.Cycle(nil), m.cycles...), nil
}

func (m *memBackend) CycleByName(ctx context.Context, name string) (zwgk.Cycle, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cycles {
		if c.Name == name {
			return c, nil
		}
	}
	return zwgk.Cycle{}, fmt.Errorf("cycle %q: %w", name, ErrNotFound)
}

func (m *memBackend) Agency(ctx context.Context, code string) (zwgk.Agency, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.agencies[code]
	if !ok {
		return a, fmt.Errorf("agency %q: %w", code, ErrNotFound)
	}
	return a, nil
}

func (m *memBackend) Scorecards(ctx context.Context, id int64) ([]zwgk.Scorecard, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]zwgk.Scorecard(nil), m.cards[id]...), nil
}

func (m *memBackend) Findings(ctx context.Context, id int64, agency string) ([]zwgk.Finding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]zwgk.Finding(nil), m.findings[id][agency]...), nil
}

func (m *memBackend) Evidence(ctx context.Context, id int64, agency string) (zwgk.Evidence, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ev, ok := m.evidence[id][agency]
	return ev, ok, nil
}

func (m *memBackend) Indicators(ctx context.Context, c zwgk.Cycle) ([]IndicatorInfo, error) {
	return m.indicators, nil
}

func (m *memBackend) Appeals(ctx context.Context, id int64, agency string) ([]zwgk.Appeal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []zwgk.Appeal
	for _, a := range m.appeals {
		if a.CycleID == id && (agency == "" || a.Agency == agency) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (m *memBackend) published(id int64) bool {
	for _, c := range m.cycles {
		if c.ID == id {
			return c.State == zwgk.CyclePublished
		}
	}
	return false
}

func (m *memBackend) FileAppeal(ctx context.Context, a zwgk.Appeal) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.published(a.CycleID) {
		return 0, zwgk.ErrPublished
	}
	a.ID = int64(len(m.appeals) + 1)
	a.State = zwgk.AppealOpen
	m.appeals = append(m.appeals, a)
	m.audit = append(m.audit, AuditEntry{At: a.FiledAt, User: a.FiledBy, Action: "appeal.file", Object: fmt.Sprint(a.ID)})
	return a.ID, nil
}

func (m *memBackend) Appeal(ctx context.Context, id int64) (zwgk.Appeal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.appeals {
		if a.ID == id {
			return a, nil
		}
	}
	return zwgk.Appeal{}, ErrNotFound
}

func (m *memBackend) DecideAppeal(ctx context.Context, id int64, accepted bool, by, decision string) error {
	st := zwgk.AppealRejected
	if accepted {
		st = zwgk.AppealAccepted
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.appeals {
		a := &m.appeals[i]
		if a.ID == id {
			if m.published(a.CycleID) {
				return zwgk.ErrPublished
			}
			if a.State != zwgk.AppealOpen {
				return fmt.Errorf("appeal %d is %s", id, a.State)
			}
			now := time.Now()
			a.State, a.DecidedBy, a.Decision, a.DecidedAt = st, &by, &decision, &now
			m.audit = append(m.audit, AuditEntry{At: now, User: by, Action: "appeal.decide", Object: fmt.Sprint(id)})
			return nil
		}
	}
	return ErrNotFound
}

func (m *memBackend) AcceptAppeal(ctx context.Context, id int64, r zwgk.Review, decision string) (int64, error) {
	a, err := m.Appeal(ctx, id)
	if err != nil {
		return 0, err
	}
	if err := m.DecideAppeal(ctx, id, true, r.By, decision); err != nil {
		return 0, err
	}
	r.CycleID, r.Agency, r.Indicator, r.Appeal = a.CycleID, a.Agency, a.Indicator, &a.ID
	return m.AddReview(ctx, r)
}

func (m *memBackend) AddReview(ctx context.Context, r zwgk.Review) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.published(r.CycleID) {
		return 0, zwgk.ErrPublished
	}
	r.ID = int64(len(m.reviews) + 1)
	m.reviews = append(m.reviews, r)
	return r.ID, nil
}

// Rescore applies reviews to findings and recomputes totals as the sum of
// fraction × points: a stand-in for cycle.Runner.Score.
func (m *memBackend) Rescore(ctx context.Context, name, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var id int64
	for _, c := range m.cycles {
		if c.Name == name {
			id = c.ID
		}
	}
	points := map[string]float64{}
	for _, in := range m.indicators {
		points[in.ID] = in.Points
	}
	for i, card := range m.cards[id] {
		fs := m.findings[id][card.Agency]
		total := 0.0
		for j := range fs {
			for _, r := range m.reviews {
				if r.CycleID == id && r.Agency == card.Agency && r.Indicator == fs[j].Indicator {
					auto := fs[j]
					fs[j].Automated = &auto
					fs[j].Outcome, fs[j].Fraction = r.Outcome, r.Fraction
					fs[j].Override = &zwgk.Override{Outcome: r.Outcome, Fraction: r.Fraction, Reason: r.Reason, By: r.By}
				}
			}
			total += fs[j].Fraction * points[fs[j].Indicator]
		}
		m.cards[id][i].Total = total
	}
	return nil
}

func (m *memBackend) Publish(ctx context.Context, name, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.cycles {
		if m.cycles[i].Name == name {
			if err := m.cycles[i].State.CanMove(zwgk.CyclePublished); err != nil {
				return err
			}
			m.cycles[i].State = zwgk.CyclePublished
			m.audit = append(m.audit, AuditEntry{At: time.Now(), User: by, Action: "cycle.state", Object: name})
			return nil
		}
	}
	return ErrNotFound
}

func (m *memBackend) UserByName(ctx context.Context, name string) (User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[name]
	if !ok {
		return u, ErrNotFound
	}
	return u, nil
}

func (m *memBackend) CreateSession(ctx context.Context, user, token string, exp time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[sha256.Sum256([]byte(token))] = memSession{user, exp}
	return nil
}

func (m *memBackend) SessionUser(ctx context.Context, token string) (User, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[sha256.Sum256([]byte(token))]
	if !ok {
		return User{}, time.Time{}, ErrNotFound
	}
	return m.users[s.user], s.expires, nil
}

func (m *memBackend) DeleteSession(ctx context.Context, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, sha256.Sum256([]byte(token)))
	return nil
}

func (m *memBackend) Audit(ctx context.Context, e AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.audit = append(m.audit, e)
	return nil
}

func (m *memBackend) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]AuditEntry(nil), m.audit...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// seeding, used by the fixture

func (m *memBackend) seedAgency(a zwgk.Agency) { m.agencies[a.Code] = a }
func (m *memBackend) seedCycle(c zwgk.Cycle) int64 {
	c.ID = int64(len(m.cycles) + 1)
	m.cycles = append(m.cycles, c)
	return c.ID
}
func (m *memBackend) seedResults(id int64, cards []zwgk.Scorecard, fs map[string][]zwgk.Finding, ev map[string]zwgk.Evidence) {
	m.cards[id] = cards
	m.findings[id] = fs
	m.evidence[id] = ev
}
func (m *memBackend) seedUser(u User) { m.users[u.Name] = u }
