// Package sitefarmtest starts a site farm for a test and closes it when the
// test ends. It is apart from sitefarm so that sitefarm itself does not
// import "testing".
package sitefarmtest

import (
	"context"
	"testing"

	"zwgk/sitefarm"
)

// StartT generates a farm from cfg, serves it on loopback and closes it on
// cleanup. opts, if given, are the serving options.
func StartT(tb testing.TB, cfg sitefarm.Config, opts ...sitefarm.Options) *sitefarm.Farm {
	tb.Helper()
	f := sitefarm.Generate(cfg)
	var o sitefarm.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	srv, err := sitefarm.Start(context.Background(), f, o)
	if err != nil {
		tb.Fatalf("start site farm: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	return f
}
