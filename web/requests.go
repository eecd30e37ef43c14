package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zwgk"
	"zwgk/store"
)

// The request-test register (依申请公开测试, issue 19): assessors log the
// information requests they filed with agencies and the replies; an
// agency sees its own requests, and how each stands, on its scorecard.

// The register's actions, in the one authorisation table.
const (
	ActRequestRegister Action = "request-register" // the cycle's register, every agency
	ActLogRequest      Action = "log-request"      // log a request or its reply
	ActViewRequests    Action = "view-requests"    // one agency's requests
)

func init() {
	pageNames = append(pageNames, "requests")
	policies[ActRequestRegister] = policy{
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all},
	}
	policies[ActLogRequest] = policy{
		write:       true,
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
	}
	policies[ActViewRequests] = policy{
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: own},
	}
	funcs["channelsCN"] = func() []struct{ Code, Name string } {
		var out []struct{ Code, Name string }
		for _, c := range zwgk.RequestChannels {
			out = append(out, struct{ Code, Name string }{string(c), c.Chinese()})
		}
		return out
	}
	funcs["formsCN"] = func() []struct{ Code, Name string } {
		var out []struct{ Code, Name string }
		for _, f := range zwgk.ReplyForms {
			out = append(out, struct{ Code, Name string }{string(f), f.Chinese()})
		}
		return out
	}
}

// RequestBackend is what the register needs of a Backend; StoreBackend
// has it. Without it the register is empty and refuses entries.
type RequestBackend interface {
	RequestTests(ctx context.Context, cycleID int64, agency string) ([]zwgk.RequestTest, error)
	RequestTest(ctx context.Context, id int64) (zwgk.RequestTest, error)
	AddRequestTest(ctx context.Context, t zwgk.RequestTest) (zwgk.RequestTest, error)
	UpdateRequestTest(ctx context.Context, t zwgk.RequestTest) (zwgk.RequestTest, error)
	WorkCalendar(ctx context.Context) (zwgk.WorkCalendar, error)
}

func (s *StoreBackend) RequestTests(ctx context.Context, id int64, agency string) ([]zwgk.RequestTest, error) {
	return s.DB.RequestTests(ctx, id, agency)
}

func (s *StoreBackend) RequestTest(ctx context.Context, id int64) (zwgk.RequestTest, error) {
	t, err := s.DB.RequestTest(ctx, id)
	return t, notFound(err)
}

func (s *StoreBackend) AddRequestTest(ctx context.Context, t zwgk.RequestTest) (zwgk.RequestTest, error) {
	return s.DB.AddRequestTest(ctx, t)
}

func (s *StoreBackend) UpdateRequestTest(ctx context.Context, t zwgk.RequestTest) (zwgk.RequestTest, error) {
	return s.DB.UpdateRequestTest(ctx, t)
}

func (s *StoreBackend) WorkCalendar(ctx context.Context) (zwgk.WorkCalendar, error) {
	return s.DB.WorkCalendar(ctx)
}

var _ RequestBackend = (*StoreBackend)(nil)

func (s *server) requestRoutes() {
	s.page("GET /cycles/{cycle}/requests", s.requestsPage)
	s.page("POST /cycles/{cycle}/requests", s.addRequestPage)
	s.page("POST /cycles/{cycle}/requests/{id}", s.answerRequestPage)
}

// requestRow is a request with where it stands today.
type requestRow struct {
	zwgk.RequestTest
	AgencyName string                `json:"agency_name,omitempty"`
	J          zwgk.RequestJudgement `json:"judgement"`
}

// requestForm is what the assessor typed, shown again with the error.
type requestForm struct {
	Agency, Channel, Sent, Received, Content, Reference string
}

type requestsView struct {
	C        zwgk.Cycle   `json:"-"`
	Rows     []requestRow `json:"requests"`
	Agencies []zwgk.Agency
	CanLog   bool
	Form     requestForm
	Message  string
	Error    string
}

func (v requestsView) title() string      { return "依申请公开测试 · " + v.C.Name }
func (v requestsView) cycle() *zwgk.Cycle { return &v.C }

