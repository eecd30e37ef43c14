package store_test

import (
	"errors"
	"strings"
	"testing"

	"zwgk/store"
	"zwgk/store/storetest"
)

// TestReportSettings: a cycle's assessor is empty until set, set once,
// replaced and audited; bad names and unknown cycles are refused.
func TestReportSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "2026", "GD")
		if s, err := db.ReportSettings(ctx, c.ID); err != nil || s.Assessor != "" {
			t.Fatalf("before: %+v %v", s, err)
		}
		for _, name := range []string{"某某大学第三方评估中心", "某某研究院"} {
			if err := db.SetReportSettings(ctx, c.ID, store.ReportSettings{Assessor: "  " + name + " "}); err != nil {
				t.Fatal(err)
			}
			if s, err := db.ReportSettings(ctx, c.ID); err != nil || s.Assessor != name {
				t.Fatalf("after setting %q: %+v %v", name, s, err)
			}
		}
		log, err := db.AuditLog(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range log {
			if e.Action == "cycle.report_settings" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d audit entries for two changes", n)
		}
		if err := db.SetReportSettings(ctx, c.ID, store.ReportSettings{Assessor: "坏\x00名"}); err == nil {
			t.Error("a control character was accepted")
		}
		if err := db.SetReportSettings(ctx, c.ID, store.ReportSettings{Assessor: strings.Repeat("长", 201)}); err == nil {
			t.Error("a 201-character name was accepted")
		}
		if err := db.SetReportSettings(ctx, c.ID+99, store.ReportSettings{Assessor: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown cycle: %v", err)
		}
	})
}
