package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
	"zwgk/store"
	"zwgk/store/storetest"
)

// The first hour with zwgk (issue 18): what a new user meets on the way
// through the README, command by command, with exit status and message.

// leaves lists the path of every command with a Run, e.g. "cycle list".
func leaves(c *Command, path string) []string {
	var out []string
	if c.Run != nil {
		out = append(out, path)
	}
	for name, sub := range c.sub {
		out = append(out, leaves(sub, strings.TrimSpace(path+" "+name))...)
	}
	return out
}

func TestEveryLeafPrintsHelpOnce(t *testing.T) {
	all := leaves(root, "")
	if len(all) < 20 {
		t.Fatalf("only %d leaf commands: %v", len(all), all)
	}
	for _, path := range all {
		var o, e bytes.Buffer
		args := append(strings.Fields(path), "--help")
		code := Main(context.Background(), args, &o, &e)
		if code != 0 || strings.Count(o.String(), "usage: zwgk "+path) != 1 || e.Len() != 0 {
			t.Errorf("zwgk %s --help: exit %d, %d usage lines, stderr %q\n%s", path, code, strings.Count(o.String(), "usage:"), e.String(), o.String())
		}
	}
	// A bad flag is a usage error on stderr, and prints no help on stdout.
	code, out, errOut := runMain(t, "cycle", "list", "--colour")
	if code != 2 || out != "" || !strings.Contains(errOut, "flag provided but not defined: -colour") {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestNoCommandIsAUsageError(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stream string // "out" or "err"
		want   string
	}{
		{nil, 2, "err", "zwgk: a command is missing"},
		{[]string{"cycle"}, 2, "err", "zwgk cycle: a command is missing"},
		{[]string{"nosuch"}, 2, "err", `unknown command "nosuch"`},
		{[]string{"--colour"}, 2, "err", "unknown option --colour"},
		{[]string{"--help"}, 0, "out", "commands:"},
		{[]string{"help"}, 0, "out", "Global options (before or after the command)"},
		{[]string{"cycle", "--help"}, 0, "out", "zwgk cycle — "},
	} {
		code, out, errOut := runMain(t, tc.args...)
		got := errOut
		if tc.stream == "out" {
			got = out
		}
		if code != tc.code || !strings.Contains(got, tc.want) {
			t.Errorf("zwgk %v: exit %d (want %d), %s lacks %q:\n%s%s", tc.args, code, tc.code, tc.stream, tc.want, out, errOut)
		}
	}
}

// --db and --as work before and after the command; the audit log names
// the operator (--as, or the OS user), never "system".
func TestGlobalFlagsAnywhereAndOperatorAudited(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		steps := []struct {
			args []string
			want string
		}{
			{[]string{"agencies", "import", "../../agencies/testdata/good.csv", "--db", dsn, "--as", "chen"}, "4 added"},
			{[]string{"cycle", "create", "g", "--framework", "zwgk-2016", "--as-of", "2026-11-01", "--db=" + dsn}, "agencies enrolled: 4"},
			{[]string{"--as=li", "cycle", "score", "g", "-db", dsn}, "scored 4 agencies"},
			{[]string{"--db", dsn, "cycle", "list"}, "g     review"},
			{[]string{"cycle", "list", "--db", dsn}, "g     review"},
		}
		for _, s := range steps {
			code, out, errOut := runMain(t, s.args...)
			if code != 0 || !strings.Contains(out, s.want) {
				t.Fatalf("zwgk %v: exit %d, stdout %q lacks %q; stderr %q", s.args, code, out, s.want, errOut)
			}
		}
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		log, err := st.AuditLog(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		who := map[string]string{}
		for _, e := range log {
			if _, seen := who[e.Action]; !seen {
				who[e.Action] = e.Who // newest first
			}
		}
		me := osUser()
		if me == "" || me == "system" {
			t.Fatalf("OS user %q", me)
		}
		want := map[string]string{"agencies.import": "chen", "cycle.create": me, "cycle.state": "li"}
		for action, w := range want {
			if who[action] != w {
				t.Errorf("audit %s by %q, want %q (all: %v)", action, who[action], w, who)
			}
		}
	})
	if code, _, errOut := runMain(t, "cycle", "list", "--as", "a\nb"); code != 2 || !strings.Contains(errOut, "printable") {
		t.Errorf("--as with a newline: exit %d, %q", code, errOut)
	}
}

