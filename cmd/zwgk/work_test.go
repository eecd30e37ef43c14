package main

import (
	"strings"
	"testing"

	"zwgk/store/storetest"
)

// TestCycleScorePublish scores a cycle nobody crawled (every agency fails
// with the reason stated rather than dropping out), publishes it, and
// checks that a published cycle refuses a re-score and a crawl, on both
// backends.
func TestCycleScorePublish(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		steps := []struct {
			args []string
			code int
			want string
		}{
			{[]string{"agencies", "import", "../../agencies/testdata/good.csv"}, 0, "4 added"},
			{[]string{"cycle", "create", "c1", "--framework", "zwgk-2016", "--as-of", "2026-11-01"}, 0, "agencies enrolled: 4"},
			{[]string{"cycle", "publish", "c1"}, 1, "score it"},
			// Never crawled: nothing is known of the sites, so nothing is
			// vetoed; every finding waits for a crawl or an assessor.
			{[]string{"cycle", "score", "c1"}, 0, "scored 4 agencies (vetoed: 0, provisional: 4)"},
			{[]string{"cycle", "score", "c1"}, 0, "state review"},
			{[]string{"cycle", "score"}, 2, "want one cycle name"},
			{[]string{"cycle", "publish", "c1"}, 1, "findings pending an assessor"},
			{[]string{"cycle", "publish", "c1", "--provisional"}, 0, "cycle c1 published PROVISIONALLY (暂定)"},
			{[]string{"cycle", "publish", "c1"}, 1, "was published already"},
			{[]string{"cycle", "score", "c1"}, 1, "published and cannot be changed"},
			{[]string{"cycle", "crawl", "c1", "--enqueue-only"}, 1, "published and cannot be changed"},
		}
		for _, s := range steps {
			code, out, errOut := run(t, dsn, s.args...)
			if code != s.code || !strings.Contains(out+errOut, s.want) {
				t.Fatalf("zwgk %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", strings.Join(s.args, " "), code, s.code, s.want, out, errOut)
			}
		}
	})
}
