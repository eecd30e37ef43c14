package store_test

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

func TestRectificationLinksClaimsRechecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		mk := func(name, fwID string, asOf zwgk.Date) zwgk.Cycle {
			c, err := db.CreateCycle(ctx, store.NewCycle{Name: name, FrameworkID: fwID, FrameworkVersion: "1",
				FrameworkSource: []byte("id: " + fwID + "\n"), AsOf: asOf, WindowDays: 365, Agencies: []string{"GD"}})
			must(t, err)
			return c
		}
		c25 := mk("2025", "test", zwgk.NewDate(2025, 11, 1))
		c26 := mk("2026", "test", zwgk.NewDate(2026, 11, 1))
		other := mk("other", "else", zwgk.NewDate(2024, 11, 1))

		if _, ok, err := db.LatestPublished(ctx, "test", c26.AsOf); ok || err != nil {
			t.Fatalf("no cycle published yet: ok=%v err=%v", ok, err)
		}
		for _, s := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview, zwgk.CyclePublished} {
			must(t, db.SetCycleState(ctx, c25.ID, s))
		}
		if p, ok, err := db.LatestPublished(ctx, "test", c26.AsOf); !ok || err != nil || p.ID != c25.ID {
			t.Fatalf("latest published before 2026: %v %v %v", p.Name, ok, err)
		}
		if _, ok, _ := db.LatestPublished(ctx, "test", c25.AsOf); ok {
			t.Fatal("a cycle is not earlier than itself")
		}

		for _, bad := range []struct {
			prev int64
			want string
		}{{c26.ID, "itself"}, {other.ID, "framework lineage"}} {
			if err := db.SetPreviousCycle(ctx, c26.ID, bad.prev); err == nil || !strings.Contains(err.Error(), bad.want) {
				t.Errorf("link to %d: %v, want %q", bad.prev, err, bad.want)
			}
		}
		if err := db.SetPreviousCycle(ctx, c25.ID, c26.ID); err == nil {
			t.Error("a published cycle's link changed")
		}
		must(t, db.SetPreviousCycle(ctx, c26.ID, c25.ID))
		if p, ok, err := db.PreviousCycle(ctx, c26.ID); !ok || err != nil || p.Name != "2025" || p.State != zwgk.CyclePublished {
			t.Fatalf("previous of 2026: %+v %v %v", p, ok, err)
		}
		if _, ok, err := db.PreviousCycle(ctx, c25.ID); ok || err != nil {
			t.Fatalf("previous of 2025: %v %v", ok, err)
		}

		// Claims and re-checks are made on the published cycle.
		if _, err := db.AddClaim(ctx, store.Claim{CycleID: c25.ID, Agency: "GD", Key: "k1", Indicator: "A1"}); err == nil {
			t.Error("a claim without a note")
		}
		cl, err := db.AddClaim(ctx, store.Claim{CycleID: c25.ID, Agency: "GD", Key: "k1", Indicator: "A1", Subject: "https://gd.gov.cn/zcwj/",
			Note: "已恢复更新", Link: "https://gd.gov.cn/zcwj/t1.html", By: "gd"})
		must(t, err)
		claims, err := db.Claims(ctx, c25.ID, "GD")
		must(t, err)
		if len(claims) != 1 || claims[0] != cl || cl.ID == 0 {
			t.Fatalf("claims %+v, want %+v", claims, cl)
		}
		if err := db.AddRechecks(ctx, []store.Recheck{{CycleID: c25.ID, Agency: "GD", Key: "k1", State: "maybe"}}); err == nil {
			t.Error("a re-check outcome other than fixed or open")
		}
		must(t, db.AddRechecks(ctx, []store.Recheck{{CycleID: c25.ID, Agency: "GD", Key: "k1", Indicator: "A1", State: zwgk.RectFixed,
			Detail: "最新信息 2026-05-01", Pages: 2, By: "chen"}}))
		rs, err := db.Rechecks(ctx, c25.ID, "")
		must(t, err)
		if len(rs) != 1 || rs[0].State != zwgk.RectFixed || rs[0].Pages != 2 || rs[0].By != "chen" {
			t.Fatalf("rechecks %+v", rs)
		}
	})
}
