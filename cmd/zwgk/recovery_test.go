package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"zwgk"
	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
	"zwgk/store"
	"zwgk/store/storetest"
)

// Crash and fault recovery of the command (issue 13): kill -9 of a crawl
// then a rerun, a full disk, two processes on a new SQLite file, and who
// holds the jobs on PostgreSQL.

// farmAgencies serves a healthy farm of n sites and writes its agencies
// file.
func farmAgencies(t *testing.T, n int, seed int64) (*sitefarm.Farm, string) {
	t.Helper()
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: n, Seed: seed})
	var b bytes.Buffer
	if err := farm.WriteAgenciesCSV(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "agencies.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return farm, path
}

// newCycle imports the agencies file into dsn and creates cycle r.
func newCycle(t *testing.T, dsn, agencies string, asOf zwgk.Date) {
	t.Helper()
	for _, args := range [][]string{
		{"agencies", "import", agencies},
		{"cycle", "create", "r", "--framework", "zwgk-2016", "--as-of", asOf.String()},
	} {
		if code, _, errOut := run(t, dsn, args...); code != 0 {
			t.Fatalf("zwgk %v: %s", args, errOut)
		}
	}
}

var crawlFlags = []string{"--delay", "0", "--per-host", "4", "--sites", "4"}

// seen is what a crawl saw of a site, without the times it saw it at.
func seen(t *testing.T, dsn string) map[string]string {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CycleByName(context.Background(), "r")
	if err != nil {
		t.Fatal(err)
	}
	ens, err := st.Enrolments(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ens {
		ev, ok, err := st.Evidence(context.Background(), c.ID, e.Agency)
		if err != nil || !ok {
			t.Fatalf("evidence of %s: %v %v (state %s)", e.Agency, ok, err, e.CrawlState)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "state %s\n", e.CrawlState)
		if ev.Failure != nil {
			fmt.Fprintf(&b, "failure %s %s\n", ev.Failure.Cause, ev.Failure.URL)
		}
		var pages []string
		for _, p := range ev.Pages {
			pages = append(pages, fmt.Sprintf("page %s %d %s %s", p.URL, p.Status, p.SHA256, p.Cause))
		}
		sort.Strings(pages)
		b.WriteString(strings.Join(pages, "\n"))
		for _, col := range ev.Columns {
			fmt.Fprintf(&b, "\ncolumn %s %s %v pages %d complete %v %s", col.Name, col.URL, col.Indicators, col.Pages, col.Complete, col.Cause)
			for _, it := range col.Items {
				fmt.Fprintf(&b, "\n  item %s %s %s", it.Title, it.URL, it.Date)
			}
		}
		out[e.Agency] = b.String()
	}
	return out
}

func sameSeen(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d agencies seen, want %d", len(got), len(want))
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("%s: evidence after kill -9 and rerun differs from an uninterrupted crawl:\n--- got\n%.1500s\n--- want\n%.1500s", code, got[code], w)
		}
	}
}

