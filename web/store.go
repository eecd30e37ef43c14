package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/reports"
	"zwgk/store"
)

// StoreBackend is the Backend of a running portal: the store for data,
// users and sessions, and the cycle runner's Score and Publish (passed in
// as functions, so this package does not start crawlers or queues).
type StoreBackend struct {
	DB *store.DB
	// ScoreCycle re-scores a cycle (cycle.Runner.Score); PublishCycle
	// publishes it (cycle.Runner.Publish).
	ScoreCycle   func(ctx context.Context, name string) error
	PublishCycle func(ctx context.Context, name string, opts cycle.PublishOptions) (store.Unfinished, error)
	// ScoreAgencies re-scores some agencies of a cycle in review
	// (cycle.Runner.ScoreAgencies): a review or an appeal of one agency
	// then costs milliseconds on a national cohort, not a whole re-score.
	// Nil: every re-score is whole.
	ScoreAgencies func(ctx context.Context, name string, codes []string) error
}

var _ Backend = (*StoreBackend)(nil)

// notFound maps the store's not-found to the portal's.
func notFound(err error) error {
	if err != nil && errors.Is(err, store.ErrNotFound) && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%w (%w)", ErrNotFound, err)
	}
	return err
}

func (s *StoreBackend) Cycles(ctx context.Context) ([]zwgk.Cycle, error) { return s.DB.Cycles(ctx) }

func (s *StoreBackend) CycleByName(ctx context.Context, name string) (zwgk.Cycle, error) {
	c, err := s.DB.CycleByName(ctx, name)
	return c, notFound(err)
}

func (s *StoreBackend) Agency(ctx context.Context, code string) (zwgk.Agency, error) {
	a, err := s.DB.Agency(ctx, code)
	return a, notFound(err)
}

func (s *StoreBackend) Scorecards(ctx context.Context, id int64) ([]zwgk.Scorecard, error) {
	return s.DB.Scorecards(ctx, id)
}

func (s *StoreBackend) CardsSince(ctx context.Context, id, since int64) (CardChanges, error) {
	ch, err := s.DB.CardsSince(ctx, id, since)
	return ch, notFound(err)
}

func (s *StoreBackend) Scorecard(ctx context.Context, id int64, agency string) (zwgk.Scorecard, bool, error) {
	return s.DB.Scorecard(ctx, id, agency)
}

func (s *StoreBackend) Findings(ctx context.Context, id int64, agency string) ([]zwgk.Finding, error) {
	fs, err := s.DB.Findings(ctx, id, agency)
	return fs, notFound(err)
}

func (s *StoreBackend) Evidence(ctx context.Context, id int64, agency string) (zwgk.Evidence, bool, error) {
	ev, ok, err := s.DB.Evidence(ctx, id, agency)
	return ev, ok, notFound(err)
}

// framework is the cycle's frozen framework (the store parses it once).
func (s *StoreBackend) framework(ctx context.Context, c zwgk.Cycle) (*indicators.Framework, error) {
	fw, err := s.DB.Framework(ctx, c)
	return fw, notFound(err)
}

// Framework is the cycle's frozen framework.
func (s *StoreBackend) Framework(ctx context.Context, c zwgk.Cycle) (*indicators.Framework, error) {
	return s.framework(ctx, c)
}

// Indicators lists the indicators of the cycle's frozen framework.
func (s *StoreBackend) Indicators(ctx context.Context, c zwgk.Cycle) ([]IndicatorInfo, error) {
	fw, err := s.framework(ctx, c)
	if err != nil {
		return nil, err
	}
	return indicatorInfos(fw), nil
}

