package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// cycleScript is one session at the command line; it runs against each
// backend and must print the same thing on both.
var cycleScript = []struct {
	args []string
	code int
	want []string // substrings of stdout (exit 0) or stderr
}{
	{[]string{"cycle", "create", "x", "--framework", "zwgk-2016", "--as-of", "2026-11-01"}, 1, []string{"no zwgk database at DB", "zwgk agencies import FILE"}},
	{[]string{"user", "add", "boss", "--role", "admin", "--password-stdin"}, 0, []string{"user boss (admin) created"}},
	{[]string{"cycle", "create", "x", "--framework", "zwgk-2016", "--as-of", "2026-11-01"}, 1, []string{"no agencies imported yet in DB: import them first"}},
	{[]string{"cycle", "list"}, 0, []string{"NAME"}},
	{[]string{"agencies", "import", "../../agencies/testdata/good.csv"}, 0, []string{"4 added"}},
	{[]string{"cycle", "create", "2026-gd", "--framework", "zwgk-2016", "--as-of", "2026-11-01", "--agencies", "region=44,level=county"}, 0,
		[]string{"cycle 2026-gd created: framework zwgk-2016", "agencies enrolled: 1"}},
	{[]string{"cycle", "create", "2026-all", "--framework", "../../indicators/builtin/gov-website-2019.yaml", "--as-of", "2026-11-01", "--window", "30"}, 0,
		[]string{"framework gov-website-2019", "window 30 days, agencies enrolled: 4"}},
	{[]string{"cycle", "create", "2026-gd", "--framework", "zwgk-2016", "--as-of", "2026-11-01"}, 1, []string{`a cycle named "2026-gd" exists already`}},
	{[]string{"cycle", "create", "x", "--framework", "zwgk-2016", "--as-of", "2026-11-01", "--agencies", "region=12"}, 1, []string{"no imported agency matches", "of 4 agencies imported"}},
	{[]string{"cycle", "create", "x", "--framework", "no-such", "--as-of", "2026-11-01"}, 1, []string{"no built-in framework"}},
	{[]string{"cycle", "create", "x", "--framework", "zwgk-2016", "--as-of", "1.11.2026"}, 2, []string{"--as-of"}},
	{[]string{"cycle", "create", "x", "--framework", "zwgk-2016"}, 2, []string{"--as-of is required"}},
	{[]string{"cycle", "create", "x", "--as-of", "2026-11-01"}, 2, []string{"--framework is required"}},
	{[]string{"cycle", "create", "x", "--framework", "zwgk-2016", "--as-of", "2026-11-01", "--agencies", "colour=red"}, 2, []string{"unknown key"}},
	{[]string{"cycle", "list"}, 0, []string{"2026-all  draft  2026-11-01  gov-website-2019  4", "2026-gd   draft  2026-11-01  zwgk-2016         1"}},
	{[]string{"cycle", "show", "2026-all"}, 0, []string{"state      draft (草稿)", "window 30 days (from 2026-10-02)", "agencies   4", "pending  4"}},
	{[]string{"cycle", "show", "nope"}, 1, []string{"cycle nope: not found in database DB", "'zwgk cycle list'"}},
	{[]string{"cycle", "show", "2026-all", "--db"}, 2, []string{"flag needs an argument: --db"}},
	{[]string{"cycle", "show"}, 2, []string{"want one NAME"}},
}

// stamps are the creation times, which differ from run to run.
var stamps = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d UTC)?`)

func TestCycleCommandsBothBackends(t *testing.T) {
	transcripts := map[string]string{}
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		var all strings.Builder
		// The database's name differs by backend; messages call it DB.
		abs, _ := filepath.Abs(dsn)
		stdin = strings.NewReader("correct horse battery\n")
		defer func() { stdin = os.Stdin }()
		for _, step := range cycleScript {
			code, stdout, stderr := run(t, dsn, step.args...)
			stdout = strings.ReplaceAll(strings.ReplaceAll(stdout, abs, "DB"), dsn, "DB")
			stderr = strings.ReplaceAll(strings.ReplaceAll(stderr, abs, "DB"), dsn, "DB")
			out := stdout
			if step.code != 0 {
				out = stderr
			}
			if code != step.code {
				t.Fatalf("%v: exit %d, want %d\n%s%s", step.args, code, step.code, stdout, stderr)
			}
			for _, w := range step.want {
				if !strings.Contains(out, w) {
					t.Errorf("%v: output lacks %q:\n%s", step.args, w, out)
				}
			}
			all.WriteString(stamps.ReplaceAllString(stdout+stderr, "TIME"))
		}
		transcripts[backend] = all.String()
	})
	if s, p := transcripts[store.SQLite], transcripts[store.Postgres]; s != "" && p != "" && s != p {
		t.Errorf("SQLite and PostgreSQL sessions differ:\n--- sqlite\n%s\n--- postgres\n%s", s, p)
	}
}

// cycle show of a published cycle says when it was published.
func TestCycleShowPublished(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		if code, _, stderr := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(stderr)
		}
		if code, _, stderr := run(t, dsn, "cycle", "create", "p", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
			t.Fatal(stderr)
		}
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		c, err := db.CycleByName(t.Context(), "p")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview, zwgk.CyclePublished} {
			if err := db.SetCycleState(t.Context(), c.ID, s); err != nil {
				t.Fatal(err)
			}
		}
		code, stdout, _ := run(t, dsn, "cycle", "show", "p")
		if code != 0 || !strings.Contains(stdout, "published (已发布)") || !strings.Contains(stdout, "published  20") {
			t.Errorf("show published: exit %d\n%s", code, stdout)
		}
	})
}