func crawlCounts(t *testing.T, dsn string) (done, running, total int) {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CycleByName(context.Background(), "r")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := st.CycleCounts(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range counts {
		total += n
	}
	return counts[store.CrawlDone] + counts[store.CrawlFailed], counts[store.CrawlRunning], total
}

// On SQLite a crawl killed with SIGKILL leaves its jobs "running"; the
// rerun takes them back at once (nothing else can hold them: it holds the
// queue's lock) and finishes within twice the time of an uninterrupted
// crawl, with the same evidence. Before, it waited River's rescue
// threshold (30 minutes) in silence.
func TestCrawlKilledThenRerunOnSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site farm twice: skipped in -short mode")
	}
	farm, agencies := farmAgencies(t, 12, 7)

	whole := storetest.DSN(t, store.SQLite)
	newCycle(t, whole, agencies, farm.AsOf)
	start := time.Now()
	code, out, errOut := runProcess(t, append([]string{"--db", whole, "cycle", "crawl", "r"}, crawlFlags...)...)
	uninterrupted := time.Since(start)
	if code != 0 {
		t.Fatalf("uninterrupted crawl: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("uninterrupted crawl of %d sites: %s", len(farm.Sites), uninterrupted.Round(time.Millisecond))

	killed := storetest.DSN(t, store.SQLite)
	newCycle(t, killed, agencies, farm.AsOf)
	cmd := zwgkProcess(t, append([]string{"--db", killed, "cycle", "crawl", "r"}, crawlFlags...)...)
	var first bytes.Buffer
	cmd.Stdout, cmd.Stderr = &first, &first
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		done, running, total := crawlCounts(t, killed)
		if done >= total/3 && running > 0 {
			t.Logf("kill -9 with %d of %d sites done and %d running", done, total, running)
			break
		}
		if time.Now().After(deadline) || done == total {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("never caught the crawl midway (%d/%d done, %d running):\n%s", done, total, running, first.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	// The rerun, bounded: a rerun that waits for River's rescuer would
	// take half an hour.
	limit := 2 * uninterrupted
	rerun := zwgkProcess(t, append([]string{"--db", killed, "cycle", "crawl", "r"}, crawlFlags...)...)
	var o, e bytes.Buffer
	rerun.Stdout, rerun.Stderr = &o, &e
	start = time.Now()
	if err := rerun.Start(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- rerun.Wait() }()
	select {
	case err := <-ended:
		took := time.Since(start)
		t.Logf("rerun after kill -9: %s (limit %s)\n%s%s", took.Round(time.Millisecond), limit.Round(time.Millisecond), o.String(), e.String())
		if err != nil {
			t.Fatalf("rerun: %v", err)
		}
		if took > limit {
			t.Errorf("rerun took %s, more than twice the uninterrupted %s", took, uninterrupted)
		}
	case <-time.After(limit + 30*time.Second):
		rerun.Process.Kill()
		<-ended
		t.Fatalf("rerun still running after %s (it waits for the killed process's jobs):\n%s%s", limit+30*time.Second, o.String(), e.String())
	}
	if !strings.Contains(e.String(), "took back") || !strings.Contains(e.String(), "crawl job") {
		t.Errorf("rerun did not say it took back the dead process's jobs:\n%s", e.String())
	}
	sameSeen(t, seen(t, killed), seen(t, whole))
}

// While one process crawls a SQLite database, a second is refused with a
// message naming the first: SQLite is worked by one process, and taking
// back "running" jobs is only safe because of that.
func TestSecondCrawlOnSQLiteRefused(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	if code, _, errOut := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, dsn, "cycle", "create", "r", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
		t.Fatal(errOut)
	}
	// Hold the crawl queue's lock as a running crawl does.
	holder := exec.Command("flock", "--exclusive", dsn+"-crawl.lock", "sleep", "30")
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("needs flock(1) to hold the lock from another process")
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { holder.Process.Kill(); holder.Wait() }()
	for i := 0; i < 100; i++ { // until flock holds it
		if _, err := os.Stat(dsn + "-crawl.lock"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	code, _, errOut := run(t, dsn, "cycle", "crawl", "r")
	if code != 1 || !strings.Contains(errOut, "another zwgk process") || !strings.Contains(errOut, "one process at a time") {
		t.Errorf("second crawl: exit %d, %q", code, errOut)
	}
}

// Two crawls started at once on a new SQLite file both create River's
// tables safely (one waits for the other's transaction): neither fails
// with "table … already exists", and the jobs are inserted once.
func TestRiverMigrationTwoProcessesOnNewSQLite(t *testing.T) {
	for round := range 6 {
		dsn := storetest.DSN(t, store.SQLite)
		if code, _, errOut := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(errOut)
		}
		if code, _, errOut := run(t, dsn, "cycle", "create", "r", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
			t.Fatal(errOut)
		}
		type result struct {
			code     int
			out, err string
		}
		res := make(chan result, 2)
		for range 2 {
			go func() {
				c, o, e := runProcess(t, "--db", dsn, "cycle", "crawl", "r", "--enqueue-only")
				res <- result{c, o, e}
			}()
		}
		for range 2 {
			r := <-res
			if r.code != 0 {
				t.Fatalf("round %d: exit %d: %s%s", round, r.code, r.out, r.err)
			}
		}
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM river_job WHERE kind = 'crawl_site'").Scan(&n); err != nil || n != 4 {
			t.Errorf("round %d: %d crawl jobs (%v), want 4", round, n, err)
		}
		db.Close()
	}
}

// On PostgreSQL other machines may hold a cycle's jobs: cycle show and
// cycle crawl say which worker holds them, since when, and when River
// hands them back if that worker is gone.
func TestHeldJobsShownOnPostgres(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	if code, _, errOut := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, dsn, "cycle", "create", "r", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, dsn, "cycle", "crawl", "r", "--enqueue-only"); code != 0 {
		t.Fatal(errOut)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	since := time.Now().Add(-5 * time.Minute).Truncate(time.Second)
	if _, err := db.Exec(`UPDATE river_job SET state = 'running', attempt = 1, attempted_by = ARRAY['ghost-host-4711'], attempted_at = $1
		WHERE id IN (SELECT id FROM river_job WHERE kind = 'crawl_site' ORDER BY id LIMIT 2)`, since); err != nil {
		t.Fatal(err)
	}
	back := since.Add(30 * time.Minute).Local().Format("2006-01-02 15:04:05")
	for _, args := range [][]string{{"cycle", "show", "r"}, {"cycle", "crawl", "r", "--enqueue-only"}} {
		code, out, errOut := run(t, dsn, args...)
		if code != 0 || !strings.Contains(out, "2 crawl jobs held by worker ghost-host-4711 since "+since.Local().Format("2006-01-02 15:04:05")) ||
			!strings.Contains(out, "River hands them back from "+back) {
			t.Errorf("zwgk %v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}

// smallDisk mounts a tmpfs of size bytes on dir when this process may
// (root, as in CI), and returns a function that grows it (freeing space);
// nil when it cannot mount.
func smallDisk(t *testing.T, dir string, size int64) func(int64) {
	t.Helper()
	if os.Geteuid() != 0 || os.Getenv("ZWGK_TEST_NO_MOUNT") != "" {
		return nil
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Logf("no tmpfs (%v: %s): using SQLite's page limit instead", err, out)
		return nil
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return func(n int64) {
		if out, err := exec.Command("mount", "-o", fmt.Sprintf("remount,size=%d", n), dir).CombinedOutput(); err != nil {
			t.Fatalf("grow tmpfs: %v %s", err, out)
		}
	}
}

// fullDiskDB is a cycle "r" of 8 farm sites with its crawl jobs enqueued,
// in a database on a disk with 600 KiB to spare: a real small file system
// when the test may mount one (root, as in CI), else SQLite's own page
// limit, which fails the same way (SQLITE_FULL). It returns the database's
// path, the DSN to crawl with, and how to free space (nil: reopen with path).
func fullDiskDB(t *testing.T) (path, full string, grow func(int64)) {
	t.Helper()
	farm, agencies := farmAgencies(t, 8, 9)
	setup := storetest.DSN(t, store.SQLite)
	newCycle(t, setup, agencies, farm.AsOf)
	if code, _, errOut := run(t, setup, "cycle", "crawl", "r", "--enqueue-only"); code != 0 {
		t.Fatal(errOut)
	}
	// Put the database, checkpointed into one file, on the small disk.
	db, err := sql.Open("sqlite", setup)
	if err != nil {
		t.Fatal(err)
	}
	var pages int64
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := os.ReadFile(setup)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// 600 KiB for the crawl, beyond the 256 KiB the queue's lock file
	// reserves for handing its jobs back and SQLite's 32 KiB index file.
	grow = smallDisk(t, dir, int64(len(raw))+(600+256+32)<<10)
	path = filepath.Join(dir, "zwgk.db")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	full = path
	if grow == nil {
		full = fmt.Sprintf("file:%s?_pragma=max_page_count(%d)", path, pages+150)
	}
	t.Logf("database of %d KiB on a disk with 600 KiB to spare (tmpfs: %v)", len(raw)>>10, grow != nil)
	return path, full, grow
}

// runningJobs counts the River jobs left running in the database at path.
func runningJobs(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var running int
	if err := db.QueryRow("SELECT COUNT(*) FROM river_job WHERE state = 'running'").Scan(&running); err != nil {
		t.Fatal(err)
	}
	return running
}

// A crawl whose database cannot grow stops with one clear error and exit
// 1, leaves no job running, and the rerun after space is freed finishes
// every site. Before, `cycle crawl` never exited (hundreds of "database
// or disk is full" lines) and left its jobs running.
func TestCrawlDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site farm: skipped in -short mode")
	}
	path, full, grow := fullDiskDB(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(), envChild(t, append([]string{"--db", full, "cycle", "crawl", "r"}, crawlFlags...)), "ZWGK_DB=")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("crawl on a full disk still running after 3 minutes:\n%.3000s", e.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	lines := strings.Split(strings.TrimSpace(e.String()), "\n")
	t.Logf("full disk: exit %d after %s\n%s", code, time.Since(start).Round(time.Millisecond), e.String())
	if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "zwgk cycle crawl: stopped: the database "+path+" cannot grow (database or disk is full") ||
		!strings.Contains(lines[0], "free space and rerun 'zwgk cycle crawl r'") || !strings.Contains(lines[0], "every page stored so far is kept") {
		t.Fatalf("full disk: exit %d, want 1 with one line naming the full database:\n%s", code, e.String())
	}

	// Its jobs are released: none is left running for a rescuer to find.
	if running := runningJobs(t, path); running != 0 {
		t.Errorf("%d jobs left running after the crawl stopped", running)
	}

	// Space freed: the rerun resumes and finishes every site.
	if grow != nil {
		grow(512 << 20)
	}
	code, out, errOut := runProcess(t, append([]string{"--db", path, "cycle", "crawl", "r"}, crawlFlags...)...)
	if code != 0 || !strings.Contains(out, "crawled 8 of 8 sites") {
		t.Fatalf("rerun after freeing space: exit %d\n%s%s", code, out, errOut)
	}
	for code, s := range seen(t, path) {
		if !strings.HasPrefix(s, "state done") {
			t.Errorf("%s after the rerun: %.200s", code, s)
		}
	}
}

// A long-running worker whose database cannot grow exits 1 naming the
// database, instead of staying up with every job handed back; its jobs are
// back in the queue and a worker started after space is freed finishes them.
func TestWorkerDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site farm: skipped in -short mode")
	}
	path, full, grow := fullDiskDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(), envChild(t, append([]string{"--db", full, "worker", "--id", "wfull", "--probe-workers", "0"}, crawlFlags...)), "ZWGK_DB=")
	var e bytes.Buffer
	cmd.Stderr = &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("worker on a full disk still running after 3 minutes:\n%.3000s", e.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	t.Logf("worker on a full disk: exit %d\n%s", code, e.String())
	if code != 1 || !strings.Contains(e.String(), "zwgk worker: worker wfull stopped: the database "+path+" cannot grow (database or disk is full") ||
		!strings.Contains(e.String(), "free space and start the worker again") {
		t.Fatalf("worker on a full disk: exit %d, want 1 with the line naming the full database:\n%s", code, e.String())
	}
	if running := runningJobs(t, path); running != 0 {
		t.Errorf("%d jobs left running after the worker stopped", running)
	}
	if grow != nil {
		grow(512 << 20)
	}
	code, out, errOut := runProcess(t, append([]string{"--db", path, "cycle", "crawl", "r"}, crawlFlags...)...)
	if code != 0 || !strings.Contains(out, "crawled 8 of 8 sites") {
		t.Fatalf("crawl after freeing space: exit %d\n%s%s", code, out, errOut)
	}
}
