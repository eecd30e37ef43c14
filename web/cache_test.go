package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"

	"zwgk"
	"zwgk/cycle"
	"zwgk/store"
	"zwgk/store/storetest"
)

// cachePortal is a portal over a store, with the server behind it so a
// test can look at the cards it holds.
type cachePortal struct {
	t      *testing.T
	db     *store.DB
	runner *cycle.Runner
	s      *server
	h      http.Handler
}

func newCachePortal(t *testing.T, dsn string) *cachePortal {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	runner := cycle.NewRunner(db, nil)
	b := &StoreBackend{DB: db,
		ScoreCycle:   func(ctx context.Context, name string) error { _, err := runner.Score(ctx, name); return err },
		PublishCycle: runner.Publish,
	}
	reg := prometheus.NewRegistry()
	cfg := Config{InsecureCookies: true, Registerer: reg, Gatherer: reg, ScorecardPDF: b.ScorecardPDF}
	s, h, err := newServer(cfg, b)
	if err != nil {
		t.Fatal(err)
	}
	return &cachePortal{t: t, db: db, runner: runner, s: s, h: h}
}

func (p *cachePortal) do(method, path, tok, body string) *httptest.ResponseRecorder {
	p.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec
}

// ranking is the API's county ranking: code → row.
func (p *cachePortal) ranking(tok string) map[string]rankRow {
	p.t.Helper()
	rec := p.do("GET", "/api/cycles/load/ranking?tier=county&per_page=1000", tok, "")
	if rec.Code != 200 {
		p.t.Fatalf("ranking: %d %s", rec.Code, rec.Body)
	}
	var out struct {
		Ranking struct {
			Rows []rankRow `json:"agencies"`
		} `json:"ranking"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		p.t.Fatal(err)
	}
	rows := map[string]rankRow{}
	for _, r := range out.Ranking.Rows {
		rows[r.Agency] = r
	}
	return rows
}

// card is the API's scorecard of one agency.
func (p *cachePortal) card(tok, code string) zwgk.Scorecard {
	p.t.Helper()
	rec := p.do("GET", "/api/cycles/load/agencies/"+code, tok, "")
	if rec.Code != 200 {
		p.t.Fatalf("scorecard %s: %d %s", code, rec.Code, rec.Body)
	}
	var out struct {
		Card *zwgk.Scorecard `json:"scorecard"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Card == nil {
		p.t.Fatalf("scorecard %s: %v %s", code, err, rec.Body)
	}
	return *out.Card
}

// follows checks, after a write, that a request brought the portal to the
// store's version of the cycle and that what it holds and shows is the
// store's cards: the ranking's rows and the agency's scorecard.
func (p *cachePortal) follows(what, tok, code string) {
	p.t.Helper()
	ctx := context.Background()
	rows := p.ranking(tok)
	got := p.card(tok, code)
	c, err := p.db.CycleByName(ctx, "load")
	if err != nil {
		p.t.Fatal(err)
	}
	cc := p.s.cachedCards(c)
	if cc == nil || cc.version != c.Version {
		held := int64(-1)
		if e := p.s.cache.entry(c.ID).cur.Load(); e != nil {
			held = e.version
		}
		p.t.Fatalf("after %s: the portal holds version %d of the cycle, the store is at %d", what, held, c.Version)
	}
	want, err := p.db.Scorecards(ctx, c.ID)
	if err != nil {
		p.t.Fatal(err)
	}
	if !reflect.DeepEqual(cc.cards, want) {
		p.t.Fatalf("after %s: the portal's cards differ from the store's", what)
	}
	counties := 0
	for _, w := range want {
		if w.Tier != string(zwgk.LevelCounty) {
			continue
		}
		counties++
		r, ok := rows[w.Agency]
		if !ok || r.Total != w.Total || r.Rank != w.Rank || r.TierSize != w.TierSize {
			p.t.Fatalf("after %s: ranking row of %s is %+v, the store has total %v rank %d/%d", what, w.Agency, r, w.Total, w.Rank, w.TierSize)
		}
		if w.Agency == code && (got.Total != w.Total || got.Rank != w.Rank) {
			p.t.Fatalf("after %s: scorecard of %s shows %v (rank %d), the store has %v (rank %d)", what, code, got.Total, got.Rank, w.Total, w.Rank)
		}
	}
	if counties != len(rows) {
		p.t.Fatalf("after %s: ranking has %d rows, the store %d counties", what, len(rows), counties)
	}
}

func (p *cachePortal) version() int64 {
	p.t.Helper()
	c, err := p.db.CycleByName(context.Background(), "load")
	if err != nil {
		p.t.Fatal(err)
	}
	return c.Version
}

// TestCardCacheFollowsEveryWrite: the portal keeps a cycle's cards in
// memory, and every kind of write — a whole re-score, a review and the
// re-score of its agency, an appeal filed and accepted, publication, the
// report settings — moves the version it is keyed on, so the next request
// shows the store's cards, on SQLite and PostgreSQL alike.
func TestCardCacheFollowsEveryWrite(t *testing.T) {
	for _, backend := range storetest.Backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			p := newCachePortal(t, storetest.DSN(t, backend))
			seeded := seedCohort(t, p.db, loadCohort{Agencies: 120})
			tok, code := seeded.Assessor, seeded.County
			c, err := p.db.CycleByName(ctx, "load")
			if err != nil {
				t.Fatal(err)
			}
			p.follows("seeding", tok, code)
			before := p.card(tok, code)
			last := p.version()
			moved := func(what string) {
				t.Helper()
				v := p.version()
				if v <= last {
					t.Fatalf("%s did not move the cycle's version (%d → %d)", what, last, v)
				}
				last = v
			}

			// A whole re-score after the agency's site went quiet.
			ev, _, err := p.db.Evidence(ctx, c.ID, code)
			if err != nil {
				t.Fatal(err)
			}
			ev.Home.Items, ev.Columns = nil, nil
			if err := p.db.SaveEvidence(ctx, c.ID, ev); err != nil {
				t.Fatal(err)
			}
			if _, err := p.runner.Score(ctx, "load"); err != nil {
				t.Fatal(err)
			}
			moved("a re-score")
			p.follows("a re-score", tok, code)
			rescored := p.card(tok, code)
			if rescored.Total == before.Total {
				t.Fatalf("the re-score did not change %s's total (%v): the test shows nothing", code, before.Total)
			}

			// A review: the version moves though no card changes yet…
			fs, err := p.db.Findings(ctx, c.ID, code)
			if err != nil {
				t.Fatal(err)
			}
			var failed string
			for _, f := range fs {
				if f.Outcome == zwgk.Fail {
					failed = f.Indicator
					break
				}
			}
			if failed == "" {
				t.Fatalf("%s has no failed finding to review", code)
			}
			if _, err := p.db.AddReview(ctx, zwgk.Review{CycleID: c.ID, Agency: code, Indicator: failed, Outcome: zwgk.Pass,
				Fraction: 1, Reason: "复核：栏目已更新", By: "assessor", At: time.Now().UTC()}); err != nil {
				t.Fatal(err)
			}
			moved("a review")
			p.follows("a review", tok, code)
			// …and the re-score of that agency alone re-ranks its tier.
			if err := p.runner.ScoreAgencies(ctx, "load", []string{code}); err != nil {
				t.Fatal(err)
			}
			moved("the re-score of one agency")
			p.follows("the re-score of one agency", tok, code)
			if p.card(tok, code).Total == rescored.Total {
				t.Fatalf("the review did not change %s's total: the test shows nothing", code)
			}

			// An appeal, filed and accepted (the review it brings, scored).
			var other string
			for _, f := range fs {
				if f.Outcome == zwgk.Fail && f.Indicator != failed {
					other = f.Indicator
					break
				}
			}
			if other == "" {
				t.Fatalf("%s has only one failed finding", code)
			}
			id, err := p.db.FileAppeal(ctx, zwgk.Appeal{CycleID: c.ID, Agency: code, Indicator: other, Reason: "已整改",
				EvidenceURL: "https://example.gov.cn/a.html", State: zwgk.AppealOpen, FiledBy: "agency", FiledAt: time.Now().UTC()})
			if err != nil {
				t.Fatal(err)
			}
			moved("an appeal")
			p.follows("an appeal", tok, code)
			if _, err := p.db.AcceptAppeal(ctx, id, zwgk.Review{Outcome: zwgk.Pass, Fraction: 1, Reason: "申诉属实", By: "assessor", At: time.Now().UTC()}, "采纳"); err != nil {
				t.Fatal(err)
			}
			moved("accepting the appeal")
			if err := p.runner.ScoreAgencies(ctx, "load", []string{code}); err != nil {
				t.Fatal(err)
			}
			moved("the re-score after the appeal")
			p.follows("the re-score after the appeal", tok, code)

			// Publication, and the report settings of a published cycle.
			if _, err := p.runner.Publish(ctx, "load", cycle.PublishOptions{Provisional: true}); err != nil {
				t.Fatal(err)
			}
			moved("publication")
			p.follows("publication", tok, code)
			if err := p.db.SetReportSettings(ctx, c.ID, store.ReportSettings{Assessor: "某评估中心"}); err != nil {
				t.Fatal(err)
			}
			moved("the report settings")
			p.follows("the report settings", tok, code)
		})
	}
}

