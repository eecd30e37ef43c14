package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"zwgk"
	"zwgk/reports"
)

// Config tunes the portal. The zero value is usable: secure cookies, 8-hour
// sessions, the default Prometheus registry, no PDF download.
type Config struct {
	// InsecureCookies drops the Secure attribute from cookies, for plain
	// HTTP on a loopback address during development only.
	InsecureCookies bool
	// BehindProxy trusts the last address of X-Forwarded-For as the
	// client's (rate limiting, audit), for a reverse proxy on loopback.
	BehindProxy bool
	// SessionTTL is how long a login lasts (default 8 h).
	SessionTTL time.Duration
	// LoginFailures failed logins per IP and user name within LoginWindow
	// lock that pair out until the window passes (defaults 5 and 15 min).
	LoginFailures int
	LoginWindow   time.Duration
	// Now is the clock (tests move it); default time.Now.
	Now func() time.Time
	// Logger receives server errors; default slog.Default().
	Logger *slog.Logger
	// Registerer and Gatherer are the Prometheus registry the portal
	// registers its HTTP metrics in and serves at /metrics (defaults:
	// prometheus.DefaultRegisterer and DefaultGatherer, so crawl metrics
	// registered there by other packages show up too).
	Registerer prometheus.Registerer
	Gatherer   prometheus.Gatherer
	// MetricsOpen serves /metrics to anyone; by default only to clients
	// on the loopback interface that did not come through the proxy.
	MetricsOpen bool
	// QueueSources feed the review queue's section of candidates to
	// confirm (see QueueSource); none leaves it empty.
	QueueSources []QueueSource
	// LoginFailuresPerIP failed logins from one address within
	// LoginWindow, whatever the user names, lock the address out
	// (default 20): one address trying one password on every name.
	LoginFailuresPerIP int
	// LoginHashers is how many logins may hash a password at once
	// (default a quarter of the cores, at least one): bcrypt takes a core
	// for a quarter of a second, so a flood of logins must not take the
	// cores from the pages. A login waits at most LoginWait (default 2 s)
	// for a turn, then is asked to try again (503).
	LoginHashers int
	LoginWait    time.Duration
	// SessionCache keeps looked-up sessions this long (real time), so a
	// request need not ask the store (default 0: ask every time). A
	// session ended in another portal process, or a user changed in the
	// store, takes effect here within it; a logout here at once.
	SessionCache time.Duration
	// ScorecardPDF writes an agency's scorecard as PDF; nil leaves the
	// download out of the portal.
	ScorecardPDF func(ctx context.Context, w io.Writer, in PDFInput) error
}

