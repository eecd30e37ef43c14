package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zwgk"
	"zwgk/exchange"
	"zwgk/indicators"
	"zwgk/reports/fonts"
	"zwgk/reports/reportstest"
)

// layoutFaults checks the invariants a reader would stop at, from what
// fpdf measured while drawing (doc.layout):
//   - a heading is followed, on its own page, by content (keep-with-next;
//     in particular none sits in the last 15 % of a page alone);
//   - no table cell's text is wider than the cell inside its padding;
//   - no page is less than 40 % filled, except the last page of a section
//     (the next page opens with a section heading) and the last page.
func layoutFaults(d *doc) []string {
	var faults []string
	l := d.layout
	for _, h := range l.headings {
		i := slices.IndexFunc(l.marks, func(m drawMark) bool { return m.seq >= h.seq && !m.heading })
		if i < 0 || l.marks[i].page != h.page {
			pos := (h.y - bodyTop) / (bodyBottom - bodyTop) * 100
			faults = append(faults, fmt.Sprintf("heading %q at %.0f %% of page %d has nothing after it on its page", h.text, pos, h.page))
		}
	}
	for _, c := range l.cells {
		if c.width > c.inside+0.01 {
			faults = append(faults, fmt.Sprintf("page %d: cell text %q is %.2f mm wide in a %.2f mm cell", c.page, c.text, c.width, c.inside))
		}
	}
	pages := d.pdf.PageCount()
	for p := 1; p < pages; p++ {
		if f := pageFill(d, p); f < 0.4 && !opensSection(d, p+1) {
			faults = append(faults, fmt.Sprintf("page %d of %d is %.0f %% filled and does not end a section", p, pages, f*100))
		}
	}
	return faults
}

// pageFill is how far down the body of page p content reaches (0..1).
func pageFill(d *doc, p int) float64 {
	bottom := bodyTop
	for _, m := range d.layout.marks {
		if m.page == p {
			bottom = max(bottom, m.y1)
		}
	}
	return (bottom - bodyTop) / (bodyBottom - bodyTop)
}

// opensSection reports whether page p's first content is a section heading.
func opensSection(d *doc, p int) bool {
	i := slices.IndexFunc(d.layout.marks, func(m drawMark) bool { return m.page == p })
	if i < 0 {
		return false
	}
	first := d.layout.marks[i]
	for _, h := range d.layout.headings {
		if h.level == 1 && h.page == p && h.seq == first.seq {
			return true
		}
	}
	return false
}

// renderPages renders every page of pdf to PNG at 60 dpi (pdftoppm) and
// returns the images, kept in REPORTS_OUT when set.
func renderPages(t *testing.T, name string, pdf []byte) []image.Image {
	t.Helper()
	needTool(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	if out := os.Getenv("REPORTS_OUT"); out != "" {
		dir = out
	}
	src := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(src, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", src, filepath.Join(dir, name)).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, name+"-*.png"))
	slices.SortFunc(files, func(a, b string) int { return pageNo(a) - pageNo(b) })
	var imgs []image.Image
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		imgs = append(imgs, img)
	}
	return imgs
}

func pageNo(file string) int {
	s := strings.TrimSuffix(file, ".png")
	n, _ := strconv.Atoi(s[strings.LastIndex(s, "-")+1:])
	return n
}

// inkBottom is how far down the body an image of a page has ink other than
// the watermark's pale red and the running head and footer (0..1).
func inkBottom(img image.Image) float64 {
	b := img.Bounds()
	h := float64(b.Dy())
	top, bottom := int(bodyTop/pageH*h), int(bodyBottom/pageH*h)
	last := top
	for y := top; y < bottom; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 200 && g < 200 && bl < 200 || r < 235 && max(r, g, bl)-min(r, g, bl) > 40 && r < 250 && g < 200 {
				last = y
				break
			}
		}
	}
	return (float64(last)/h*pageH - bodyTop) / (bodyBottom - bodyTop)
}

// checkRendered renders the document's pages and checks them: one image
// a page, each page's ink reaching as far as the layout log says (so the
// log the invariants read is what a reader sees), and the invariants.
func checkRendered(t *testing.T, name string, pdf []byte, d *doc) {
	t.Helper()
	imgs := renderPages(t, name, pdf)
	if len(imgs) != d.pdf.PageCount() {
		t.Fatalf("%s: %d page images for %d pages", name, len(imgs), d.pdf.PageCount())
	}
	for i, img := range imgs {
		logged, seen := pageFill(d, i+1), inkBottom(img)
		if seen < logged-0.04 || seen > logged+0.04 {
			t.Errorf("%s page %d: ink reaches %.0f %% of the body, the layout log says %.0f %%", name, i+1, seen*100, logged*100)
		}
	}
	for _, f := range layoutFaults(d) {
		t.Errorf("%s: %s", name, f)
	}
}

// samples are a vetoed, a middle and a good agency of the cohort.
func samples(c *reportstest.Cohort) map[string]int {
	out := map[string]int{}
	var ok []int
	for i, card := range c.Cards {
		if card.Vetoed {
			if _, seen := out["vetoed"]; !seen {
				out["vetoed"] = i
			}
			continue
		}
		ok = append(ok, i)
	}
	slices.SortStableFunc(ok, func(a, b int) int {
		switch {
		case c.Cards[a].Total < c.Cards[b].Total:
			return -1
		case c.Cards[a].Total > c.Cards[b].Total:
			return 1
		}
		return 0
	})
	out["middle"] = ok[len(ok)/2]
	out["good"] = ok[len(ok)-1]
	return out
}