// ScorecardPDF writes the scorecard with reports.WriteScorecard, for
// Config.ScorecardPDF, from the same reports.ScorecardFor as the report
// folder (region by name, the assessor stored by zwgk report). Tier
// figures are included only when the viewer may see the cohort
// (in.Cohort); otherwise reports prints none.
func (s *StoreBackend) ScorecardPDF(ctx context.Context, w io.Writer, in PDFInput) error {
	fw, err := s.framework(ctx, in.Cycle)
	if err != nil {
		return err
	}
	ev, _, err := s.DB.Evidence(ctx, in.Cycle.ID, in.Agency.Code)
	if err != nil {
		return err
	}
	settings, err := s.DB.ReportSettings(ctx, in.Cycle.ID)
	if err != nil {
		return err
	}
	tiers := in.Tiers
	if in.Cohort && tiers == nil {
		cards, err := s.DB.Scorecards(ctx, in.Cycle.ID)
		if err != nil {
			return err
		}
		tiers = reports.TiersOf(cards)
	}
	return reports.WriteScorecard(w, reports.ScorecardFor(reports.ScorecardSource{Cycle: in.Cycle, Framework: fw, Agency: in.Agency,
		Card: in.Card, Findings: in.Findings, Evidence: ev, Tiers: tiers, Assessor: settings.Assessor}))
}

// indicatorInfos lists a framework's indicators; a group without points of
// its own counts its leaves' (bonus leaves excepted).
func indicatorInfos(fw *indicators.Framework) []IndicatorInfo {
	var sum func(ind *indicators.Indicator) float64
	sum = func(ind *indicators.Indicator) float64 {
		if len(ind.Children) == 0 {
			if ind.Kind == indicators.KindBonus {
				return 0
			}
			return ind.Points
		}
		if ind.Points > 0 {
			return ind.Points
		}
		t := 0.0
		for _, ch := range ind.Children {
			t += sum(ch)
		}
		return t
	}
	var out []IndicatorInfo
	fw.Walk(func(ind *indicators.Indicator, depth int) {
		out = append(out, IndicatorInfo{ID: ind.ID, Name: ind.Name, Points: sum(ind), Depth: depth,
			Leaf: len(ind.Children) == 0, Kind: string(ind.Kind)})
	})
	return out
}

func (s *StoreBackend) Appeals(ctx context.Context, id int64, agency string) ([]zwgk.Appeal, error) {
	return s.DB.Appeals(ctx, id, agency)
}

func (s *StoreBackend) Appeal(ctx context.Context, id int64) (zwgk.Appeal, error) {
	a, err := s.DB.Appeal(ctx, id)
	return a, notFound(err)
}

func (s *StoreBackend) FileAppeal(ctx context.Context, a zwgk.Appeal) (int64, error) {
	id, err := s.DB.FileAppeal(ctx, a)
	return id, notFound(err)
}

func (s *StoreBackend) DecideAppeal(ctx context.Context, id int64, accepted bool, by, decision string) error {
	return notFound(s.DB.DecideAppeal(ctx, id, accepted, by, decision))
}

func (s *StoreBackend) AcceptAppeal(ctx context.Context, id int64, r zwgk.Review, decision string) (int64, error) {
	rid, err := s.DB.AcceptAppeal(ctx, id, r, decision)
	return rid, notFound(err)
}

func (s *StoreBackend) AddReview(ctx context.Context, r zwgk.Review) (int64, error) {
	id, err := s.DB.AddReview(ctx, r)
	return id, notFound(err)
}

func (s *StoreBackend) Rescore(ctx context.Context, cycle, by string, agencies ...string) error {
	if len(agencies) > 0 && s.ScoreAgencies != nil {
		return notFound(s.ScoreAgencies(store.WithActor(ctx, by), cycle, agencies))
	}
	if s.ScoreCycle == nil {
		return errors.New("this portal cannot re-score (no cycle runner)")
	}
	return notFound(s.ScoreCycle(store.WithActor(ctx, by), cycle))
}

func (s *StoreBackend) Publish(ctx context.Context, name, by string, provisional bool) (Unfinished, error) {
	if s.PublishCycle == nil {
		return Unfinished{}, errors.New("this portal cannot publish (no cycle runner)")
	}
	u, err := s.PublishCycle(store.WithActor(ctx, by), name, cycle.PublishOptions{Provisional: provisional})
	return u, notFound(err)
}

func (s *StoreBackend) PendingFindings(ctx context.Context, id int64, f QueueFilter) ([]PendingFinding, int, error) {
	return s.DB.PendingFindings(ctx, id, f)
}

