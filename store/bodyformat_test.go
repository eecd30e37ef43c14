package store_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestStoredBodyFormats: a body is stored as a zstd frame, and a gzip
// body stored by an earlier version (before zstd) still reads, through
// StoredPage and PageBody, on both backends.
func TestStoredBodyFormats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "z", "GD")
		body := bytes.Repeat([]byte("<li><a href='/a'>关于印发通知</a><span>2026-11-12</span></li>\n"), 50)
		must(t, db.SavePage(ctx, c.ID, "GD", zwgk.Page{URL: "https://gd.gov.cn/new", Status: 200, FetchedAt: t0}, body))
		var raw []byte
		if err := db.X.GetContext(ctx, &raw, db.X.Rebind("SELECT body FROM pages WHERE cycle_id = ? AND url = ?"), c.ID, "https://gd.gov.cn/new"); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(raw, []byte{0x28, 0xb5, 0x2f, 0xfd}) || len(raw) >= len(body)/4 {
			t.Errorf("stored body is %d bytes starting % x, want a zstd frame well under %d bytes", len(raw), raw[:min(4, len(raw))], len(body)/4)
		}

		// A row as the gzip-writing version left it.
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write(body)
		w.Close()
		must(t, db.SavePage(ctx, c.ID, "GD", zwgk.Page{URL: "https://gd.gov.cn/old", Status: 200, FetchedAt: t0}, []byte("x")))
		if _, err := db.X.ExecContext(ctx, db.X.Rebind("UPDATE pages SET body = ? WHERE cycle_id = ? AND url = ?"), gz.Bytes(), c.ID, "https://gd.gov.cn/old"); err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"https://gd.gov.cn/new", "https://gd.gov.cn/old"} {
			_, got, ok, err := db.StoredPage(ctx, c.ID, "GD", u)
			if err != nil || !ok || !bytes.Equal(got, body) {
				t.Errorf("StoredPage %s: %d bytes, ok=%v, err=%v", u, len(got), ok, err)
			}
			got, _, ok, err = db.PageBody(ctx, c.ID, "GD", u)
			if err != nil || !ok || !bytes.Equal(got, body) {
				t.Errorf("PageBody %s: %d bytes, ok=%v, err=%v", u, len(got), ok, err)
			}
		}

		// A body that is neither is an error naming the page, not a panic.
		if _, err := db.X.ExecContext(ctx, db.X.Rebind("UPDATE pages SET body = ? WHERE cycle_id = ? AND url = ?"), []byte{0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3}, c.ID, "https://gd.gov.cn/old"); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := db.StoredPage(ctx, c.ID, "GD", "https://gd.gov.cn/old"); err == nil {
			t.Error("a corrupt zstd body read without error")
		}
	})
}