// PDFInput is what the PDF writer gets for one scorecard.
type PDFInput struct {
	Cycle    zwgk.Cycle
	Agency   zwgk.Agency
	Card     zwgk.Scorecard // rank fields zeroed when the viewer may not see the ranking
	Findings []zwgk.Finding
	Names    map[string]string // indicator id → name
	// Cohort is false when the viewer may not see the ranking yet (an
	// agency before publication): the PDF must then show no tier
	// averages, bests or ranks, which speak of other agencies.
	Cohort bool
	// Tiers are the tiers' figures (reports.TiersOf of the cycle's cards)
	// when Cohort is set, as the portal keeps them; nil: the writer reads
	// them.
	Tiers map[string]reports.TierStats
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pdfCacheBytes bounds the PDFs kept (pdfCache): about a thousand
// scorecards.
const pdfCacheBytes = 64 << 20

type server struct {
	cfg      Config
	b        Backend
	log      *slog.Logger
	pages    map[string]*pageTemplate
	limiter  *limiter // per address and user name
	ipLimit  *limiter // per address, across user names
	metrics  *httpMetrics
	mux      *http.ServeMux
	cache    *cardCache
	pdfs     *pdfCache
	hashers  *hashPool // bcrypt, bounded
	infos    sync.Map  // framework hash → []IndicatorInfo
	sessions *sessionCache
	// cardPages are rendered scorecard contents, csrfMark the stand-in
	// for the CSRF token in them (cardpage.go).
	cardPages *htmlCache
	csrfMark  string
}

// New returns the portal's handler.
func New(cfg Config, b Backend) (http.Handler, error) {
	_, h, err := newServer(cfg, b)
	return h, err
}

// newServer is New with the server behind the handler (for tests).
func newServer(cfg Config, b Backend) (*server, http.Handler, error) {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 8 * time.Hour
	}
	if cfg.LoginFailures <= 0 {
		cfg.LoginFailures = 5
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.LoginFailuresPerIP <= 0 {
		cfg.LoginFailuresPerIP = 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Registerer == nil {
		cfg.Registerer = prometheus.DefaultRegisterer
	}
	if cfg.Gatherer == nil {
		cfg.Gatherer = prometheus.DefaultGatherer
	}
	pages, err := parsePages()
	if err != nil {
		return nil, nil, err
	}
	m, err := newHTTPMetrics(cfg.Registerer)
	if err != nil {
		return nil, nil, err
	}
	s := &server{cfg: cfg, b: b, log: cfg.Logger, pages: pages, metrics: m, mux: http.NewServeMux(),
		limiter: newLimiter(cfg.LoginFailures, cfg.LoginWindow, 10000), cache: newCardCache(8),
		pdfs: newPDFCache(pdfCacheBytes), hashers: newHashPool(cfg.LoginHashers, cfg.LoginWait),
		sessions: newSessionCache(cfg.SessionCache), cardPages: newHTMLCache(cardPageCacheBytes), csrfMark: newPlaceholder(),
		ipLimit: newLimiter(cfg.LoginFailuresPerIP, cfg.LoginWindow, 10000)}
	s.routes()
	// Browsers send Sec-Fetch-Site/Origin: cross-site unsafe requests are
	// refused before the CSRF token is even looked at.
	cop := http.NewCrossOriginProtection()
	return s, securityHeaders(!cfg.InsecureCookies, cop.Handler(s.mux)), nil
}

func (s *server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(static))
	s.mux.Handle("GET /static/", s.metrics.wrap("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	})))
	metrics := promhttp.HandlerFor(s.cfg.Gatherer, promhttp.HandlerOpts{})
	s.mux.Handle("GET /metrics", s.metrics.wrap("GET /metrics", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.cfg.MetricsOpen && !s.localPeer(r) {
			s.renderError(w, r, nil, http.StatusNotFound)
			return
		}
		metrics.ServeHTTP(w, r)
	})))

	s.page("GET /{$}", s.home)
	s.handle("GET /login", s.loginForm)
	s.handle("POST /login", s.login)
	s.page("POST /logout", s.logout)
	s.page("GET /cycles", s.cyclesPage)
	s.page("GET /cycles/{cycle}/ranking", s.rankingPage)
	s.page("GET /cycles/{cycle}/regions", s.regionsPage)
	s.page("GET /cycles/{cycle}/agencies/{agency}", s.scorecardPage)
	s.page("GET /cycles/{cycle}/agencies/{agency}/evidence", s.evidencePage)
	s.page("GET /cycles/{cycle}/agencies/{agency}/snapshot", s.snapshotFrame)
	s.page("GET /cycles/{cycle}/agencies/{agency}/rectification", s.agencyRectification)
	s.page("POST /cycles/{cycle}/agencies/{agency}/rectification/{key}/claim", s.claimRectification)
	s.page("GET /cycles/{cycle}/rectification", s.cohortRectification)
	s.page("GET /cycles/{cycle}/agencies/{agency}/snapshot/raw", s.snapshotRaw)
	s.page("GET /cycles/{cycle}/agencies/{agency}/scorecard.pdf", s.scorecardPDF)
	s.upload("POST /cycles/{cycle}/agencies/{agency}/appeals", maxAppealBody, s.fileAppeal)
	s.page("GET /cycles/{cycle}/appeals", s.appealQueue)
	s.page("POST /cycles/{cycle}/appeals/{id}/decision", s.decideAppeal)
	s.page("GET /cycles/{cycle}/attachments/{id}", s.attachmentFile)
	s.page("POST /cycles/{cycle}/publish", s.publish)
	s.page("GET /audit", s.auditPage)
	s.page("GET /cycles/{cycle}/queue", s.reviewQueuePage)
	s.page("POST /cycles/{cycle}/agencies/{agency}/reviews", s.addReview)
	s.page("POST /cycles/{cycle}/reviews/bulk", s.bulkReview)
	s.page("POST /cycles/{cycle}/candidates/{source}/{key}", s.decideCandidate)
	s.page("GET /cycles/{cycle}/notices", s.noticesPage)

	s.handle("POST /api/session", s.apiLogin)
	s.api("GET /api/me", s.apiMe)
	s.api("GET /api/cycles", s.apiCycles)
	s.api("GET /api/cycles/{cycle}/ranking", s.apiRanking)
	s.api("GET /api/cycles/{cycle}/regions", s.apiRegions)
	s.api("GET /api/cycles/{cycle}/agencies/{agency}", s.apiScorecard)
	s.api("GET /api/cycles/{cycle}/agencies/{agency}/evidence", s.apiEvidence)
	s.api("GET /api/cycles/{cycle}/agencies/{agency}/appeals", s.apiAgencyAppeals)
	s.api("GET /api/cycles/{cycle}/appeals", s.apiAppealQueue)
	s.api("GET /api/audit", s.apiAudit)
	s.api("GET /api/cycles/{cycle}/queue", s.apiReviewQueue)
	s.api("GET /api/cycles/{cycle}/agencies/{agency}/reviews", s.apiReviews)
	s.api("POST /api/cycles/{cycle}/agencies/{agency}/reviews", s.apiAddReview)
	s.api("GET /api/cycles/{cycle}/notices", s.apiNotices)
	s.checkRoutes()   // content-check candidates (checks.go)
	s.requestRoutes() // the request-test register (requests.go)

	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, nil, http.StatusNotFound)
	})
}

