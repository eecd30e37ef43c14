package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync"
	"time"

	"zwgk"
	"zwgk/indicators"
)

// memBackend is an in-memory Backend for the unit tests of this package.
// The tests that count run against the real store too (store_test.go).
type memBackend struct {
	mu          sync.Mutex
	cycles      []zwgk.Cycle
	agencies    map[string]zwgk.Agency
	cards       map[int64][]zwgk.Scorecard
	findings    map[int64]map[string][]zwgk.Finding
	evidence    map[int64]map[string]zwgk.Evidence
	indicators  []IndicatorInfo
	appeals     []zwgk.Appeal
	reviews     []zwgk.Review
	attachments []Attachment
	users       map[string]User
	sessions    map[[32]byte]memSession
	audit       []AuditEntry
	// version is handed out as every cycle's version, bumped on every
	// read: tests change m.cards behind the portal's back, so the portal
	// must read them anew each time (the store's versions are tested on
	// the store, cache_test.go).
	version int64
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
	out := append([]zwgk.Cycle(nil), m.cycles...)
	for i := range out {
		m.version++
		out[i].Version = m.version
	}
	return out, nil
}

func (m *memBackend) CycleByName(ctx context.Context, name string) (zwgk.Cycle, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cycles {
		if c.Name == name {
			m.version++
			c.Version = m.version
			return c, nil
		}
	}
	return zwgk.Cycle{}, fmt.Errorf("cycle %q: %w", name, ErrNotFound)
}

func (m *memBackend) CardsSince(ctx context.Context, id, since int64) (CardChanges, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.version++
	cards := append([]zwgk.Scorecard(nil), m.cards[id]...)
	sort.Slice(cards, func(i, j int) bool { return cards[i].Agency < cards[j].Agency })
	return CardChanges{Version: m.version, All: true, Cards: cards}, nil
}

