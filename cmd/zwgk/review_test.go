package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestReviewCommand: publication refuses while manual indicators are
// pending, naming them; a reviews file with one bad line changes nothing
// and names every bad line; the good file (GBK, as Excel saves it) stores
// every review, re-scores, and the cycle publishes as final.
func TestReviewCommand(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		must := func(want string, code int, args ...string) string {
			t.Helper()
			got, out, errOut := run(t, dsn, args...)
			if got != code || !strings.Contains(out+errOut, want) {
				t.Fatalf("zwgk %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", strings.Join(args, " "), got, code, want, out, errOut)
			}
			return out + errOut
		}
		must("4 added", 0, "agencies", "import", "../../agencies/testdata/good.csv")
		must("agencies enrolled: 4", 0, "cycle", "create", "c1", "--framework", "zwgk-2016", "--as-of", "2026-11-01")
		must("before reviewing", 1, "review", "c1", "--file", "nope.csv")
		must("scored 4 agencies", 0, "cycle", "score", "c1")
		out := must("findings pending an assessor", 1, "cycle", "publish", "c1")
		if !strings.Contains(out, "first: ") || !strings.Contains(out, "--provisional") {
			t.Errorf("refusal does not list the first pending findings or the way out:\n%s", out)
		}
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := db.CycleByName(t.Context(), "c1")
		pending, n, err := db.PendingFindings(t.Context(), c.ID, store.QueueFilter{})
		db.Close()
		if err != nil || n == 0 {
			t.Fatalf("pending %d %v", n, err)
		}
		tpl := must("findings pending an assessor", 0, "review", "c1", "--template")
		if got := strings.Count(tpl, "\n"); got != n+2 /* header, n lines, the count on stderr */ || !strings.HasPrefix(tpl, "\ufeffagency,indicator,outcome,fraction,reason,evidence,name,measure") {
			t.Errorf("template has %d lines for %d pending:\n%s", got, n, tpl)
		}
		dir := t.TempDir()
		var good strings.Builder
		good.WriteString("agency,indicator,outcome,fraction,reason\n")
		for i, p := range pending {
			if i%2 == 0 {
				fmt.Fprintf(&good, "%s,%s,部分达标,0.5,抽查材料部分齐全\n", p.Agency, p.Indicator)
			} else {
				fmt.Fprintf(&good, "%s,%s,fail,,未见相关材料\n", p.Agency, p.Indicator)
			}
		}
		badText := good.String() + pending[0].Agency + ",NOPE,pass,,x\n" + "nobody," + pending[0].Indicator + ",partial,NaN,x\n"
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte(badText), 0o644)
		lines := len(pending) + 2
		out = must("nothing imported", 1, "review", "c1", "--file", bad)
		for _, w := range []string{fmt.Sprintf("bad.csv:%d: column indicator", lines), fmt.Sprintf("bad.csv:%d: column agency", lines+1), fmt.Sprintf("bad.csv:%d: column fraction", lines+1)} {
			if !strings.Contains(out, w) {
				t.Errorf("error lacks %q:\n%s", w, out)
			}
		}
		db, _ = store.Open(t.Context(), dsn)
		if rs, _ := db.Reviews(t.Context(), c.ID); len(rs) != 0 {
			t.Errorf("a refused file stored %d reviews", len(rs))
		}
		db.Close()
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(good.String())
		file := filepath.Join(dir, "reviews.csv")
		os.WriteFile(file, []byte(gbk), 0o644)
		must(fmt.Sprintf("%d reviews stored", len(pending)), 0, "review", "c1", "--file", file)
		must("0 findings pending", 0, "review", "c1", "--file", file) // the same again: later reviews replace earlier ones
		must("cycle c1 published (final)", 0, "cycle", "publish", "c1")
		db, _ = store.Open(t.Context(), dsn)
		defer db.Close()
		c, _ = db.CycleByName(t.Context(), "c1")
		cards, _ := db.Scorecards(t.Context(), c.ID)
		if c.State != zwgk.CyclePublished || c.Provisional {
			t.Errorf("cycle %s provisional %v", c.State, c.Provisional)
		}
		for _, cd := range cards {
			if cd.Provisional {
				t.Errorf("%s still provisional after every pending finding was reviewed", cd.Agency)
			}
		}
		log, _ := db.AuditLog(t.Context(), 500)
		bulk := false
		for _, e := range log {
			bulk = bulk || e.Action == "review.bulk" && e.Who != "system" && e.Who != ""
		}
		if !bulk {
			t.Errorf("the import is not audited under the operator's name")
		}
	})
}