// TestCardCacheTwoPortals: two portal processes on one database (each its
// own store connection and memory) see each other's writes at the next
// request: a review through one portal's API shows in the other's ranking.
func TestCardCacheTwoPortals(t *testing.T) {
	for _, backend := range storetest.Backends {
		t.Run(backend, func(t *testing.T) {
			dsn := storetest.DSN(t, backend)
			a := newCachePortal(t, dsn)
			seeded := seedCohort(t, a.db, loadCohort{Agencies: 120})
			b := newCachePortal(t, dsn)
			tok, code := seeded.Assessor, seeded.County
			a.follows("seeding (portal a)", tok, code)
			b.follows("seeding (portal b)", tok, code)
			before := b.card(tok, code)
			fs, err := a.db.Findings(context.Background(), loadCycle(t, a.db).ID, code)
			if err != nil {
				t.Fatal(err)
			}
			target := ""
			for _, f := range fs {
				if f.Outcome != zwgk.Pass && f.Outcome != zwgk.NA {
					target = f.Indicator
					break
				}
			}
			if target == "" {
				t.Fatalf("%s passes everything: nothing to review", code)
			}
			body := fmt.Sprintf(`{"indicator":%q,"outcome":"pass","fraction":1,"reason":"复核：已更新","evidence":"https://example.gov.cn/x.html"}`, target)
			if rec := a.do("POST", "/api/cycles/load/agencies/"+code+"/reviews", tok, body); rec.Code != http.StatusCreated {
				t.Fatalf("review through portal a: %d %s", rec.Code, rec.Body)
			}
			b.follows("a review through the other portal", tok, code)
			if b.card(tok, code).Total == before.Total {
				t.Fatalf("the review did not change %s's total (%v): the test shows nothing", code, before.Total)
			}
			a.follows("its own review", tok, code)
		})
	}
}

