package store_test

import (
	"errors"
	"fmt"
	"testing"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

func TestCandidatesAndDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "cand", "GD", "SZ")
		id := zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: "https://gd.gov.cn/a.html", Excerpt: "王某某 440305********9012", Rule: "privacy.id_card", Note: "疑似"}
		mob := zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: "https://gd.gov.cn/b.html", Excerpt: "手机139****0001", Rule: "privacy.mobile"}
		typo := zwgk.ContentCheck{Kind: zwgk.CheckTypo, URL: "https://sz.gov.cn/c.html", Excerpt: "按装", Rule: "typo.list"}
		must(t, db.SyncCandidates(ctx, c.ID, "GD", []zwgk.ContentCheck{id, mob, id}))
		must(t, db.SyncCandidates(ctx, c.ID, "SZ", []zwgk.ContentCheck{typo}))

		all, total, err := db.Candidates(ctx, c.ID, store.CandidateFilter{})
		must(t, err)
		if total != 3 || len(all) != 3 || all[0].Agency != "GD" || all[0].Key != id.Key() || all[0].Note != "疑似" {
			t.Fatalf("candidates = %d %+v", total, all)
		}
		decide := func(agency, key string, d zwgk.CheckDecision, reason string) error {
			return db.DecideCandidate(ctx, zwgk.Candidate{CycleID: c.ID, Agency: agency, Key: key, ContentCheck: zwgk.ContentCheck{Decision: d}, Reason: reason, By: "chen"})
		}
		if err := decide("GD", id.Key(), zwgk.DecisionConfirmed, ""); err == nil {
			t.Error("a decision without a reason was accepted")
		}
		if err := decide("GD", "nosuchkey", zwgk.DecisionConfirmed, "r"); !errors.Is(err, store.ErrNoCandidate) {
			t.Errorf("decision on an unknown candidate: %v", err)
		}
		if err := decide("SZ", id.Key(), zwgk.DecisionConfirmed, "r"); !errors.Is(err, store.ErrNoCandidate) {
			t.Errorf("decision on another agency's candidate: %v", err)
		}
		if err := decide("GD", id.Key(), "maybe", "r"); err == nil {
			t.Error("decision maybe accepted")
		}
		must(t, decide("GD", id.Key(), zwgk.DecisionDismissed, "看错了"))
		must(t, decide("GD", id.Key(), zwgk.DecisionConfirmed, "核实为真实身份证号"))
		must(t, decide("GD", mob.Key(), zwgk.DecisionDismissed, "单位公开的联系电话"))

		dec, err := db.CandidateDecisions(ctx, c.ID)
		must(t, err)
		if dec["GD"][id.Key()] != zwgk.DecisionConfirmed || dec["GD"][mob.Key()] != zwgk.DecisionDismissed || len(dec["SZ"]) != 0 {
			t.Errorf("decisions = %v", dec)
		}
		pend, n, err := db.Candidates(ctx, c.ID, store.CandidateFilter{State: "pending"})
		must(t, err)
		if n != 1 || pend[0].Key != typo.Key() {
			t.Errorf("pending = %d %+v", n, pend)
		}
		conf, _, err := db.Candidates(ctx, c.ID, store.CandidateFilter{State: "confirmed", Kind: zwgk.CheckPrivacy})
		must(t, err)
		if len(conf) != 1 || conf[0].By != "chen" || conf[0].Reason != "核实为真实身份证号" || conf[0].At == nil {
			t.Errorf("confirmed = %+v", conf)
		}
		counts, err := db.CandidateCounts(ctx, c.ID)
		must(t, err)
		if counts["pending"] != 1 || counts["confirmed"] != 1 || counts["dismissed"] != 1 {
			t.Errorf("counts = %v", counts)
		}
		// A re-score syncs the same candidates again: decisions stay.
		must(t, db.SyncCandidates(ctx, c.ID, "GD", []zwgk.ContentCheck{id, mob}))
		if dec, _ := db.CandidateDecisions(ctx, c.ID); dec["GD"][id.Key()] != zwgk.DecisionConfirmed {
			t.Error("decision lost on re-sync")
		}
		log, err := db.AuditLog(ctx, 50)
		must(t, err)
		var changes int
		for _, e := range log {
			if e.Object == fmt.Sprintf("cycle/%d/agency/GD/candidate/%s", c.ID, id.Key()) {
				changes++
				if e.Action == "candidate.confirmed" && e.Before == nil {
					t.Error("the confirmation's audit entry lacks the dismissal before it")
				}
			}
		}
		if changes != 2 {
			t.Errorf("%d audit entries for the ID candidate, want 2", changes)
		}
		for _, s := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview, zwgk.CyclePublished} {
			must(t, db.SetCycleState(ctx, c.ID, s))
		}
		if err := decide("GD", mob.Key(), zwgk.DecisionConfirmed, "r"); !errors.Is(err, zwgk.ErrPublished) {
			t.Errorf("decision on a published cycle: %v", err)
		}
	})
}
