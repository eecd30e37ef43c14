package cycle

import (
	"context"
	"time"

	"zwgk"
	"zwgk/indicators"
)

// beijing is the zone the request register's days are days of.
var beijing = time.FixedZone("CST", 8*3600)

// requestInputs is the request-test register of a cycle as the scorer
// lays it into each agency's evidence: read once per scoring, and only
// when the framework has a request_test rule.
type requestInputs struct {
	cal   zwgk.WorkCalendar
	today zwgk.Date
	tests map[string][]zwgk.RequestTest
}

func (r *Runner) requestInputs(ctx context.Context, c zwgk.Cycle, fw *indicators.Framework) (*requestInputs, error) {
	if !fw.NeedsRequestTests() {
		return nil, nil
	}
	cal, err := r.store.WorkCalendar(ctx)
	if err != nil {
		return nil, err
	}
	tests, err := r.store.RequestTestsByAgency(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	// Requests are judged as of today: one still within its deadline is
	// pending, whatever the cycle's as-of date.
	return &requestInputs{cal: cal, today: zwgk.DateOf(r.now().In(beijing)), tests: tests}, nil
}

// lay puts the agency's register into its evidence.
func (q *requestInputs) lay(ev *zwgk.Evidence, agency string) {
	if q == nil {
		return
	}
	ev.Requests = &zwgk.RequestRegister{Tests: q.tests[agency], Today: q.today, Calendar: q.cal}
}
