package store_test

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lib/pq"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// A user can have its password reset and be disabled: a disabled user
// cannot log in (UserByName, CreateSession) nor keep a session, but stays
// listed; every change is audited under the actor of the context.
func TestUserPasswordAndDisable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		actx := store.WithActor(ctx, "chen")
		_, err := db.CreateUser(actx, store.User{Name: "gd", Role: "assessor", PasswordHash: "h1"})
		must(t, err)
		if _, err := db.CreateUser(actx, store.User{Name: "gd", Role: "agency", PasswordHash: "h"}); !errors.Is(err, store.ErrExists) {
			t.Errorf("second user gd: %v, want ErrExists", err)
		}
		tok := "0123456789abcdef0123456789abcdef"
		must(t, db.CreateSession(ctx, "gd", tok, t0.Add(1000*time.Hour)))
		must(t, db.SetPassword(actx, "gd", "h2"))
		if u, err := db.UserByName(ctx, "gd"); err != nil || u.PasswordHash != "h2" {
			t.Errorf("after passwd: %+v %v", u, err)
		}
		if _, _, err := db.SessionUser(ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a session survived the password reset: %v", err)
		}
		must(t, db.CreateSession(ctx, "gd", tok, t0.Add(1000*time.Hour)))
		must(t, db.SetUserDisabled(actx, "gd", true))
		if _, err := db.UserByName(ctx, "gd"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("disabled user found for login: %v", err)
		}
		if _, _, err := db.SessionUser(ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("disabled user kept its session: %v", err)
		}
		if err := db.CreateSession(ctx, "gd", tok+"y", t0.Add(1000*time.Hour)); err == nil {
			t.Error("session created for a disabled user")
		}
		us, err := db.Users(ctx)
		if err != nil || len(us) != 1 || !us[0].Disabled {
			t.Errorf("users %+v %v", us, err)
		}
		if u, err := db.User(ctx, "gd"); err != nil || !u.Disabled {
			t.Errorf("User(gd) %+v %v", u, err)
		}
		must(t, db.SetUserDisabled(actx, "gd", false))
		if _, err := db.UserByName(ctx, "gd"); err != nil {
			t.Errorf("enabled user: %v", err)
		}
		if err := db.SetPassword(actx, "nobody", "h"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("passwd of nobody: %v", err)
		}
		log, err := db.AuditLog(ctx, 0)
		must(t, err)
		var got []string
		for _, e := range log {
			got = append(got, e.Who+" "+e.Action)
		}
		want := []string{"chen user.enable", "chen user.disable", "chen user.passwd", "chen user.create"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("audit %v, want %v", got, want)
		}
	})
}