// request is what a handler of a logged-in page gets besides w and r.
type request struct {
	user    *User
	token   string // session token ("" for bearer-less anonymous)
	csrf    string // the form token for this session
	expires time.Time
}

// handle registers a handler that needs no login.
func (s *server) handle(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.metrics.wrap(pattern, h))
}

// page registers a page handler: no session sends the browser to the login
// page; unsafe methods must carry the session's CSRF token.
func (s *server) page(pattern string, h func(http.ResponseWriter, *http.Request, *request)) {
	s.pageWith(pattern, maxFormBytes, h)
}

// upload registers a page handler whose form may carry files (multipart,
// up to limit bytes in all); other pages refuse bodies past 64 KiB.
func (s *server) upload(pattern string, limit int64, h func(http.ResponseWriter, *http.Request, *request)) {
	s.pageWith(pattern, limit, h)
}

func (s *server) pageWith(pattern string, limit int64, h func(http.ResponseWriter, *http.Request, *request)) {
	s.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		rq, err := s.session(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if rq == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, nil, http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if limit > maxFormBytes && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				// Files up to the limit stay in memory: nothing of an
				// agency's upload is left in temporary files.
				if err := r.ParseMultipartForm(limit); err != nil {
					var mb *http.MaxBytesError
					if errors.As(err, &mb) {
						s.renderError(w, r, rq, http.StatusRequestEntityTooLarge, fmt.Sprintf("提交的内容超过 %d MB。", limit>>20))
						return
					}
					s.renderError(w, r, rq, http.StatusBadRequest, "表单无法读取。")
					return
				}
				defer r.MultipartForm.RemoveAll()
			}
			if !checkCSRF(rq.csrf, r.PostFormValue(csrfField)) {
				s.renderError(w, r, rq, http.StatusForbidden, "表单已失效，请刷新页面后重试。")
				return
			}
		}
		h(w, r, rq)
	})
}