// A mistyped scheme is a usage error naming both accepted forms, and
// leaves no file named after it.
func TestUnknownDSNScheme(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, dsn := range []string{"postgress://u@localhost/zwgk", "mysql://u@localhost/zwgk"} {
		for _, args := range [][]string{{"cycle", "list"}, {"user", "add", "x", "--role", "admin"}} {
			code, _, errOut := runMain(t, append([]string{"--db", dsn}, args...)...)
			if code != 2 || !strings.Contains(errOut, "unknown database scheme") || !strings.Contains(errOut, "SQLite file") ||
				!strings.Contains(errOut, "postgres://user@host/dbname") {
				t.Errorf("--db %s %v: exit %d, %q", dsn, args, code, errOut)
			}
		}
	}
	t.Setenv("ZWGK_DB", "mysql://x/y")
	if code, _, errOut := runMain(t, "user", "list"); code != 2 || !strings.Contains(errOut, "unknown database scheme \"mysql://\"") {
		t.Errorf("ZWGK_DB=mysql://…: exit %d, %q", code, errOut)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}

// A user in the wrong folder is told there is no database there, and no
// empty database appears: only import and user add start one.
func TestReadOnlyCommandsCreateNoDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("ZWGK_DB", "")
	want := filepath.Join(dir, "zwgk.db")
	if abs, err := filepath.EvalSymlinks(dir); err == nil && abs != dir {
		want = filepath.Join(abs, "zwgk.db")
	}
	for _, args := range [][]string{
		{"cycle", "list"}, {"cycle", "show", "2027"}, {"cycle", "create", "2027", "--framework", "zwgk-2016", "--as-of", "2027-11-20"},
		{"cycle", "crawl", "2027"}, {"cycle", "score", "2027"}, {"cycle", "publish", "2027"}, {"monitor", "2027"},
		{"agencies", "list"}, {"user", "list"}, {"user", "passwd", "chen"}, {"user", "disable", "chen"},
		{"report", "2027", "--out", "r"}, {"sitefarm", "verify", "--cycle", "2027"}, {"serve", "--addr", "127.0.0.1:0"},
	} {
		code, out, errOut := runMain(t, args...)
		if code != 1 || !strings.Contains(errOut, "no zwgk database at") || !strings.Contains(errOut, "zwgk.db") ||
			!strings.Contains(errOut, "--db") {
			t.Errorf("zwgk %v: exit %d\nstdout %q\nstderr %q", args, code, out, errOut)
		}
		if _, err := os.Stat("zwgk.db"); !os.IsNotExist(err) {
			t.Fatalf("zwgk %v created zwgk.db", args)
		}
	}
	_, _, errOut := runMain(t, "cycle", "list")
	if !strings.Contains(errOut, want) && !strings.Contains(errOut, filepath.Join(dir, "zwgk.db")) {
		t.Errorf("message does not name the absolute path %s: %q", want, errOut)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}

// "not found" names the database and the command listing what is there.
func TestCycleNotFoundNamesTheDatabase(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	if code, _, errOut := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
		t.Fatal(errOut)
	}
	abs, _ := filepath.Abs(dsn)
	for _, args := range [][]string{
		{"cycle", "show", "2027"}, {"cycle", "crawl", "2027", "--enqueue-only"}, {"cycle", "score", "2027"},
		{"cycle", "publish", "2027"}, {"monitor", "2027", "--stop"}, {"sitefarm", "verify", "--cycle", "2027"},
	} {
		code, _, errOut := run(t, dsn, args...)
		if code != 1 || !strings.Contains(errOut, "cycle 2027: not found in database "+abs) || !strings.Contains(errOut, "'zwgk cycle list'") {
			t.Errorf("zwgk %v: exit %d, %q", args, code, errOut)
		}
	}
}

