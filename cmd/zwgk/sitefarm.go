package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zwgk"
	"zwgk/sitefarm"
)

func init() {
	register("", &Command{Name: "sitefarm", Summary: "synthetic government websites with a ground truth, on loopback"})
	register("sitefarm", &Command{
		Name:    "serve",
		Usage:   "--sites N --seed S --out DIR [--as-of DATE]",
		Summary: "serve N synthetic sites on loopback and write agencies.csv and manifest.json",
		Help: `Generates N synthetic government websites (deterministic for a seed), serves
each on its own loopback address (127.0.0.2 onwards, one shared port; or one
port per site on 127.0.0.1 when other addresses cannot be bound), writes
DIR/agencies.csv and DIR/manifest.json (profiles, injected defects and the
ground truth), and serves until interrupted.

With --transport (the default) each site's transport profile is served too:
IPv6 on ::1 and HTTPS with a test CA made at start, for the sites whose
profile has them, behind the farm's own resolver, which knows each site by a
host name under .test (s0.sitefarm.test …). DIR/network.json describes that
network (names, addresses, listeners, the CA); a crawler given it with
--sitefarm-net checks the sites' IPv6 and HTTPS through it (farm mode). The
sites' own URLs stay the loopback addresses above.`,
		Run: runSitefarmServe,
	})
}

func runSitefarmServe(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	n := fs.Int("sites", 200, "number of sites")
	seed := fs.Int64("seed", 1, "generator seed")
	out := fs.String("out", "", "folder for agencies.csv and manifest.json")
	asOfS := fs.String("as-of", "", "assessment date the content is relative to (default 2026-11-20)")
	noDefects := fs.Bool("no-defects", false, "every site healthy (no defect profiles)")
	port := fs.Int("port", 0, "shared port in multi-address mode (0: any free port)")
	portMode := fs.Bool("port-mode", false, "one port per site on 127.0.0.1")
	slow := fs.Duration("slow-delay", 20*time.Second, "answer delay of slow sites")
	clockStart := fs.String("clock-start", "", "run the farm's clock from this RFC 3339 time (demonstrations; default real time)")
	clockSpeed := fs.Float64("clock-speed", 1, "farm clock seconds per real second, with --clock-start")
	transport := fs.Bool("transport", true, "serve IPv6 on ::1 and HTTPS with a test CA per the sites' transport profiles, and write DIR/network.json")
	admit := fs.String("admit", "", "comma-separated User-Agent tokens that guarded sites let through (besides Mozilla)")
	if _, err := env.Parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *n <= 0 {
		return usagef("usage: %s --sites N --seed S --out DIR [--as-of DATE]", env.Path)
	}
	cfg := sitefarm.Config{Sites: *n, Seed: *seed, Defects: !*noDefects}
	if *asOfS != "" {
		d, err := zwgk.ParseDate(*asOfS)
		if err != nil {
			return usagef("--as-of: %v", err)
		}
		cfg.AsOf = d
	}
	var tokens []string
	for _, t := range strings.Split(*admit, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tokens = append(tokens, t)
		}
	}
	if *clockStart != "" {
		t0, err := time.Parse(time.RFC3339, *clockStart)
		if err != nil {
			return usagef("--clock-start: %v", err)
		}
		if *clockSpeed <= 0 {
			return usagef("--clock-speed must be positive")
		}
		// Intermittent failures follow the farm's clock; a fast clock lets
		// a compressed monitor meet a week of them in seconds.
		real0, speed := time.Now(), *clockSpeed
		cfg.Clock = func() time.Time {
			return t0.Add(time.Duration(float64(time.Since(real0)) * speed))
		}
	}
	start := time.Now()
	farm := sitefarm.Generate(cfg)
	opts := sitefarm.Options{Port: *port, PortMode: *portMode, SlowDelay: *slow, AdmitTokens: tokens, Transport: *transport}
	srv, err := sitefarm.Start(ctx, farm, opts)
	if err != nil && *transport {
		// A machine without ::1 still serves the content.
		fmt.Fprintf(env.Stderr, "warning: transport profiles not served (%v); no network.json written\n", err)
		opts.Transport = false
		srv, err = sitefarm.Start(ctx, farm, opts)
	}
	if err != nil {
		return err
	}
	defer srv.Close()
	mode := "one address per site"
	if srv.Stats().PortMode {
		mode = "one port per site on 127.0.0.1"
	}
	fmt.Fprintf(env.Stderr, "serving %d sites (%s), first %s, last %s; started in %s\n", len(farm.Sites), mode,
		farm.Sites[0].Agency.Site, farm.Sites[len(farm.Sites)-1].Agency.Site, time.Since(start).Round(time.Millisecond))
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", *out, err)
	}
	// network.json before manifest.json: a script that waits for the
	// manifest finds the network written.
	netPath := filepath.Join(*out, "network.json")
	os.Remove(netPath) // a stale one from an earlier farm would mislead a crawler
	if n := srv.Network(); n != nil {
		if err := writeWith(netPath, func(w io.Writer) error { _, err := n.WriteTo(w); return err }); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "transport profiles served (IPv6 on ::1, HTTPS with a test CA); farm mode: --sitefarm-net %s\n", netPath)
	}
	if err := writeWith(filepath.Join(*out, "agencies.csv"), farm.WriteAgenciesCSV); err != nil {
		return err
	}
	if err := writeWith(filepath.Join(*out, "manifest.json"), farm.WriteManifest); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %s and %s after %s; Ctrl-C to stop\n", filepath.Join(*out, "agencies.csv"),
		filepath.Join(*out, "manifest.json"), time.Since(start).Round(time.Millisecond))
	<-ctx.Done()
	fmt.Fprintf(env.Stderr, "stopping after %d requests\n", srv.Stats().Requests)
	return nil
}

func writeWith(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
