package store_test

import (
	"testing"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// An agency's further roots are kept, listed and read back, and a change
// of roots alone is an update with its history.
func TestAgencyRoots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ns := zwgk.Agency{Code: "NS", Name: "南山区人民政府", Level: zwgk.LevelCounty, Region: "440305",
			Site: "https://www.sz.gov.cn/nsq/", Roots: "https://xxgk.sz.gov.cn/nsq/"}
		mustImport(t, db, []zwgk.Agency{ns})
		got, err := db.Agency(ctx, "NS")
		if err != nil || got != ns {
			t.Fatalf("Agency = %+v, %v; want %+v", got, err, ns)
		}
		ns.Roots = "https://xxgk.sz.gov.cn/nsq/ https://www.sz.gov.cn/nsq/gkmlpt/"
		if s := mustImport(t, db, []zwgk.Agency{ns}); s != (store.ImportSummary{Updated: 1}) {
			t.Errorf("re-import with another root: %+v, want one update", s)
		}
		list, err := db.Agencies(ctx, store.AgencyFilter{})
		if err != nil || len(list) != 1 || list[0].Roots != ns.Roots {
			t.Errorf("Agencies = %+v, %v", list, err)
		}
		h, err := db.AgencyHistory(ctx, "NS")
		if err != nil || len(h) != 2 || h[1].Before.Roots != "https://xxgk.sz.gov.cn/nsq/" || h[1].After.Roots != ns.Roots {
			t.Errorf("history %+v, %v", h, err)
		}
	})
}
