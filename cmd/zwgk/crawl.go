package main

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"zwgk"
	"zwgk/crawler"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
)

func init() {
	register("", &Command{
		Name:    "crawl",
		Usage:   "URL --framework ID|FILE",
		Summary: "crawl one site for a framework and print the evidence as JSON (for debugging a site)",
		Help: `Crawls one website the way a cycle would and prints what was seen
(home page items, columns, item dates, checked links, failure cause) as JSON.
Nothing is stored.`,
		Run: runCrawl,
	})
}

func runCrawl(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	fwPath := fs.String("framework", "", "built-in framework id or YAML file")
	asOfS := fs.String("as-of", "", "assessment date YYYY-MM-DD (default today)")
	code := fs.String("code", "site", "agency code to tag the evidence with")
	ua := fs.String("user-agent", crawler.DefaultUserAgent, "User-Agent with a contact address")
	delay := fs.Duration("delay", crawler.DefaultDelay, "pause between requests to the site")
	ignoreRobots := fs.Bool("ignore-robots", false, "ignore robots.txt (only for assessments the agency authorised)")
	insecure := fs.Bool("proceed-on-tls-error", false, "record a certificate error, then read the site anyway")
	renderOn := fs.Bool("render", true, "read lists only scripts fill, and pass script cookie challenges, in headless Chromium")
	renderTabs := fs.Int("render-tabs", 2, "pages rendered at once")
	farmNet := sitefarmNetFlag(fs)
	roots := fs.String("roots", "", "further roots of the site, separated by spaces (a disclosure platform on another host)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *fwPath == "" {
		return usagef("usage: %s URL --framework ID|FILE", env.Path)
	}
	fw, err := indicators.Load(*fwPath)
	if err != nil {
		return err
	}
	asOf := zwgk.DateOf(time.Now())
	if *asOfS != "" {
		if asOf, err = zwgk.ParseDate(*asOfS); err != nil {
			return usagef("--as-of: %v", err)
		}
	}
	d := *delay
	if d == 0 {
		d = -1
	}
	nc, err := transportChecker(*farmNet, *ua)
	if err != nil {
		return err
	}
	c := crawler.New(crawler.Options{UserAgent: *ua, Delay: d, IgnoreRobots: *ignoreRobots, ProceedOnTLSError: *insecure,
		NoRender: !*renderOn, RenderTabs: *renderTabs, NetCheck: nc})
	defer c.Close()
	var w zwgk.EvidenceWriter = memstore.New()
	if isTerminal(env) {
		// Hundreds of pages at a polite delay take minutes: say how far.
		p := &pageProgress{EvidenceWriter: w, bar: progressbar.NewOptions(-1, progressbar.OptionSetWriter(env.Stderr),
			progressbar.OptionSetDescription("采集 "+pos[0]), progressbar.OptionShowCount(), progressbar.OptionSetItsString("页"),
			progressbar.OptionShowIts(), progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())}
		defer p.bar.Finish()
		w = p
	}
	ev, err := c.Crawl(ctx, 0, zwgk.Agency{Code: *code, Site: pos[0], Roots: *roots}, fw, asOf, w)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(ev)
}

// pageProgress counts the pages a crawl stores on a progress bar.
type pageProgress struct {
	zwgk.EvidenceWriter
	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

func (p *pageProgress) SavePage(ctx context.Context, cycleID int64, agency string, pg zwgk.Page, body []byte) error {
	p.mu.Lock()
	_ = p.bar.Add(1)
	p.mu.Unlock()
	return p.EvidenceWriter.SavePage(ctx, cycleID, agency, pg, body)
}
