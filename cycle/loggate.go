package cycle

import (
	"context"
	"errors"
	"log/slog"

	"zwgk/store"
)

// LogHandler wraps the handler River logs to. River's own writes (taking a
// job, recording its end) fail first on a full disk as often as the
// crawler's do, and River logs them and retries: the wrapper recognises
// such a record and halts the runner (see Fatal), and drops every record
// once the runner is halted, so the operator reads one clear error instead
// of hundreds of lines.
func (r *Runner) LogHandler(h slog.Handler) slog.Handler { return &gate{h: h, r: r} }

type gate struct {
	h slog.Handler
	r *Runner
}

func (g *gate) Enabled(ctx context.Context, l slog.Level) bool {
	// Every warning is looked at, even below the wrapped handler's level.
	return l >= slog.LevelWarn || g.h.Enabled(ctx, l)
}

func (g *gate) Handle(ctx context.Context, rec slog.Record) error {
	if g.r.Fatal() != nil {
		return nil
	}
	// The error is in an attribute as text; the halt quotes that
	// attribute, not River's whole line.
	var full error
	rec.Attrs(func(a slog.Attr) bool {
		if err := errors.New(a.Value.String()); store.IsDiskFull(err) {
			full = err
			return false
		}
		return true
	})
	if full == nil && store.IsDiskFull(errors.New(rec.Message)) {
		full = errors.New(rec.Message)
	}
	if full != nil {
		g.r.stopOnDiskFull(full)
		return nil
	}
	if !g.h.Enabled(ctx, rec.Level) {
		return nil
	}
	return g.h.Handle(ctx, rec)
}

func (g *gate) WithAttrs(as []slog.Attr) slog.Handler { return &gate{h: g.h.WithAttrs(as), r: g.r} }
func (g *gate) WithGroup(name string) slog.Handler    { return &gate{h: g.h.WithGroup(name), r: g.r} }