func loadCycle(t *testing.T, db *store.DB) zwgk.Cycle {
	t.Helper()
	c, err := db.CycleByName(context.Background(), "load")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPDFCache: a scorecard's PDF is made once per version of its cycle
// (and per kind of viewer: with or without the cohort's figures); a write
// to the cycle makes the next download a new PDF.
func TestPDFCache(t *testing.T) {
	ctx := context.Background()
	p := newCachePortal(t, storetest.DSN(t, store.SQLite))
	seeded := seedCohort(t, p.db, loadCohort{Agencies: 60})
	var made []PDFInput
	real := p.s.cfg.ScorecardPDF
	p.s.cfg.ScorecardPDF = func(ctx context.Context, w io.Writer, in PDFInput) error {
		made = append(made, in)
		return real(ctx, w, in)
	}
	tok, code := seeded.Assessor, seeded.County
	pdf := func() []byte {
		t.Helper()
		rec := p.do("GET", "/cycles/load/agencies/"+code+"/scorecard.pdf", tok, "")
		if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF")) {
			t.Fatalf("pdf: %d %.80q", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	first := pdf()
	if again := pdf(); len(made) != 1 || !bytes.Equal(first, again) {
		t.Fatalf("two downloads made %d PDFs (want 1, the same bytes)", len(made))
	}
	if made[0].Tiers == nil || !made[0].Cohort {
		t.Errorf("an assessor's PDF was made without the tiers' figures from memory")
	}
	c := loadCycle(t, p.db)
	if err := p.db.SetReportSettings(ctx, c.ID, store.ReportSettings{Assessor: "某评估中心"}); err != nil {
		t.Fatal(err)
	}
	pdf()
	if len(made) != 2 {
		t.Fatalf("after a write to the cycle the download made %d PDFs in all, want 2", len(made))
	}
	if rec := p.do("GET", "/cycles/load/agencies/NOPE/scorecard.pdf", tok, ""); rec.Code != http.StatusNotFound {
		t.Errorf("pdf of an agency without a card: %d, want 404", rec.Code)
	}
	pdf()
	if len(made) != 2 {
		t.Fatalf("a third download made a PDF again (%d in all)", len(made))
	}
}

// TestPDFCacheBound: the cache drops the least recently used PDFs past its
// bound in bytes, and keeps none larger than the bound.
func TestPDFCacheBound(t *testing.T) {
	pc := newPDFCache(10)
	calls := 0
	get := func(agency string, n int) {
		t.Helper()
		data, err := pc.get(pdfKey{cycle: 1, version: 1, agency: agency}, func() ([]byte, error) {
			calls++
			return make([]byte, n), nil
		})
		if err != nil || len(data) != n {
			t.Fatalf("get %s: %d bytes, %v", agency, len(data), err)
		}
	}
	get("a", 4)
	get("b", 4)
	get("a", 4) // a is now the most recent
	get("c", 4) // 12 bytes: b goes
	if calls != 3 || pc.size != 8 {
		t.Fatalf("calls %d size %d, want 3 and 8", calls, pc.size)
	}
	get("a", 4)
	if calls != 3 {
		t.Errorf("a was dropped instead of b")
	}
	get("b", 4)
	if calls != 4 {
		t.Errorf("b was kept past the bound")
	}
	get("huge", 11)
	get("huge", 11)
	if calls != 6 || pc.size > 10 {
		t.Errorf("a PDF larger than the bound was kept (calls %d, size %d)", calls, pc.size)
	}
}

// TestHashPoolBoundsConcurrency: no more logins hash at once than the
// pool has slots, whatever the number waiting, and a login whose wait
// ends while every slot is taken is told to come back (errLoginBusy).
func TestHashPoolBoundsConcurrency(t *testing.T) {
	p := newHashPool(2, time.Hour)
	var running, most atomic.Int32
	entered, release := make(chan struct{}, 16), make(chan struct{})
	p.compare = func(hash, pw []byte) error {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		entered <- struct{}{}
		<-release
		running.Add(-1)
		if string(pw) != "right" {
			return bcrypt.ErrMismatchedHashAndPassword
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- p.check(context.Background(), nil, []byte("right"))
		}()
	}
	<-entered
	<-entered // both slots taken, six logins waiting
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.check(gone, nil, []byte("right")); !errors.Is(err, errLoginBusy) {
		t.Fatalf("a login that could not wait: %v, want errLoginBusy", err)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a waiting login failed: %v", err)
		}
	}
	if m := most.Load(); m != 2 {
		t.Errorf("%d logins hashed at once, want the pool's 2", m)
	}
	if err := p.check(context.Background(), nil, []byte("wrong")); !errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		t.Errorf("a wrong password through the pool: %v", err)
	}
}

// TestLoginBusy: with every hasher taken, a login is answered 503 with
// "try again" (page and API), counts as no failed attempt, and pages go
// on being served; once a hasher is free the same login succeeds.
func TestLoginBusy(t *testing.T) {
	m := newMem()
	hash, _ := bcrypt.GenerateFromPassword([]byte("secret-pw"), bcrypt.MinCost)
	m.seedUser(User{Name: "leader1", Role: RoleLeader, PasswordHash: string(hash)})
	tok := newToken()
	if err := m.CreateSession(context.Background(), "leader1", tok, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	s, h, err := newServer(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg, LoginHashers: 1, LoginWait: time.Millisecond}, m)
	if err != nil {
		t.Fatal(err)
	}
	login := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/session", strings.NewReader(`{"name":"leader1","password":"secret-pw"}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	s.hashers.slots <- struct{}{} // the one hasher is busy until we say
	for i := 0; i < 30; i++ {     // past the per-address lockout, were they failures
		if rec := login(); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "稍后再试") || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("login with every hasher busy: %d %s (Retry-After %q)", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
		}
	}
	pre, csrf := "", ""
	{
		req := httptest.NewRequest("GET", "/login", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.Name == preCookie {
				pre = c.Value
			}
		}
		csrf = csrfFor(pre)
	}
	form := url.Values{"name": {"leader1"}, "password": {"secret-pw"}, csrfField: {csrf}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: preCookie, Value: pre})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "稍后再试") {
		t.Fatalf("login page with every hasher busy: %d", rec.Code)
	}
	req = httptest.NewRequest("GET", "/api/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("a page while logins wait: %d", rec.Code)
	}
	<-s.hashers.slots
	if rec := login(); rec.Code != http.StatusOK {
		t.Fatalf("login once a hasher is free: %d %s", rec.Code, rec.Body)
	}
}