func (s *StoreBackend) PendingByIndicator(ctx context.Context, id int64) (map[string]int, error) {
	return s.DB.PendingByIndicator(ctx, id)
}

func (s *StoreBackend) Unfinished(ctx context.Context, id int64) (Unfinished, error) {
	return s.DB.Unfinished(ctx, id)
}

func (s *StoreBackend) AgencyReviews(ctx context.Context, id int64, agency string) ([]zwgk.Review, error) {
	return s.DB.AgencyReviews(ctx, id, agency)
}

func (s *StoreBackend) AddReviews(ctx context.Context, rs []zwgk.Review, what string) ([]int64, error) {
	ids, err := s.DB.AddReviews(ctx, rs, what)
	return ids, notFound(err)
}

func (s *StoreBackend) FindingAgencies(ctx context.Context, id int64, f QueueFilter) ([]string, error) {
	return s.DB.FindingAgencies(ctx, id, f)
}

func (s *StoreBackend) FileAppealWith(ctx context.Context, a zwgk.Appeal, files []Attachment) (int64, error) {
	id, err := s.DB.FileAppealWith(ctx, a, files)
	return id, notFound(err)
}

func (s *StoreBackend) Attachments(ctx context.Context, id int64, agency string) (map[int64][]Attachment, error) {
	return s.DB.Attachments(ctx, id, agency)
}

func (s *StoreBackend) Attachment(ctx context.Context, id int64) (Attachment, error) {
	a, err := s.DB.Attachment(ctx, id)
	return a, notFound(err)
}

// Cohort aggregates the cards with the cycle's frozen framework.
func (s *StoreBackend) Cohort(ctx context.Context, c zwgk.Cycle, cards []zwgk.Scorecard) (Cohort, error) {
	fw, err := s.framework(ctx, c)
	if err != nil {
		return Cohort{}, err
	}
	return cohortOf(fw, cards), nil
}

// AppealWindowDays is the cycle framework's appeal window.
func (s *StoreBackend) AppealWindowDays(ctx context.Context, c zwgk.Cycle) (int, error) {
	fw, err := s.framework(ctx, c)
	if err != nil {
		return 0, err
	}
	return appealWindowDays(fw), nil
}

func fromStoreUser(u store.User) User {
	return User{ID: u.ID, Name: u.Name, Role: Role(u.Role), PasswordHash: u.PasswordHash, Agencies: u.Agencies}
}

func (s *StoreBackend) UserByName(ctx context.Context, name string) (User, error) {
	u, err := s.DB.UserByName(ctx, name)
	return fromStoreUser(u), notFound(err)
}

func (s *StoreBackend) CreateSession(ctx context.Context, user, token string, exp time.Time) error {
	return s.DB.CreateSession(ctx, user, token, exp)
}

func (s *StoreBackend) SessionUser(ctx context.Context, token string) (User, time.Time, error) {
	u, exp, err := s.DB.SessionUser(ctx, token)
	return fromStoreUser(u), exp, notFound(err)
}

func (s *StoreBackend) DeleteSession(ctx context.Context, token string) error {
	return s.DB.DeleteSession(ctx, token)
}

func (s *StoreBackend) Audit(ctx context.Context, e AuditEntry) error {
	se := store.AuditEntry{At: e.At, Who: e.User, Action: e.Action, Object: e.Object}
	if e.Before != "" {
		se.Before = e.Before
	}
	if e.After != "" {
		se.After = e.After
	}
	return s.DB.Audit(ctx, se)
}

// AuditLog shows the store's JSON before/after as compact text.
func (s *StoreBackend) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	es, err := s.DB.AuditLog(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]AuditEntry, len(es))
	for i, e := range es {
		out[i] = AuditEntry{At: e.At, User: e.Who, Action: e.Action, Object: e.Object, Before: auditText(e.Before), After: auditText(e.After)}
	}
	return out, nil
}

func auditText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case json.RawMessage:
		var s string
		if json.Unmarshal(x, &s) == nil {
			return s
		}
		return string(x)
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}