// beijingToday is today's date in Beijing: request days are Beijing's.
func beijingToday() zwgk.Date { return zwgk.DateOf(time.Now().In(time.FixedZone("CST", 8*3600))) }

// requestRows reads and judges a cycle's requests (of one agency, or all).
func (s *server) requestRows(ctx context.Context, c zwgk.Cycle, agency string) ([]requestRow, error) {
	rb, ok := s.b.(RequestBackend)
	if !ok {
		return nil, nil
	}
	ts, err := rb.RequestTests(ctx, c.ID, agency)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	cal, err := rb.WorkCalendar(ctx)
	if err != nil {
		return nil, err
	}
	today := beijingToday()
	out := make([]requestRow, len(ts))
	for i, t := range ts {
		out[i] = requestRow{RequestTest: t, J: zwgk.JudgeRequest(t, cal, today, 20, 20)}
	}
	return out, nil
}

func (s *server) requestsData(r *http.Request, rq *request, c zwgk.Cycle) (requestsView, error) {
	v := requestsView{C: c}
	rows, err := s.requestRows(r.Context(), c, "")
	if err != nil {
		return v, err
	}
	cards, err := s.scorecards(r.Context(), c)
	if err != nil {
		return v, err
	}
	names := map[string]string{}
	for _, cd := range cards {
		names[cd.Agency] = cd.Name
		v.Agencies = append(v.Agencies, zwgk.Agency{Code: cd.Agency, Name: cd.Name})
	}
	for i := range rows {
		rows[i].AgencyName = names[rows[i].Agency]
	}
	v.Rows = rows
	_, hasBackend := s.b.(RequestBackend)
	v.CanLog = hasBackend && c.State != zwgk.CyclePublished && (rq.user.Role == RoleAssessor || rq.user.Role == RoleAdmin)
	return v, nil
}

func (s *server) requestsPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActRequestRegister, Object{Cycle: &c}, false) {
		return
	}
	v, err := s.requestsData(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	if r.URL.Query().Get("saved") != "" {
		v.Message = "已保存，并记入审计日志。"
	}
	s.render(w, r, rq, http.StatusOK, "requests", v)
}

// fieldCN names a register field for the assessor.
var fieldCN = map[string]string{
	"agency": "被测单位", "channel": "申请渠道", "sent_on": "申请日期", "received_on": "收到申请日期", "content": "申请内容",
	"assessor": "评估人员", "extended_on": "延期告知日期", "answered_on": "答复日期", "form": "答复形式", "quality": "规范性",
}

// refusal turns a store refusal into a message naming the field.
func refusal(err error) (string, bool) {
	var fe *store.FieldError
	if errors.As(err, &fe) {
		name := fieldCN[fe.Field]
		if name == "" {
			name = fe.Field
		}
		return fmt.Sprintf("%s（%s）有误：%s", name, fe.Field, fe.Msg), true
	}
	return "", false
}

func formDate(r *http.Request, field, what string) (zwgk.Date, error) {
	s := strings.TrimSpace(r.PostFormValue(field))
	if s == "" {
		return zwgk.Date{}, nil
	}
	d, err := zwgk.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("%s应为 YYYY-MM-DD 格式的日期。", what)
	}
	return d, nil
}

func formText(r *http.Request, field string, n int) string {
	s := strings.TrimSpace(r.PostFormValue(field))
	if !utf8.ValidString(s) {
		return ""
	}
	if rs := []rune(s); len(rs) > n {
		s = string(rs[:n])
	}
	return s
}