// api registers a JSON handler: no session answers 401.
func (s *server) api(pattern string, h func(http.ResponseWriter, *http.Request, *request)) {
	s.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		rq, err := s.session(r)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		if rq == nil {
			writeJSONError(w, http.StatusUnauthorized)
			return
		}
		h(w, r, rq)
	})
}

const maxFormBytes = 64 << 10

const msgNotPublished = "该评估周期尚未发布。结果经复核、申诉处理并正式发布后，即可在此查看。"

// securityHeaders sets the headers every answer carries. No page has a
// script, so script-src is 'none'; inline SVG needs no exception.
func securityHeaders(hsts bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// cycleFor loads the cycle named in the path; ok is false when an answer
// has been written.
func (s *server) cycleFor(w http.ResponseWriter, r *http.Request, rq *request, api bool) (zwgk.Cycle, bool) {
	c, err := s.b.CycleByName(r.Context(), r.PathValue("cycle"))
	if err != nil {
		if api {
			s.apiError(w, r, err)
		} else {
			s.pageError(w, r, rq, err)
		}
		return c, false
	}
	return c, true
}

// allowed runs Authorize and writes the refusal; ok is false when refused.
func (s *server) allowed(w http.ResponseWriter, r *http.Request, rq *request, act Action, obj Object, api bool) bool {
	d := Authorize(rq.user, act, obj)
	if d == Allow {
		return true
	}
	if OnlyOncePublished(rq.user, act, obj) {
		// A leader opening a cycle still in review is not refused for who
		// they are: say what they wait for.
		if api {
			writeJSONMessage(w, int(d), msgNotPublished)
		} else {
			s.renderError(w, r, rq, int(d), msgNotPublished)
		}
		return false
	}
	if api {
		writeJSONError(w, int(d))
	} else {
		s.renderError(w, r, rq, int(d))
	}
	return false
}

// localPeer reports whether the request comes straight from this machine
// (not relayed by the reverse proxy, which would be local too).
func (s *server) localPeer(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return false
	}
	return !s.cfg.BehindProxy || r.Header.Get("X-Forwarded-For") == ""
}

func isNotFound(err error) bool {
	return errors.Is(err, ErrNotFound)
}

// statusClientGone is recorded when the client left before the answer
// (nginx's 499): not a server error, and nobody reads the body.
const statusClientGone = 499

func clientGone(r *http.Request, err error) bool {
	return errors.Is(err, context.Canceled) && r.Context().Err() != nil
}

func (s *server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(r, err) {
		w.WriteHeader(statusClientGone)
		return
	}
	s.log.Error("portal", "method", r.Method, "path", r.URL.Path, "err", err)
	s.renderError(w, r, nil, http.StatusInternalServerError)
}

// pageError answers a backend error: not found → 404, published → 403,
// anything else → 500 (logged, not shown).
func (s *server) pageError(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	switch {
	case isNotFound(err):
		s.renderError(w, r, rq, http.StatusNotFound)
	case errors.Is(err, zwgk.ErrPublished):
		s.renderError(w, r, rq, http.StatusForbidden, "评估周期已发布，不可更改。")
	case clientGone(r, err):
		w.WriteHeader(statusClientGone)
	default:
		s.log.Error("portal", "method", r.Method, "path", r.URL.Path, "err", err)
		s.renderError(w, r, rq, http.StatusInternalServerError)
	}
}

func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case isNotFound(err):
		writeJSONError(w, http.StatusNotFound)
	case errors.Is(err, zwgk.ErrPublished):
		writeJSONError(w, http.StatusForbidden)
	case clientGone(r, err):
		w.WriteHeader(statusClientGone)
	default:
		s.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSONError(w, http.StatusInternalServerError)
	}
}

func atoi64(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}