func (m *memBackend) Scorecard(ctx context.Context, id int64, agency string) (zwgk.Scorecard, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cards[id] {
		if c.Agency == agency {
			return c, true, nil
		}
	}
	return zwgk.Scorecard{}, false, nil
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
func (m *memBackend) Rescore(ctx context.Context, name, by string, _ ...string) error {
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

func (m *memBackend) Publish(ctx context.Context, name, by string, provisional bool) (Unfinished, error) {
	c, err := m.CycleByName(ctx, name)
	if err != nil {
		return Unfinished{}, err
	}
	u, _ := m.Unfinished(ctx, c.ID)
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.cycles {
		if m.cycles[i].Name == name {
			if err := m.cycles[i].State.CanMove(zwgk.CyclePublished); err != nil {
				return u, err
			}
			if u.Unscored > 0 || !u.Empty() && !provisional {
				return u, &UnfinishedError{Cycle: name, Unfinished: u}
			}
			m.cycles[i].State = zwgk.CyclePublished
			m.cycles[i].Provisional = !u.Empty()
			m.audit = append(m.audit, AuditEntry{At: time.Now(), User: by, Action: "cycle.state", Object: name})
			return u, nil
		}
	}
	return u, ErrNotFound
}

// latestReview is the review in force on a finding, or nil.
func (m *memBackend) latestReview(id int64, agency, indicator string) *zwgk.Review {
	var out *zwgk.Review
	for i := range m.reviews {
		r := &m.reviews[i]
		if r.CycleID == id && r.Agency == agency && r.Indicator == indicator {
			out = r
		}
	}
	return out
}

func (m *memBackend) pending(id int64, f QueueFilter) []PendingFinding {
	var out []PendingFinding
	var codes []string
	for code := range m.findings[id] {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		a := m.agencies[code]
		if f.Level != "" && a.Level != f.Level || f.Region != "" && !f.Region.Contains(a.Region) {
			continue
		}
		fs := append([]zwgk.Finding(nil), m.findings[id][code]...)
		sort.Slice(fs, func(i, j int) bool { return fs[i].Indicator < fs[j].Indicator })
		for _, fd := range fs {
			if fd.Outcome != zwgk.Pending || f.Indicator != "" && fd.Indicator != f.Indicator {
				continue
			}
			if r := m.latestReview(id, code, fd.Indicator); r != nil && r.Outcome != zwgk.Pending {
				continue
			}
			out = append(out, PendingFinding{Agency: code, Name: a.Name, Level: a.Level, Region: a.Region, Indicator: fd.Indicator, Measure: fd.Measure})
		}
	}
	return out
}

func (m *memBackend) PendingFindings(ctx context.Context, id int64, f QueueFilter) ([]PendingFinding, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	all := m.pending(id, f)
	lo := min(max(f.Offset, 0), len(all))
	hi := len(all)
	if f.Limit > 0 {
		hi = min(lo+f.Limit, len(all))
	}
	return all[lo:hi], len(all), nil
}

func (m *memBackend) PendingByIndicator(ctx context.Context, id int64) (map[string]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for _, p := range m.pending(id, QueueFilter{}) {
		out[p.Indicator]++
	}
	return out, nil
}

func (m *memBackend) Unfinished(ctx context.Context, id int64) (Unfinished, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u := Unfinished{PendingByIndicator: map[string]int{}}
	for _, p := range m.pending(id, QueueFilter{}) {
		u.Pending++
		u.PendingByIndicator[p.Indicator]++
		if len(u.FirstPending) < 5 {
			u.FirstPending = append(u.FirstPending, p)
		}
	}
	for _, a := range m.appeals {
		if a.CycleID == id && a.State == zwgk.AppealOpen {
			u.OpenAppeals++
			if len(u.FirstAppeals) < 5 {
				u.FirstAppeals = append(u.FirstAppeals, a)
			}
		}
	}
	for code, fs := range m.findings[id] {
		for _, fd := range fs {
			if r := m.latestReview(id, code, fd.Indicator); r != nil && (r.Outcome != fd.Outcome || r.Fraction != fd.Fraction) {
				u.Unscored++
			}
		}
	}
	return u, nil
}

func (m *memBackend) AgencyReviews(ctx context.Context, id int64, agency string) ([]zwgk.Review, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []zwgk.Review
	for _, r := range m.reviews {
		if r.CycleID == id && (agency == "" || r.Agency == agency) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memBackend) AddReviews(ctx context.Context, rs []zwgk.Review, what string) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rs {
		if m.published(r.CycleID) {
			return nil, zwgk.ErrPublished
		}
		if !(r.Fraction >= 0 && r.Fraction <= 1) || !r.Outcome.Valid() {
			return nil, fmt.Errorf("review %s/%s: outcome %q fraction %v", r.Agency, r.Indicator, r.Outcome, r.Fraction)
		}
		found := false
		for _, f := range m.findings[r.CycleID][r.Agency] {
			found = found || f.Indicator == r.Indicator
		}
		if !found {
			return nil, fmt.Errorf("no finding %s/%s: %w", r.Agency, r.Indicator, ErrNotFound)
		}
	}
	var ids []int64
	for _, r := range rs {
		r.ID = int64(len(m.reviews) + 1)
		m.reviews = append(m.reviews, r)
		ids = append(ids, r.ID)
		m.audit = append(m.audit, AuditEntry{At: r.At, User: r.By, Action: "review.add", Object: r.Agency + "/" + r.Indicator})
	}
	if len(rs) > 0 {
		m.audit = append(m.audit, AuditEntry{At: rs[0].At, User: rs[0].By, Action: "review.bulk", Object: what})
	}
	return ids, nil
}

func (m *memBackend) FindingAgencies(ctx context.Context, id int64, f QueueFilter) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for code, fs := range m.findings[id] {
		a := m.agencies[code]
		if f.Level != "" && a.Level != f.Level || f.Region != "" && !f.Region.Contains(a.Region) {
			continue
		}
		for _, fd := range fs {
			if fd.Indicator == f.Indicator {
				out = append(out, code)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

func (m *memBackend) FileAppealWith(ctx context.Context, a zwgk.Appeal, files []Attachment) (int64, error) {
	id, err := m.FileAppeal(ctx, a)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range files {
		f.ID, f.Appeal, f.Size = int64(len(m.attachments)+1), id, int64(len(f.Data))
		m.attachments = append(m.attachments, f)
	}
	return id, nil
}

func (m *memBackend) Attachments(ctx context.Context, id int64, agency string) (map[int64][]Attachment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[int64][]Attachment{}
	for _, f := range m.attachments {
		for _, a := range m.appeals {
			if a.ID == f.Appeal && a.CycleID == id && (agency == "" || a.Agency == agency) {
				f.Data = nil
				out[a.ID] = append(out[a.ID], f)
			}
		}
	}
	return out, nil
}

func (m *memBackend) Attachment(ctx context.Context, id int64) (Attachment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range m.attachments {
		if f.ID == id {
			return f, nil
		}
	}
	return Attachment{}, ErrNotFound
}

// Cohort uses scoring's computation with a built-in framework (its grade
// bands and pass mark): the in-memory backend aggregates as the store does.
func (m *memBackend) Cohort(ctx context.Context, c zwgk.Cycle, cards []zwgk.Scorecard) (Cohort, error) {
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		return Cohort{}, err
	}
	return cohortOf(fw, cards), nil
}

func (m *memBackend) AppealWindowDays(ctx context.Context, c zwgk.Cycle) (int, error) {
	return defaultAppealWindowDays, nil
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

// Framework is a framework of testIndicators with the usual bands and
// indicators.Parse's §21 defaults, for the aggregates.
func (m *memBackend) Framework(ctx context.Context, c zwgk.Cycle) (*indicators.Framework, error) {
	fw := &indicators.Framework{ID: "mem", Version: "1", Title: "测试", Total: 100, NotApplicable: indicators.NARescale,
		Bands:     []indicators.Band{{Min: 85, Grade: "优秀"}, {Min: 75, Grade: "良好"}, {Min: 60, Grade: "合格"}, {Min: 0, Grade: "不合格"}},
		VetoGrade: "不合格", Appeals: indicators.Appeals{WindowDays: defaultAppealWindowDays}}
	var parent *indicators.Indicator
	for _, in := range m.indicators {
		ind := &indicators.Indicator{ID: in.ID, Name: in.Name, Points: in.Points, Kind: indicators.Kind(in.Kind)}
		if in.Depth == 1 {
			if !in.Leaf {
				ind.Kind = indicators.KindGroup
			}
			fw.Indicators = append(fw.Indicators, ind)
			parent = ind
		} else if parent != nil {
			parent.Children = append(parent.Children, ind)
		}
	}
	return fw, nil
}