// TestSessionCache: a session looked up once is served from memory for
// Config.SessionCache, and a logout through this portal ends it at once.
func TestSessionCache(t *testing.T) {
	m := newMem()
	m.seedUser(User{Name: "leader1", Role: RoleLeader})
	tok := newToken()
	if err := m.CreateSession(context.Background(), "leader1", tok, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	_, h, err := newServer(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg, SessionCache: time.Hour}, m)
	if err != nil {
		t.Fatal(err)
	}
	me := func() int {
		req := httptest.NewRequest("GET", "/api/me", nil)
		req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: tok})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if c := me(); c != 200 {
		t.Fatalf("me: %d", c)
	}
	// Ended elsewhere (another process): still known here, within the
	// cache's time.
	m.mu.Lock()
	sessions := len(m.sessions)
	m.mu.Unlock()
	if err := m.DeleteSession(context.Background(), tok); err != nil || sessions != 1 {
		t.Fatal(err, sessions)
	}
	if c := me(); c != 200 {
		t.Fatalf("a cached session answered %d: the cache was not used", c)
	}
	req := httptest.NewRequest("POST", "/logout", strings.NewReader(url.Values{csrfField: {csrfFor(tok)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: tok})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", rec.Code)
	}
	if c := me(); c != http.StatusUnauthorized {
		t.Fatalf("after logout here the session answered %d, want 401", c)
	}
}

