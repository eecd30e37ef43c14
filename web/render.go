package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"zwgk"
)

type pageTemplate struct{ t *template.Template }

var pageNames = []string{"login", "error", "cycles", "ranking", "regions", "scorecard", "evidence", "snapshot", "rectification", "cohortrect", "appeals", "audit", "queue", "notices"}

var funcs = template.FuncMap{
	"f2":  func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"f1":  func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) },
	// pct1 is a share with one decimal, rounded as the reports round it.
	"pct1":      func(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/10, 'f', 1, 64) + "%" },
	"roleCN":    func(r Role) string { return r.Chinese() },
	"stateCN":   func(s zwgk.CycleState) string { return s.Chinese() },
	"levelCN":   func(l zwgk.Level) string { return l.Chinese() },
	"tierCN":    func(t string) string { return zwgk.Level(t).Chinese() },
	"outcomeCN": func(o zwgk.Outcome) string { return o.Chinese() },
	"causeCN":   func(c zwgk.Cause) string { return c.Chinese() },
	"appealCN": func(s zwgk.AppealState) string {
		switch s {
		case zwgk.AppealOpen:
			return "待处理"
		case zwgk.AppealAccepted:
			return "已采纳"
		case zwgk.AppealRejected:
			return "未采纳"
		}
		return string(s)
	},
	"province": provinceName,
	"delta": func(d *float64) string {
		if d == nil {
			return "—"
		}
		return fmt.Sprintf("%+.2f", *d)
	},
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
	"date":       func(d zwgk.Date) string { return d.String() },
	"pathEscape": url.PathEscape,
	// webURL keeps only http(s) links of crawled or filed URLs; anything
	// else is shown as text, never as a link.
	"webURL": webURL,
	"add":    func(a, b int) int { return a + b },
	// cst shows a time in China Standard Time, labelled.
	"cst": cstTime,
	"cstp": func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return cstTime(*t)
	},
	"kb": func(n int64) string {
		if n >= 1<<20 {
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		}
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	},
	"isImage": func(ct string) bool { return strings.HasPrefix(ct, "image/") },
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func parsePages() (map[string]*pageTemplate, error) {
	out := map[string]*pageTemplate{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = &pageTemplate{t: t}
	}
	return out, nil
}

// view is what every page template gets.
type view struct {
	User  *User
	CSRF  string
	Title string
	Nav   string // which menu entry is current
	Cycle *zwgk.Cycle
	Data  any
	// Body is the page's content when it was rendered before (kept, see
	// cardpage.go); the layout shows it instead of its "content".
	Body template.HTML
	// The cycle's menu entries the user may open: the menu offers no link
	// that would answer 403.
	CanRank, CanQueue, CanNotices bool
}

func (s *server) render(w http.ResponseWriter, r *http.Request, rq *request, status int, name string, data any) {
	v := view{Data: data}
	if rq != nil {
		v.User, v.CSRF = rq.user, rq.csrf
	}
	if d, ok := data.(interface{ title() string }); ok {
		v.Title = d.title()
	}
	if d, ok := data.(interface{ cycle() *zwgk.Cycle }); ok {
		v.Cycle = d.cycle()
	}
	if d, ok := data.(interface{ body() template.HTML }); ok {
		v.Body = d.body()
	}
	if v.Cycle != nil && v.User != nil {
		obj := Object{Cycle: v.Cycle}
		v.CanRank = Authorize(v.User, ActViewRanking, obj) == Allow
		v.CanQueue = Authorize(v.User, ActReviewQueue, obj) == Allow
		v.CanNotices = Authorize(v.User, ActViewNotices, obj) == Allow
	}
	v.Nav = name
	var buf bytes.Buffer
	if err := s.pages[name].t.Execute(&buf, v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorView struct {
	Status  int
	Heading string
	Message string
}

func (e errorView) title() string { return e.Heading }

// renderError writes a page that says what kind of refusal it is and
// nothing about the object asked for.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, rq *request, status int, msg ...string) {
	e := errorView{Status: status}
	switch status {
	case http.StatusUnauthorized:
		e.Heading, e.Message = "请先登录", "会话已过期或尚未登录。"
	case http.StatusForbidden:
		e.Heading, e.Message = "无权操作", "您的账号无权执行此操作。"
	case http.StatusNotFound:
		e.Heading, e.Message = "页面不存在", "您访问的页面不存在。"
	case http.StatusBadRequest:
		e.Heading, e.Message = "请求有误", "提交的内容不符合要求。"
	case http.StatusConflict:
		e.Heading, e.Message = "状态冲突", "对象状态已变化，请刷新后重试。"
	case http.StatusRequestEntityTooLarge:
		e.Heading, e.Message = "提交内容过大", "提交的内容超过上限。"
	default:
		e.Heading, e.Message = "服务器内部错误", "请稍后再试；问题已记录。"
	}
	if len(msg) > 0 {
		e.Message = strings.Join(msg, " ")
	}
	s.render(w, r, rq, status, "error", e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	// The default HTML escaping stays on: < > & come out as \u003c …, so a
	// crawled title is inert even if a client pastes JSON into a page.
	enc.Encode(v)
}

// writeJSONMessage is writeJSONError with a message for people (Chinese),
// beside the machine-readable error.
func writeJSONMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": jsonErrors[status], "message": msg})
}

var jsonErrors = map[int]string{
	http.StatusBadRequest:            "bad request",
	http.StatusUnauthorized:          "not logged in",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not found",
	http.StatusConflict:              "conflict",
	http.StatusRequestEntityTooLarge: "too large",
	http.StatusUnsupportedMediaType:  "unsupported media type",
	http.StatusTooManyRequests:       "too many failed logins",
	http.StatusServiceUnavailable:    "busy, try again",
	http.StatusInternalServerError:   "internal error",
}

func writeJSONError(w http.ResponseWriter, status int) {
	writeJSON(w, status, map[string]string{"error": jsonErrors[status]})
}