func TestIsDiskFull(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("constraint failed"), false},
		{fmt.Errorf("save page: %w", &pq.Error{Code: "53100", Message: "could not extend file"}), true},
		{fmt.Errorf("save page: %w", &pq.Error{Code: "23505"}), false},
		{fmt.Errorf("write: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}), true},
		{errors.New("river: database or disk is full (13)"), true},
		{errors.New("pq: could not extend file \"base/1/2\": No space left on device"), true},
		{fmt.Errorf("crawl: %w", store.ErrDiskFull), true},
	} {
		if got := store.IsDiskFull(tt.err); got != tt.want {
			t.Errorf("IsDiskFull(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// A SQLite database that cannot grow (here SQLite's own page limit, the
// same SQLITE_FULL a full disk gives) fails a write with an error
// IsDiskFull recognises, and keeps what it had.
func TestSQLiteFullIsRecognised(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.db")
	db, err := store.Open(ctx, path)
	must(t, err)
	mustImport(t, db, fixture)
	c := mustCycle(t, db, "full", "GD")
	db.Close()
	var pages int
	db, err = store.Open(ctx, "file:"+path+"?_pragma=max_page_count(120)")
	must(t, err)
	defer db.Close()
	must(t, db.X.GetContext(ctx, &pages, "PRAGMA page_count"))
	// Bodies compress well; the long titles and distinct rows still fill
	// 120 pages of 4 KiB long before 400 pages are written.
	body := []byte(strings.Repeat("政务公开 ", 20000))
	var werr error
	for i := 0; i < 400 && werr == nil; i++ {
		p := zwgk.Page{URL: fmt.Sprintf("https://gd.gov.cn/%d.html", i), Status: 200, FetchedAt: t0, Bytes: int64(len(body)),
			SHA256: fmt.Sprintf("%064d", i), Title: strings.Repeat("标题", 500) + fmt.Sprint(i)}
		werr = db.SavePage(ctx, c.ID, "GD", p, append(body, []byte(fmt.Sprint(i*7919))...))
	}
	if werr == nil {
		t.Fatalf("400 pages fitted into a database limited to 120 pages (had %d)", pages)
	}
	if !store.IsDiskFull(werr) {
		t.Fatalf("write into a full database: %v; IsDiskFull says no", werr)
	}
	if n, err := db.PageCount(ctx, c.ID); err != nil || n == 0 {
		t.Errorf("pages kept after the full write: %d %v", n, err)
	}
}

// The child half of TestScoringKilled.
func TestScoringKilledChild(t *testing.T) {
	dsn := os.Getenv("ZWGK_SCORE_KILL_DSN")
	if dsn == "" {
		t.Skip("run by TestScoringKilled only")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Println("ERROR", err)
		return
	}
	c, err := db.CycleByName(ctx, "k")
	if err != nil {
		fmt.Println("ERROR", err)
		return
	}
	store.SetScoringHook(func(n int) {
		if n == 2 {
			fmt.Println("MIDWAY")
			time.Sleep(time.Minute)
		}
	})
	err = db.SaveScoring(ctx, c.ID, scoringRun("new", zwgk.CycleReview))
	fmt.Println("FINISHED", err)
}

// scoringRun is a scoring of GD, SZ and FT whose measures and grades say
// which run wrote them.
func scoringRun(run string, state zwgk.CycleState) store.Scoring {
	s := store.Scoring{Findings: map[string][]zwgk.Finding{}, State: state}
	for _, a := range []string{"FT", "GD", "SZ"} {
		s.Findings[a] = []zwgk.Finding{{Agency: a, Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1, Measure: run}}
		s.Scorecards = append(s.Scorecards, zwgk.Scorecard{Agency: a, Total: 80, Grade: run, Veto: []string{}})
	}
	return s
}

// A scoring run killed with SIGKILL after some agencies' findings leaves
// the previous scoring whole: old findings, old scorecards, old state.
func TestScoringKilled(t *testing.T) {
	if os.Getenv("ZWGK_SCORE_KILL_DSN") != "" {
		t.Skip("child")
	}
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		db, err := store.Open(ctx, dsn)
		must(t, err)
		defer db.Close()
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "k", "GD", "SZ", "FT")
		must(t, db.SetCycleState(ctx, c.ID, zwgk.CycleCollecting))
		must(t, db.SetCycleState(ctx, c.ID, zwgk.CycleScoring))
		must(t, db.SaveScoring(ctx, c.ID, scoringRun("old", zwgk.CycleReview)))

		cmd := exec.Command(os.Args[0], "-test.run=^TestScoringKilledChild$", "-test.v")
		cmd.Env = append(os.Environ(), "ZWGK_SCORE_KILL_DSN="+dsn)
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		sc := bufio.NewScanner(out)
		midway := false
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "MIDWAY") {
				midway = true
				break
			}
			if strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "FINISHED") {
				t.Fatalf("child: %s", line)
			}
		}
		if !midway {
			t.Fatal("child never reached the middle of the scoring")
		}
		must(t, cmd.Process.Kill())
		_ = cmd.Wait()

		fs, err := db.Findings(ctx, c.ID, "")
		must(t, err)
		cards, err := db.Scorecards(ctx, c.ID)
		must(t, err)
		if len(fs) != 3 || len(cards) != 3 {
			t.Fatalf("%d findings and %d scorecards after the kill, want 3 and 3", len(fs), len(cards))
		}
		for i := range fs {
			if fs[i].Measure != "old" || cards[i].Grade != "old" {
				t.Errorf("%s after the kill: finding of run %q, scorecard of run %q; want both old", fs[i].Agency, fs[i].Measure, cards[i].Grade)
			}
		}
		// And a run that finishes replaces everything at once.
		must(t, db.SaveScoring(ctx, c.ID, scoringRun("new", zwgk.CycleReview)))
		fs, _ = db.Findings(ctx, c.ID, "")
		cards, _ = db.Scorecards(ctx, c.ID)
		for i := range fs {
			if fs[i].Measure != "new" || cards[i].Grade != "new" {
				t.Errorf("%s after a whole run: %q / %q", fs[i].Agency, fs[i].Measure, cards[i].Grade)
			}
		}
	})
}
