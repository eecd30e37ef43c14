package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func chartsInput() ChartsInput {
	c := cohort()
	in := ChartsInput{Cycle: c.Cycle, Framework: c.Framework, Cards: slices.Clone(c.Cards), // tests edit names
		History: []CycleCards{{Name: c.Prev.Name, Cards: c.PrevCards}}}
	for _, a := range c.Agencies {
		in.Findings = append(in.Findings, c.Findings[a.Code]...)
	}
	return in
}

// chartIDs are the ids of the chart containers of the dashboard.
func chartIDs(doc *html.Node) []string {
	var ids []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "div" {
			for _, a := range n.Attr {
				if a.Key == "class" && a.Val == "item" {
					for _, b := range n.Attr {
						if b.Key == "id" {
							ids = append(ids, b.Val)
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return ids
}

// TestChartsOffline: every script the dashboard loads is a relative path
// that exists beside it, and nothing names a network location.
func TestChartsOffline(t *testing.T) {
	dir := t.TempDir()
	in := chartsInput()
	in.Cards[0].Name = `</script><script>alert(1)</script>`
	if err := WriteCharts(dir, in); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("http://")) || bytes.Contains(b, []byte("https://")) || bytes.Contains(b, []byte("//cdn")) {
		t.Error("index.html names a network location")
	}
	if bytes.Contains(b, []byte("<script>alert")) {
		t.Error("an agency name broke out of the chart script")
	}
	for _, p := range Provinces { // every tile of the map is drawn
		if !bytes.Contains(b, []byte(`"name":"`+p.Name+`\n`)) {
			t.Errorf("tile map lacks %s", p.Name)
		}
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	scripts := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "link" || n.Data == "img") {
			for _, a := range n.Attr {
				if a.Key != "src" && a.Key != "href" {
					continue
				}
				scripts++
				if strings.Contains(a.Val, ":") || strings.HasPrefix(a.Val, "/") {
					t.Errorf("%s %s=%q is not a relative path", n.Data, a.Key, a.Val)
					continue
				}
				if _, err := os.Stat(filepath.Join(dir, a.Val)); err != nil {
					t.Errorf("%s %s=%q: %v", n.Data, a.Key, a.Val, err)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if scripts == 0 {
		t.Error("no script loaded: echarts.min.js missing from the page")
	}
	ids := chartIDs(doc)
	tiers := len(TiersOf(in.Cards))
	if want := 2*tiers + 5; len(ids) != want {
		t.Errorf("%d charts, want %d (ranking and radar per tier, region ranking, weakest indicators, heat map, trends, tile map)", len(ids), want)
	}
	for _, f := range []string{"echarts.min.js", "LICENSE-echarts.txt", "NOTICE-echarts.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestChartsRenderInChromium opens the dashboard from file:// in headless
// Chromium with every host name unresolvable and a dead proxy, and checks
// that each chart container got its canvas. CHARTS_SCREENSHOT=path keeps
// a screenshot to look at.
func TestChartsRenderInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: -short")
	}
	chromium := ""
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		needTool(t, "chromium", "chromium")
	}
	dir := t.TempDir()
	in := chartsInput()
	if err := WriteCharts(dir, in); err != nil {
		t.Fatal(err)
	}
	index := "file://" + filepath.Join(dir, "index.html")
	offline := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--user-data-dir=" + t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
		"--no-first-run", "--disable-background-networking", "--virtual-time-budget=8000"}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a loaded CI machine
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, chromium, append(offline, "--dump-dom", index)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, tail(stderr.String(), 2000))
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	ids := chartIDs(doc)
	if len(ids) == 0 {
		t.Fatal("no chart containers in the rendered page")
	}
	rendered := map[string]bool{}
	var walk func(n *html.Node, chart string)
	walk = func(n *html.Node, chart string) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" && strings.Contains(strings.Join(ids, " "), a.Val) {
					chart = a.Val
				}
			}
			if n.Data == "canvas" && chart != "" {
				rendered[chart] = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, chart)
		}
	}
	walk(doc, "")
	for _, id := range ids {
		if !rendered[id] {
			t.Errorf("chart %s has no canvas: echarts did not run (offline load failed?)", id)
		}
	}
	if shot := os.Getenv("CHARTS_SCREENSHOT"); shot != "" {
		cmd := exec.CommandContext(ctx, chromium, append(offline, "--screenshot="+shot, "--window-size=1400,5200", "--hide-scrollbars", index)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("screenshot: %v %s", err, tail(string(out), 500))
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// layoutProbe runs in the rendered dashboard (a copy of index.html used
// by the test only) and writes what the page shows into <pre id="probe">:
// the heading, and for every chart its legends' and drawing areas'
// bounding boxes in pixels, from ECharts' own layout.
const layoutProbe = `<pre id="probe"></pre><script>
setTimeout(function () {
  var out = {heading: (document.getElementById('page-heading') || {}).textContent || '',
    status: (document.getElementById('page-status') || {}).textContent || '', charts: {}};
  document.querySelectorAll('div.item').forEach(function (el) {
    var c = echarts.getInstanceByDom(el);
    if (!c) { out.charts[el.id] = null; return; }
    var m = c.getModel(), r = {legends: [], areas: [], ycats: []};
    m.findComponents({mainType: 'legend'}).forEach(function (lm) {
      if (!lm.get('show')) return;
      var g = c.getViewOfComponentModel(lm).group, b = g.getBoundingRect();
      r.legends.push({x: g.x + b.x, y: g.y + b.y, w: b.width, h: b.height});
    });
    m.findComponents({mainType: 'grid'}).forEach(function (gm) {
      var b = gm.coordinateSystem.getRect();
      r.areas.push({x: b.x, y: b.y, w: b.width, h: b.height});
    });
    m.findComponents({mainType: 'radar'}).forEach(function (rm) {
      var cs = rm.coordinateSystem;
      r.areas.push({x: cs.cx - cs.r, y: cs.cy - cs.r, w: 2 * cs.r, h: 2 * cs.r});
    });
    var y = m.getComponent('yAxis');
    if (y && y.get('data')) r.ycats = y.get('data').map(function (d) { return typeof d === 'object' ? d.value : d; });
    out.charts[el.id] = r;
  });
  document.getElementById('probe').textContent = JSON.stringify(out);
}, 1500);
</script>`

type probeRect struct{ X, Y, W, H float64 }

func (a probeRect) overlaps(b probeRect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// TestChartsLayoutInChromium: the dashboard opened offline in headless
// Chromium shows its heading with the cycle and status, lists every
// agency in the heat map, and no legend overlaps a chart's drawing area
// (bounding boxes from ECharts' layout in the page).
func TestChartsLayoutInChromium(t *testing.T) {
	chromium := ""
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		needTool(t, "chromium", "chromium")
	}
	for _, history := range []bool{true, false} {
		dir := t.TempDir()
		in := chartsInput()
		if !history {
			in.History = nil
		}
		if err := WriteCharts(dir, in); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		probe := filepath.Join(dir, "probe.html")
		if err := os.WriteFile(probe, bytes.Replace(b, []byte("</body>"), []byte(layoutProbe+"</body>"), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--user-data-dir="+t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
			"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--window-size=1400,2000", "--virtual-time-budget=10000", "--dump-dom", "file://"+probe)
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		doc, err := html.Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var text string
		var find func(*html.Node)
		find = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "pre" {
				for _, a := range n.Attr {
					if a.Key == "id" && a.Val == "probe" && n.FirstChild != nil {
						text = n.FirstChild.Data
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				find(c)
			}
		}
		find(doc)
		var got struct {
			Heading, Status string
			Charts          map[string]*struct {
				Legends, Areas []probeRect
				Ycats          []string
			}
		}
		if err := json.Unmarshal([]byte(text), &got); err != nil {
			t.Fatalf("probe output %q: %v", tail(text, 300), err)
		}
		if !strings.Contains(got.Heading, in.Cycle.Name) || !strings.Contains(got.Heading, in.Cycle.AsOf.Chinese()) ||
			!strings.Contains(got.Heading, in.Framework.ID) || !strings.Contains(got.Status, "征求意见稿") {
			t.Errorf("heading %q status %q", got.Heading, got.Status)
		}
		if len(got.Charts) < 2*len(TiersOf(in.Cards))+5 {
			t.Errorf("%d charts in the page", len(got.Charts))
		}
		for id, c := range got.Charts {
			if c == nil {
				t.Errorf("chart %s: no ECharts instance", id)
				continue
			}
			for _, l := range c.Legends {
				for _, a := range c.Areas {
					if l.overlaps(a) {
						t.Errorf("chart %s: legend %+v overlaps the drawing area %+v", id, l, a)
					}
				}
			}
		}
		heat := got.Charts["heatmap"]
		if heat == nil || len(heat.Ycats) != len(in.Cards) {
			t.Fatalf("heat map rows: %v", heat)
		}
		rows := strings.Join(heat.Ycats, "\n")
		for _, c := range in.Cards {
			if !strings.Contains(rows, fmt.Sprintf("%d. %s", c.Rank, jsText(c.Name, 40))) {
				t.Errorf("heat map lacks %s", c.Name)
			}
		}
	}
}