// TestScorecardLayout is the visual test for scorecards: every
// page of a vetoed, a middle and a good agency's scorecard (and of one
// whose site could not be reached) rendered to images and held to the
// layout invariants; and the text layer gives back every number of
// scores.json for the agency at its precision.
func TestScorecardLayout(t *testing.T) {
	c := cohort()
	sf := exchange.Scores(exchange.ScoresDoc{Cycle: c.Cycle.Name, AsOf: c.Cycle.AsOf, Agencies: c.Cards})
	entries := map[string]exchange.ScoreEntry{}
	for _, e := range sf.Agencies {
		entries[e.Code] = e
	}
	for kind, i := range samples(c) {
		t.Run(kind, func(t *testing.T) {
			in := scorecardInput(c, i)
			if kind == "vetoed" && !in.Card.Vetoed || kind != "vetoed" && in.Card.Vetoed {
				t.Fatalf("sample %s is not what it says", kind)
			}
			pdf, d := render(t, in)
			checkRendered(t, kind, pdf, d)
			checkScorecardText(t, in, entries[in.Agency.Code], pdfText(t, pdf, "-raw"))
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		in := scorecardInput(c, samples(c)["middle"])
		in.Pages = nil
		in.Failure = &zwgk.Failure{Cause: zwgk.CauseTimeout, URL: in.Agency.Site, Detail: "首页 15 秒内无响应"}
		pdf, d := render(t, in)
		checkRendered(t, "unreachable", pdf, d)
		text := pdfText(t, pdf, "-raw")
		for _, want := range []string{"网站无法评估", "评估程序未能访问本单位网站，原因：访问超时", "没有可列出的页面证据"} {
			if !strings.Contains(squash(text), squash(want)) {
				t.Errorf("unreachable scorecard lacks %q", want)
			}
		}
		if strings.Contains(text, "下表列出") {
			t.Error("unreachable scorecard announces a table it does not have")
		}
	})
}

// checkScorecardText: the agency's name, every problem statement (bonus
// indicators are not rectified), the total, rank and every indicator's
// points and earned marks as scores.json has them, at the scorecard's
// precision, each on its indicator's row.
func checkScorecardText(t *testing.T, in ScorecardInput, e exchange.ScoreEntry, raw string) {
	t.Helper()
	text := squash(raw)
	f, _ := fonts.Default()
	want := []string{in.Agency.Name, "总分" + mark(e.Total)}
	if e.Rank > 0 {
		want = append(want, fmt.Sprintf("第%d名/共%d个", e.Rank, in.Card.TierSize))
	}
	bonus := map[string]bool{}
	in.Framework.Walk(func(ind *indicators.Indicator, _ int) { bonus[ind.ID] = ind.Kind == indicators.KindBonus })
	for _, fd := range in.Findings {
		if fd.Problem != "" && !bonus[fd.Indicator] {
			want = append(want, clean(f, fd.Problem, maxProblem))
		}
	}
	for _, w := range want {
		if !strings.Contains(text, squash(w)) {
			t.Errorf("%s: text layer lacks %q", in.Agency.Code, w)
		}
	}
	rows := map[string]string{}
	for _, line := range strings.Split(raw, "\n") {
		if id, _, ok := strings.Cut(line, " "); ok {
			if _, known := e.Indicators[id]; known && rows[id] == "" { // the indicator table comes first
				rows[id] = squash(line)
			}
		}
	}
	for id, is := range e.Indicators {
		row, ok := rows[id]
		if !ok {
			t.Errorf("%s: no row for indicator %s", in.Agency.Code, id)
			continue
		}
		if is.Outcome == zwgk.NA || is.Outcome == zwgk.Pending {
			continue
		}
		ind := in.Framework.Indicator(id)
		switch {
		case ind != nil && ind.Kind == indicators.KindVeto:
			continue
		case ind != nil && ind.Kind == indicators.KindDeduct:
			if !strings.Contains(row, "扣"+mark(is.Points-is.Earned)) {
				t.Errorf("%s %s: row %q lacks the deduction %s", in.Agency.Code, id, row, mark(is.Points-is.Earned))
			}
		default:
			if !strings.HasSuffix(strings.TrimSuffix(row, squash(is.Outcome.Chinese())), points(is.Points)+mark(is.Earned)) {
				t.Errorf("%s %s: row %q does not end in points %s and mark %s", in.Agency.Code, id, row, points(is.Points), mark(is.Earned))
			}
		}
	}
}

// TestCohortLayout renders every page of the cohort report, holds it to
// the layout invariants, and checks that its text gives back every
// agency's name and total, at two decimals, on its ranking row.
func TestCohortLayout(t *testing.T) {
	in := cohortInput()
	d, err := renderCohort(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.output(&buf); err != nil {
		t.Fatal(err)
	}
	checkRendered(t, "cohort", buf.Bytes(), d)
	raw := pdfText(t, buf.Bytes(), "-raw")
	for _, c := range in.Cards {
		row := squash(strconv.Itoa(c.Rank) + c.Name)
		found := false
		for _, line := range strings.Split(raw, "\n") {
			if l := squash(line); strings.HasPrefix(l, row) && strings.Contains(l, mark(c.Total)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no ranking row %q with total %s", row, mark(c.Total))
		}
	}
}