func TestUserLifecycle(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		if code, _, errOut := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(errOut)
		}
		defer func() { stdin = os.Stdin }()
		code, out, errOut := run(t, dsn, "user", "list")
		if code != 0 || out != "" || !strings.Contains(errOut, "no users yet") || !strings.Contains(errOut, "zwgk user add NAME --role admin") {
			t.Errorf("user list with no users: exit %d, %q %q", code, out, errOut)
		}
		if code, out, errOut := run(t, dsn, "user", "add", "chen", "--role", "assessor"); code != 0 || !strings.Contains(out, "password: ") {
			t.Fatalf("user add: %d %q %q", code, out, errOut)
		}
		code, _, errOut = run(t, dsn, "user", "add", "chen", "--role", "admin")
		if code != 1 || !strings.Contains(errOut, "user chen exists already") || !strings.Contains(errOut, "zwgk user passwd chen") ||
			strings.Contains(errOut, "constraint") {
			t.Errorf("second user add: exit %d, %q", code, errOut)
		}
		stdin = strings.NewReader("a new long secret\n")
		if code, out, errOut := run(t, dsn, "user", "passwd", "chen", "--password-stdin"); code != 0 || !strings.Contains(out, "password changed") || strings.Contains(out, "password: ") {
			t.Errorf("passwd: %d %q %q", code, out, errOut)
		}
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.UserByName(context.Background(), "chen")
		if err != nil || bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte("a new long secret")) != nil {
			t.Errorf("new password does not log in: %v", err)
		}
		code, out, _ = run(t, dsn, "user", "passwd", "chen")
		pw := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
		if code != 0 || pw == nil {
			t.Fatalf("generated passwd: %d %q", code, out)
		}
		u, _ = st.UserByName(context.Background(), "chen")
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw[1])) != nil {
			t.Error("the printed password does not log in")
		}
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"user", "disable", "chen"}, 0, "user chen disabled: it cannot log in"},
			{[]string{"user", "disable", "chen"}, 0, "disabled already"},
			{[]string{"user", "list"}, 0, "chen  assessor            disabled"},
			{[]string{"user", "passwd", "chen", "--password-stdin"}, 0, "still disabled: 'zwgk user enable chen'"},
			{[]string{"user", "enable", "chen"}, 0, "user chen enabled"},
			{[]string{"user", "list"}, 0, "chen  assessor            enabled"},
			{[]string{"user", "passwd", "wang"}, 1, "no user wang in database"},
			{[]string{"user", "disable"}, 2, "want one user name"},
		} {
			stdin = strings.NewReader("yet another secret\n")
			code, out, errOut := run(t, dsn, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("zwgk %v: exit %d (want %d), output lacks %q:\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
			}
			if tc.args[1] == "disable" && code == 0 {
				if _, err := st.UserByName(context.Background(), "chen"); err == nil {
					t.Error("a disabled user can still log in")
				}
			}
		}
	})
}

// Counts read the same for one and for many.
func TestCountsReadForOne(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	for _, s := range []struct {
		args []string
		want string
	}{
		{[]string{"agencies", "import", "../../agencies/testdata/good.csv"}, "4 added"},
		{[]string{"cycle", "create", "one", "--framework", "zwgk-2016", "--as-of", "2026-11-01", "--agencies", "level=county,region=44"}, "agencies enrolled: 1"},
		{[]string{"cycle", "crawl", "one", "--enqueue-only"}, "cycle one: 1 crawl job enqueued"},
		{[]string{"cycle", "show", "one"}, "crawl jobs: 1"},
		{[]string{"cycle", "score", "one"}, "scored 1 agency (vetoed: 0, provisional: 1)"},
	} {
		code, out, errOut := run(t, dsn, s.args...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Errorf("zwgk %v: exit %d, %q lacks %q (%s)", s.args, code, out, s.want, errOut)
		}
	}
}

// zwgk crawl URL shows how many pages it has on a terminal (it takes
// minutes at the polite delay), and stays quiet in a pipe.
func TestCrawlURLShowsProgressOnATerminal(t *testing.T) {
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 1, Seed: 2})
	url := farm.Sites[0].URL()
	for _, term := range []bool{true, false} {
		old := isTerminal
		isTerminal = func(*Env) bool { return term }
		code, out, errOut := runMain(t, "crawl", url, "--framework", "zwgk-2016", "--delay", "0", "--as-of", farm.AsOf.String())
		isTerminal = old
		if code != 0 || !strings.Contains(out, `"agency": "site"`) {
			t.Fatalf("crawl (terminal %v): exit %d\n%.500s\n%s", term, code, out, errOut)
		}
		if shown := strings.Contains(errOut, "采集 "+url) && regexp.MustCompile(`\d+ 页`).MatchString(errOut); shown != term {
			t.Errorf("terminal %v: progress shown %v:\n%q", term, shown, errOut)
		}
	}
}
