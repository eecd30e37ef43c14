package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"zwgk/cycle"
	"zwgk/web"
)

func init() {
	register("", &Command{
		Name:    "serve",
		Summary: "serve the portal (pages, JSON API, /metrics)",
		Help: `Serves the portal from the database: rankings, region comparison, scorecards,
appeals and the audit log, by role. Create users with 'zwgk user add'.

Session cookies are Secure unless the portal serves plain HTTP on a loopback
address (development). Plain HTTP on any other address is refused: serve TLS
(--tls-cert/--tls-key) or run behind a TLS reverse proxy (--behind-proxy).`,
		Run: runServe,
	})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	key := fs.String("tls-key", "", "TLS key file (PEM)")
	proxy := fs.Bool("behind-proxy", false, "a TLS reverse proxy on loopback fronts the portal (trust X-Forwarded-For)")
	ttl := fs.Duration("session", 8*time.Hour, "how long a login lasts")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("serve takes no arguments")
	}
	if (*cert == "") != (*key == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	tls := *cert != ""
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("--addr %q: %v", *addr, err)
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil {
		loopback = ip.IsLoopback()
	}
	if !tls && !*proxy && !loopback {
		return usagef("plain HTTP on %s would send passwords in clear: use --tls-cert/--tls-key, --behind-proxy, or a loopback address", *addr)
	}

	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	runner := cycle.NewRunner(st, nil)
	// River's jobs by queue and state at /metrics (read on scrape, cached).
	if jobs := cycle.NewJobsCollector(st.X.DB); prometheus.Register(jobs) == nil {
		defer prometheus.Unregister(jobs)
	}
	logger := slog.New(slog.NewTextHandler(env.Stderr, nil))
	backend := &web.StoreBackend{DB: st,
		ScoreCycle:    func(ctx context.Context, name string) error { _, err := runner.Score(ctx, name); return err },
		PublishCycle:  runner.Publish,
		ScoreAgencies: runner.ScoreAgencies,
	}
	cfg := web.Config{
		InsecureCookies: !tls && !*proxy,
		BehindProxy:     *proxy,
		SessionTTL:      *ttl,
		Logger:          logger,
		ScorecardPDF:    backend.ScorecardPDF,
		// A session seen in the last two seconds is not looked up again
		// (a logout in another portal process takes that long here).
		SessionCache: 2 * time.Second,
	}
	h, err := web.New(cfg, backend)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // PDF generation
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	fmt.Fprintf(env.Stderr, "zwgk: portal on %s://%s/ (metrics at /metrics)\n", scheme, ln.Addr())
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- srv.ServeTLS(ln, *cert, *key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		// Stop accepting, let requests in flight finish, then close the
		// store (deferred above) — in that order, so no handler writes to
		// a closed database.
		shut, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