func (s *server) addRequestPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok {
		return
	}
	f := requestForm{Agency: formText(r, "agency", 64), Channel: formText(r, "channel", 32), Sent: formText(r, "sent_on", 10),
		Received: formText(r, "received_on", 10), Content: formText(r, "content", 2000), Reference: formText(r, "reference", 200)}
	if f.Agency == "" {
		f.Agency = "-" // a per-agency action needs an agency: the store names the missing one
	}
	if !s.allowed(w, r, rq, ActLogRequest, Object{Cycle: &c, Agency: f.Agency}, false) {
		return
	}
	redisplay := func(msg string) {
		v, err := s.requestsData(r, rq, c)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		v.Form, v.Error = f, msg
		s.render(w, r, rq, http.StatusBadRequest, "requests", v)
	}
	rb, ok := s.b.(RequestBackend)
	if !ok {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	t := zwgk.RequestTest{CycleID: c.ID, Agency: f.Agency, Channel: zwgk.RequestChannel(f.Channel), Content: f.Content, Reference: f.Reference, Assessor: rq.user.Name}
	var err error
	if t.SentOn, err = formDate(r, "sent_on", "申请日期"); err != nil {
		redisplay(err.Error())
		return
	}
	if t.ReceivedOn, err = formDate(r, "received_on", "收到申请日期"); err != nil {
		redisplay(err.Error())
		return
	}
	if _, err := rb.AddRequestTest(store.WithActor(r.Context(), rq.user.Name), t); err != nil {
		if msg, ok := refusal(err); ok {
			redisplay(msg)
			return
		}
		s.pageError(w, r, rq, err)
		return
	}
	s.afterRequestChange(w, r, rq, c, t.Agency)
}

// afterRequestChange re-scores the agency of a cycle in review (the
// scorecard follows the register at once) and shows the register again.
func (s *server) afterRequestChange(w http.ResponseWriter, r *http.Request, rq *request, c zwgk.Cycle, agency string) {
	if c.State == zwgk.CycleReview {
		if err := s.b.Rescore(r.Context(), c.Name, rq.user.Name, agency); err != nil {
			// The entry is stored: the next score run applies it.
			s.log.Error("portal", "rescore after request test", c.Name, "agency", agency, "err", err)
		}
	}
	http.Redirect(w, r, "/cycles/"+url.PathEscape(c.Name)+"/requests?saved=1", http.StatusSeeOther)
}

func (s *server) answerRequestPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok {
		return
	}
	rb, hasBackend := s.b.(RequestBackend)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || !hasBackend {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	t, err := rb.RequestTest(r.Context(), id)
	if err != nil || t.CycleID != c.ID {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	if !s.allowed(w, r, rq, ActLogRequest, Object{Cycle: &c, Agency: t.Agency}, false) {
		return
	}
	redisplay := func(msg string) {
		v, err := s.requestsData(r, rq, c)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		v.Error = fmt.Sprintf("申请 #%d：%s", id, msg)
		s.render(w, r, rq, http.StatusBadRequest, "requests", v)
	}
	ext, err := formDate(r, "extended_on", "延期告知日期")
	if err != nil {
		redisplay(err.Error())
		return
	}
	if !ext.IsZero() {
		t.ExtendedOn = ext
	}
	on, err := formDate(r, "answered_on", "答复日期")
	if err != nil {
		redisplay(err.Error())
		return
	}
	if !on.IsZero() {
		t.Answer = &zwgk.RequestAnswer{On: on, Form: zwgk.ReplyForm(formText(r, "form", 32)), Quality: zwgk.ReplyQuality(formText(r, "quality", 16)),
			Notes: formText(r, "notes", 2000), By: rq.user.Name}
	} else if ext.IsZero() {
		redisplay("请填写答复日期或延期告知日期。")
		return
	}
	if _, err := rb.UpdateRequestTest(store.WithActor(r.Context(), rq.user.Name), t); err != nil {
		if msg, ok := refusal(err); ok {
			redisplay(msg)
			return
		}
		s.pageError(w, r, rq, err)
		return
	}
	s.afterRequestChange(w, r, rq, c, t.Agency)
}

// agencyRequests are an agency's requests for its scorecard page, when
// the user may see them (nil otherwise).
func (s *server) agencyRequests(ctx context.Context, rq *request, c zwgk.Cycle, code string) ([]requestRow, error) {
	if Authorize(rq.user, ActViewRequests, Object{Cycle: &c, Agency: code}) != Allow {
		return nil, nil
	}
	return s.requestRows(ctx, c, code)
}
