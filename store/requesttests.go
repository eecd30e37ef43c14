package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zwgk"
	"zwgk/workdays"
)

// The request-test register (依申请公开测试): requests an assessor filed,
// their answers, and the holiday years a bureau loaded. Every change is
// audited with the state before and after.

// FieldError is a request test refused for one field; Field is the
// column name the CLI's CSV and the portal's form use.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// china is the zone request dates are days of: "today" is Beijing's.
var china = time.FixedZone("CST", 8*3600)

type requestRow struct {
	ID         int64     `db:"id"`
	CycleID    int64     `db:"cycle_id"`
	Agency     string    `db:"agency"`
	Channel    string    `db:"channel"`
	SentOn     string    `db:"sent_on"`
	ReceivedOn string    `db:"received_on"`
	Content    string    `db:"content"`
	Reference  string    `db:"reference"`
	Assessor   string    `db:"assessor"`
	ExtendedOn string    `db:"extended_on"`
	AnsweredOn string    `db:"answered_on"`
	ReplyForm  string    `db:"reply_form"`
	Quality    string    `db:"quality"`
	Notes      string    `db:"notes"`
	AnsweredBy string    `db:"answered_by"`
	CreatedAt  time.Time `db:"created_at"`
	UpdatedAt  time.Time `db:"updated_at"`
}

const requestCols = "id, cycle_id, agency, channel, sent_on, received_on, content, reference, assessor, extended_on, answered_on, reply_form, quality, notes, answered_by, created_at, updated_at"

func (r requestRow) test() zwgk.RequestTest {
	day := func(s string) zwgk.Date { d, _ := zwgk.ParseDate(s); return d }
	t := zwgk.RequestTest{ID: r.ID, CycleID: r.CycleID, Agency: r.Agency, Channel: zwgk.RequestChannel(r.Channel),
		SentOn: day(r.SentOn), ReceivedOn: day(r.ReceivedOn), Content: r.Content, Reference: r.Reference,
		Assessor: r.Assessor, ExtendedOn: day(r.ExtendedOn)}
	if r.AnsweredOn != "" {
		t.Answer = &zwgk.RequestAnswer{On: day(r.AnsweredOn), Form: zwgk.ReplyForm(r.ReplyForm), Quality: zwgk.ReplyQuality(r.Quality),
			Notes: r.Notes, By: r.AnsweredBy}
	}
	return t
}

// Limits of a request's free text.
const (
	maxRequestContent = 2000
	maxReference      = 200
)

