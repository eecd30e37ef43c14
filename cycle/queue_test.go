package cycle

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	_ "modernc.org/sqlite"
)

type pingArgs struct {
	N int `json:"n"`
}

func (pingArgs) Kind() string { return "ping" }

type pingWorker struct {
	river.WorkerDefaults[pingArgs]
	done *atomic.Int64
}

func (w *pingWorker) Work(ctx context.Context, j *river.Job[pingArgs]) error {
	w.done.Add(1)
	return nil
}

func TestQueueSQLiteUniqueInsertAndWork(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "q.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	var done atomic.Int64
	workers := river.NewWorkers()
	river.AddWorker(workers, &pingWorker{done: &done})
	q, err := NewQueue(ctx, db, "sqlite", QueueConfig{CrawlWorkers: 4, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	// Migrating twice is harmless.
	if err := Migrate(ctx, db, "sqlite"); err != nil {
		t.Fatal(err)
	}
	var params []river.InsertManyParams
	for i := 0; i < 50; i++ {
		params = append(params, river.InsertManyParams{Args: pingArgs{N: i}, InsertOpts: &river.InsertOpts{Queue: QueueCrawl, UniqueOpts: river.UniqueOpts{ByArgs: true}}})
	}
	if _, err := q.Client.InsertMany(ctx, params); err != nil {
		t.Fatal(err)
	}
	// The same jobs again: unique by args, so nothing new.
	res, err := q.Client.InsertMany(ctx, params)
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, r := range res {
		if r.UniqueSkippedAsDuplicate {
			skipped++
		}
	}
	if skipped != 50 {
		t.Fatalf("second insert skipped %d of 50 as duplicates", skipped)
	}
	if err := q.Client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for done.Load() < 50 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if err := q.Client.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if got := done.Load(); got != 50 {
		t.Fatalf("worked %d jobs, want 50", got)
	}
}