// TestHashPoolRestsAndBoundsTheQueue: a slot rests after a comparison in
// proportion to its time (so the hashers keep to their share of the
// cores: one slot on two cores rests three times as long as it hashed),
// and past maxWait waiting logins the next is refused at once.
func TestHashPoolRestsAndBoundsTheQueue(t *testing.T) {
	p := newHashPool(1, time.Hour)
	if procs := runtime.GOMAXPROCS(0); procs <= 8 {
		want := 1/(hashShare*float64(procs)) - 1
		if p.rest != want {
			t.Errorf("one slot on %d cores rests ×%v, want ×%v", procs, p.rest, want)
		}
	}
	p.rest = 1000 // a comparison of 1 ms holds the slot about a second
	p.compare = func(hash, pw []byte) error { time.Sleep(time.Millisecond); return nil }
	if err := p.check(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.check(gone, nil, nil); !errors.Is(err, errLoginBusy) {
		t.Fatalf("right after a comparison the slot should rest: %v", err)
	}

	q := newHashPool(1, time.Hour)
	release := make(chan struct{})
	q.compare = func(hash, pw []byte) error { <-release; return nil }
	var wg sync.WaitGroup
	n := int(q.maxWait) + 1 // one hashing, maxWait waiting
	for range n {
		wg.Add(1)
		go func() { defer wg.Done(); _ = q.check(context.Background(), nil, nil) }()
	}
	for q.waiting.Load() < q.maxWait {
		time.Sleep(time.Millisecond)
	}
	if err := q.check(context.Background(), nil, nil); !errors.Is(err, errLoginBusy) {
		t.Fatalf("with %d logins waiting the next should be refused at once: %v", q.maxWait, err)
	}
	close(release)
	wg.Wait()
	if w := q.waiting.Load(); w != 0 {
		t.Errorf("%d logins still counted as waiting", w)
	}
}