// checkRequest validates a request test against the calendar and today
// (Beijing): the first fault found, naming its field.
func checkRequest(t *zwgk.RequestTest, cal zwgk.WorkCalendar, today zwgk.Date) error {
	bad := func(field, format string, a ...any) error { return &FieldError{field, fmt.Sprintf(format, a...)} }
	if t.Agency = strings.TrimSpace(t.Agency); t.Agency == "" {
		return bad("agency", "required")
	}
	if !t.Channel.Valid() {
		names := make([]string, len(zwgk.RequestChannels))
		for i, c := range zwgk.RequestChannels {
			names[i] = string(c)
		}
		return bad("channel", "%q is not a channel (one of %s)", t.Channel, strings.Join(names, ", "))
	}
	covered := func(field string, d zwgk.Date) error {
		if !cal.Covers(d.Year) {
			return bad(field, "%s: the working-day calendar does not cover %d; load the State Council's arrangement first (zwgk requests calendar-load)", d, d.Year)
		}
		return nil
	}
	future := func(field string, d zwgk.Date) error {
		if d.After(today) {
			return bad(field, "%s is after today (%s)", d, today)
		}
		return nil
	}
	if t.SentOn.IsZero() {
		return bad("sent_on", "required (YYYY-MM-DD)")
	}
	if err := covered("sent_on", t.SentOn); err != nil {
		return err
	}
	if err := future("sent_on", t.SentOn); err != nil {
		return err
	}
	if !t.ReceivedOn.IsZero() {
		if t.ReceivedOn.Before(t.SentOn) {
			return bad("received_on", "%s is before the request was sent (%s)", t.ReceivedOn, t.SentOn)
		}
		if err := covered("received_on", t.ReceivedOn); err != nil {
			return err
		}
		if err := future("received_on", t.ReceivedOn); err != nil {
			return err
		}
	}
	if t.Content = bound(strings.TrimSpace(t.Content), maxRequestContent); t.Content == "" {
		return bad("content", "required: what information was requested")
	}
	t.Reference = bound(strings.TrimSpace(t.Reference), maxReference)
	if t.Assessor = strings.TrimSpace(t.Assessor); t.Assessor == "" {
		return bad("assessor", "required")
	}
	if !t.ExtendedOn.IsZero() {
		if t.ExtendedOn.Before(t.Start()) {
			return bad("extended_on", "%s is before the request was received (%s)", t.ExtendedOn, t.Start())
		}
		if err := future("extended_on", t.ExtendedOn); err != nil {
			return err
		}
	}
	if a := t.Answer; a != nil {
		switch {
		case a.On.IsZero():
			return bad("answered_on", "required with an answer (YYYY-MM-DD)")
		case a.On.Before(t.SentOn):
			return bad("answered_on", "%s is before the request was sent (%s)", a.On, t.SentOn)
		case a.On.Before(t.Start()):
			return bad("answered_on", "%s is before the request was received (%s)", a.On, t.Start())
		case !t.ExtendedOn.IsZero() && t.ExtendedOn.After(a.On):
			return bad("extended_on", "%s is after the answer (%s)", t.ExtendedOn, a.On)
		}
		if err := future("answered_on", a.On); err != nil {
			return err
		}
		if !a.Form.Valid() {
			names := make([]string, len(zwgk.ReplyForms))
			for i, f := range zwgk.ReplyForms {
				names[i] = string(f)
			}
			return bad("form", "%q is not a reply form (one of %s)", a.Form, strings.Join(names, ", "))
		}
		if !a.Quality.Valid() {
			return bad("quality", "%q is not a rating (good, fair, poor, or empty while unrated)", a.Quality)
		}
		a.Notes = bound(strings.TrimSpace(a.Notes), maxText)
		if a.By = strings.TrimSpace(a.By); a.By == "" {
			a.By = t.Assessor
		}
	}
	return nil
}

// today is the day in Beijing by the store's clock.
func (db *DB) today() zwgk.Date { return zwgk.DateOf(db.now().In(china)) }

// checkAgencyInCycle refuses an agency unknown or not assessed in the
// cycle, and a published cycle.
func (db *DB) checkAgencyInCycle(ctx context.Context, tx *sqlx.Tx, t zwgk.RequestTest) error {
	if err := db.writable(ctx, tx, t.CycleID); err != nil {
		return err
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind("SELECT COUNT(*) FROM agencies WHERE code = ?"), t.Agency); err != nil {
		return fmt.Errorf("agency %s: %w", t.Agency, err)
	}
	if n == 0 {
		return &FieldError{"agency", fmt.Sprintf("%q: no such agency", t.Agency)}
	}
	if err := tx.GetContext(ctx, &n, tx.Rebind("SELECT COUNT(*) FROM enrolments WHERE cycle_id = ? AND agency = ?"), t.CycleID, t.Agency); err != nil {
		return fmt.Errorf("agency %s: %w", t.Agency, err)
	}
	if n == 0 {
		return &FieldError{"agency", fmt.Sprintf("%q is not assessed in cycle %d", t.Agency, t.CycleID)}
	}
	return nil
}

// auditView is what the audit log keeps of a request test.
func auditView(t zwgk.RequestTest) map[string]any {
	m := map[string]any{"agency": t.Agency, "channel": t.Channel, "sent_on": t.SentOn, "received_on": t.ReceivedOn,
		"content": t.Content, "reference": t.Reference, "assessor": t.Assessor, "extended_on": t.ExtendedOn}
	if a := t.Answer; a != nil {
		m["answered_on"], m["form"], m["quality"], m["notes"], m["answered_by"] = a.On, a.Form, a.Quality, a.Notes, a.By
	}
	return m
}

func requestObject(t zwgk.RequestTest) string {
	return fmt.Sprintf("cycle/%d/agency/%s/request/%d", t.CycleID, t.Agency, t.ID)
}

