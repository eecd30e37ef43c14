package cycle

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"zwgk/store"
	"zwgk/store/storetest"
)

// fakeCrawl works crawl jobs without crawling, so the River-table queries
// of `cycle show` can be checked on both dialects.
type fakeCrawl struct {
	river.WorkerDefaults[CrawlArgs]
}

func (fakeCrawl) Work(ctx context.Context, j *river.Job[CrawlArgs]) error { return nil }

func TestCrawlJobsAndWorkers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.DB) {
		ctx := context.Background()
		if _, err := CrawlJobs(ctx, st.X.DB, st.Dialect(), 1); err == nil {
			t.Fatal("CrawlJobs before River's tables exist succeeded")
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &fakeCrawl{})
		q, err := NewQueue(ctx, st.X.DB, st.Dialect(), QueueConfig{CrawlWorkers: 2, Workers: workers, ID: "tester-1"})
		if err != nil {
			t.Fatal(err)
		}
		var params []river.InsertManyParams
		for i, code := range []string{"A", "B", "C", "D", "E"} {
			params = append(params, river.InsertManyParams{Args: CrawlArgs{CycleID: 1, Agency: code}})
			if i < 2 {
				params = append(params, river.InsertManyParams{Args: CrawlArgs{CycleID: 2, Agency: code}})
			}
		}
		// Cycle 3's job is not due for an hour: scheduled, never worked.
		params = append(params, river.InsertManyParams{Args: CrawlArgs{CycleID: 3, Agency: "A"},
			InsertOpts: &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)}})
		if _, err := q.Client.InsertMany(ctx, params); err != nil {
			t.Fatal(err)
		}
		if err := q.Client.Start(ctx); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			jobs, err := CrawlJobs(ctx, st.X.DB, st.Dialect(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if jobs["completed"] == 5 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("cycle 1 jobs %v, want 5 completed", jobs)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err := q.Client.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			cycle     int64
			completed int
			scheduled int
			workers   int
		}{
			{1, 5, 0, 1},
			{2, 2, 0, 1},
			{3, 0, 1, 0},
			{4, 0, 0, 0},
		}
		for _, tt := range tests {
			jobs, err := CrawlJobs(ctx, st.X.DB, st.Dialect(), tt.cycle)
			if err != nil {
				t.Fatal(err)
			}
			if jobs["completed"] != tt.completed || jobs["scheduled"] != tt.scheduled || len(jobs) != len(JobStates) {
				t.Errorf("cycle %d jobs %v, want %d completed, %d scheduled, every state listed", tt.cycle, jobs, tt.completed, tt.scheduled)
			}
			ws, err := CrawlWorkers(ctx, st.X.DB, st.Dialect(), tt.cycle)
			if err != nil {
				t.Fatal(err)
			}
			if len(ws) != tt.workers {
				t.Fatalf("cycle %d workers %+v, want %d", tt.cycle, ws, tt.workers)
			}
			for _, w := range ws {
				if w.ID != "tester-1" || w.Jobs != tt.completed || w.Running != 0 || time.Since(w.Last) > time.Minute || time.Since(w.Last) < 0 {
					t.Errorf("cycle %d worker %+v, want tester-1 with %d jobs, none running, last attempt just now", tt.cycle, w, tt.completed)
				}
			}
		}
		// The leader lease is written by River's elector; it may not have
		// been taken yet in so short a run, but when it is, it is ours.
		if id, _, err := Leader(ctx, st.X.DB); err != nil || (id != "" && id != "tester-1") {
			t.Errorf("leader %q, %v; want tester-1 or none", id, err)
		}
	})
}
