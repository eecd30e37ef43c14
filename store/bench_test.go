package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// BenchmarkSavePage measures the crawler's write path on SQLite: SavePage
// (transaction, published check, zstd of a 40 KiB body, upsert) against a
// baseline of the bare upsert with the same row and no body, to show what
// the guarantees cost. Run: go test -run '^$' -bench SavePage ./store
func BenchmarkSavePage(b *testing.B) {
	body := []byte(strings.Repeat("<li><a href='./202611/t20261112_123.html'>关于印发通知</a><span>2026-11-12</span></li>\n", 400))
	for _, mode := range []string{"baseline-bare-upsert", "SavePage"} {
		b.Run(mode, func(b *testing.B) {
			db := storetest.Open(b, store.SQLite)
			if _, err := db.ImportAgencies(ctx, fixture, "b"); err != nil {
				b.Fatal(err)
			}
			c, err := db.CreateCycle(ctx, store.NewCycle{Name: "b", FrameworkID: "t", FrameworkSource: []byte("x"), AsOf: zwgk.NewDate(2026, 1, 1), Agencies: []string{"GD"}})
			if err != nil {
				b.Fatal(err)
			}
			q := db.X.Rebind(`INSERT INTO pages (cycle_id, agency, url, status, fetched_at, bytes) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (cycle_id, agency, url) DO UPDATE SET status = excluded.status`)
			b.SetBytes(int64(len(body)))
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				url := fmt.Sprintf("https://gd.gov.cn/p%d.html", i)
				if mode == "SavePage" {
					err = db.SavePage(ctx, c.ID, "GD", zwgk.Page{URL: url, Status: 200, FetchedAt: time.Now(), Bytes: int64(len(body))}, body)
				} else {
					_, err = db.X.ExecContext(ctx, q, c.ID, "GD", url, 200, time.Now(), len(body))
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