// AddRequestTest logs a request an assessor filed (with its answer, when
// the assessor logs both at once), audited. A field the register cannot
// take is a *FieldError naming it.
func (db *DB) AddRequestTest(ctx context.Context, t zwgk.RequestTest) (zwgk.RequestTest, error) {
	cal, err := db.WorkCalendar(ctx)
	if err != nil {
		return t, err
	}
	if err := checkRequest(&t, cal, db.today()); err != nil {
		return t, fmt.Errorf("request test: %w", err)
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.checkAgencyInCycle(ctx, tx, t); err != nil {
			return err
		}
		at := db.stamp()
		r := rowOf(t)
		if err := tx.GetContext(ctx, &t.ID, tx.Rebind(`INSERT INTO request_tests (cycle_id, agency, channel, sent_on, received_on, content, reference, assessor,
			extended_on, answered_on, reply_form, quality, notes, answered_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), r.CycleID, r.Agency, r.Channel, r.SentOn, r.ReceivedOn, r.Content,
			r.Reference, r.Assessor, r.ExtendedOn, r.AnsweredOn, r.ReplyForm, r.Quality, r.Notes, r.AnsweredBy, at, at); err != nil {
			return fmt.Errorf("add request test: %w", err)
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, t.Assessor), Action: "request_test.add", Object: requestObject(t), After: auditView(t)})
	})
	if err != nil {
		return t, fmt.Errorf("request test: %w", err)
	}
	return t, nil
}

func rowOf(t zwgk.RequestTest) requestRow {
	r := requestRow{CycleID: t.CycleID, Agency: t.Agency, Channel: string(t.Channel), SentOn: t.SentOn.String(), ReceivedOn: t.ReceivedOn.String(),
		Content: t.Content, Reference: t.Reference, Assessor: t.Assessor, ExtendedOn: t.ExtendedOn.String()}
	if a := t.Answer; a != nil {
		r.AnsweredOn, r.ReplyForm, r.Quality, r.Notes, r.AnsweredBy = a.On.String(), string(a.Form), string(a.Quality), a.Notes, a.By
	}
	return r
}

// UpdateRequestTest replaces a logged request by its ID — the answer as
// it comes, an extension notice, a corrected date — validated as
// AddRequestTest, audited with the state before. The cycle and the
// agency of a request do not change.
func (db *DB) UpdateRequestTest(ctx context.Context, t zwgk.RequestTest) (zwgk.RequestTest, error) {
	cal, err := db.WorkCalendar(ctx)
	if err != nil {
		return t, err
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		var old requestRow
		if err := tx.GetContext(ctx, &old, tx.Rebind("SELECT "+requestCols+" FROM request_tests WHERE id = ?"+db.lockUpdate()), t.ID); err != nil {
			return notFound(err, fmt.Sprintf("request test %d", t.ID))
		}
		before := old.test()
		t.CycleID, t.Agency = before.CycleID, before.Agency
		if err := checkRequest(&t, cal, db.today()); err != nil {
			return err
		}
		if err := db.writable(ctx, tx, t.CycleID); err != nil {
			return err
		}
		r := rowOf(t)
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE request_tests SET channel = ?, sent_on = ?, received_on = ?, content = ?, reference = ?, assessor = ?,
			extended_on = ?, answered_on = ?, reply_form = ?, quality = ?, notes = ?, answered_by = ?, updated_at = ? WHERE id = ?`),
			r.Channel, r.SentOn, r.ReceivedOn, r.Content, r.Reference, r.Assessor, r.ExtendedOn, r.AnsweredOn, r.ReplyForm, r.Quality, r.Notes, r.AnsweredBy,
			db.stamp(), t.ID); err != nil {
			return fmt.Errorf("update request test %d: %w", t.ID, err)
		}
		who := t.Assessor
		if t.Answer != nil {
			who = t.Answer.By
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, who), Action: "request_test.update", Object: requestObject(t),
			Before: auditView(before), After: auditView(t)})
	})
	if err != nil {
		return t, fmt.Errorf("request test %d: %w", t.ID, err)
	}
	return t, nil
}

// RequestTest is one logged request by ID.
func (db *DB) RequestTest(ctx context.Context, id int64) (zwgk.RequestTest, error) {
	var r requestRow
	if err := db.X.GetContext(ctx, &r, db.X.Rebind("SELECT "+requestCols+" FROM request_tests WHERE id = ?"), id); err != nil {
		return zwgk.RequestTest{}, notFound(err, fmt.Sprintf("request test %d", id))
	}
	return r.test(), nil
}

// RequestTests are a cycle's logged requests for an agency ("" for every
// agency), by agency then in the order logged.
func (db *DB) RequestTests(ctx context.Context, cycleID int64, agency string) ([]zwgk.RequestTest, error) {
	var rows []requestRow
	q, args := "SELECT "+requestCols+" FROM request_tests WHERE cycle_id = ?", []any{cycleID}
	if agency != "" {
		q, args = q+" AND agency = ?", append(args, agency)
	}
	if err := db.X.SelectContext(ctx, &rows, db.X.Rebind(q+" ORDER BY agency, id"), args...); err != nil {
		return nil, fmt.Errorf("request tests of cycle %d: %w", cycleID, err)
	}
	out := make([]zwgk.RequestTest, len(rows))
	for i, r := range rows {
		out[i] = r.test()
	}
	return out, nil
}

// RequestTestsByAgency are a cycle's logged requests keyed by agency.
func (db *DB) RequestTestsByAgency(ctx context.Context, cycleID int64) (map[string][]zwgk.RequestTest, error) {
	all, err := db.RequestTests(ctx, cycleID, "")
	if err != nil {
		return nil, err
	}
	out := map[string][]zwgk.RequestTest{}
	for _, t := range all {
		out[t.Agency] = append(out[t.Agency], t)
	}
	return out, nil
}

// WorkdayYear is a holiday arrangement a bureau loaded.
type WorkdayYear struct {
	Year   int       `db:"year" json:"year"`
	Source string    `db:"source" json:"source"`
	Body   string    `db:"body" json:"-"`
	By     string    `db:"by_user" json:"by"`
	At     time.Time `db:"at" json:"at"`
}

// LoadWorkdayYear validates a year's arrangement (workdays.Load; name is
// the file's name for errors) and keeps it, replacing an earlier load of
// the same year, audited. The built-in year of the same number gives way
// to it.
func (db *DB) LoadWorkdayYear(ctx context.Context, name string, body []byte, by string) (WorkdayYear, error) {
	y, err := workdays.Parse(name, body)
	if err != nil {
		return WorkdayYear{}, err
	}
	year, source := y.Number, y.Source
	w := WorkdayYear{Year: year, Source: source, Body: string(body), By: actor(ctx, by), At: db.stamp()}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		var old WorkdayYear
		err := tx.GetContext(ctx, &old, tx.Rebind("SELECT year, source, body, by_user, at FROM workday_years WHERE year = ?"), year)
		var before any
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("workday year %d: %w", year, err)
		default:
			before = map[string]any{"source": old.Source, "by": old.By}
			if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM workday_years WHERE year = ?"), year); err != nil {
				return fmt.Errorf("workday year %d: %w", year, err)
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO workday_years (year, source, body, by_user, at) VALUES (?, ?, ?, ?, ?)"),
			w.Year, w.Source, w.Body, w.By, w.At); err != nil {
			return fmt.Errorf("workday year %d: %w", year, err)
		}
		return db.audit(ctx, tx, AuditEntry{Who: w.By, Action: "calendar.load", Object: fmt.Sprintf("calendar/%d", year),
			Before: before, After: map[string]any{"source": w.Source, "file": name}})
	})
	return w, err
}

// WorkdayYears are the loaded years, in order.
func (db *DB) WorkdayYears(ctx context.Context) ([]WorkdayYear, error) {
	var out []WorkdayYear
	if err := db.X.SelectContext(ctx, &out, "SELECT year, source, body, by_user, at FROM workday_years ORDER BY year"); err != nil {
		return nil, fmt.Errorf("workday years: %w", err)
	}
	return out, nil
}

// WorkCalendar is the built-in calendar with the loaded years laid over
// it. A stored year that no longer validates is an error naming it, not
// a year silently dropped.
func (db *DB) WorkCalendar(ctx context.Context) (*workdays.Calendar, error) {
	ys, err := db.WorkdayYears(ctx)
	if err != nil {
		return nil, err
	}
	cal := workdays.Builtin()
	for _, y := range ys {
		if err := cal.Load(fmt.Sprintf("stored calendar %d", y.Year), []byte(y.Body)); err != nil {
			return nil, err
		}
	}
	return cal, nil
}
