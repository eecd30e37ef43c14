package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

func date(t *testing.T, s string) zwgk.Date {
	t.Helper()
	d, err := zwgk.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRequestTestRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		db.SetClock(func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) })
		mustImport(t, db, fixture)
		c, err := db.CreateCycle(ctx, store.NewCycle{Name: "2026", FrameworkID: "test", FrameworkVersion: "1",
			FrameworkSource: []byte("id: test\n"), AsOf: zwgk.NewDate(2026, 3, 31), WindowDays: 365, Agencies: []string{"GD", "SZ"}})
		must(t, err)
		good := zwgk.RequestTest{CycleID: c.ID, Agency: "GD", Channel: zwgk.ChannelOnline, SentOn: date(t, "2026-02-06"),
			Content: "申请公开2025年度本机关政府采购项目清单", Assessor: "张评估"}

		// Bad input: each refused naming its field.
		for _, tt := range []struct {
			field string
			edit  func(r *zwgk.RequestTest)
		}{
			{"agency", func(r *zwgk.RequestTest) { r.Agency = "NOPE" }},
			{"agency", func(r *zwgk.RequestTest) { r.Agency = "HZ" }}, // not assessed in the cycle
			{"channel", func(r *zwgk.RequestTest) { r.Channel = "pigeon" }},
			{"sent_on", func(r *zwgk.RequestTest) { r.SentOn = zwgk.Date{} }},
			{"sent_on", func(r *zwgk.RequestTest) { r.SentOn = date(t, "2022-06-01") }}, // calendar lacks 2022
			{"sent_on", func(r *zwgk.RequestTest) { r.SentOn = date(t, "2026-04-02") }}, // tomorrow
			{"received_on", func(r *zwgk.RequestTest) { r.ReceivedOn = date(t, "2026-02-01") }},
			{"content", func(r *zwgk.RequestTest) { r.Content = "  " }},
			{"assessor", func(r *zwgk.RequestTest) { r.Assessor = "" }},
			{"answered_on", func(r *zwgk.RequestTest) {
				r.Answer = &zwgk.RequestAnswer{On: date(t, "2026-02-05"), Form: zwgk.ReplyDisclosed}
			}},
			{"form", func(r *zwgk.RequestTest) { r.Answer = &zwgk.RequestAnswer{On: date(t, "2026-03-01"), Form: "maybe"} }},
			{"quality", func(r *zwgk.RequestTest) {
				r.Answer = &zwgk.RequestAnswer{On: date(t, "2026-03-01"), Form: zwgk.ReplyDisclosed, Quality: "great"}
			}},
			{"extended_on", func(r *zwgk.RequestTest) {
				r.ExtendedOn = date(t, "2026-03-05")
				r.Answer = &zwgk.RequestAnswer{On: date(t, "2026-03-01"), Form: zwgk.ReplyDisclosed}
			}},
		} {
			r := good
			tt.edit(&r)
			_, err := db.AddRequestTest(ctx, r)
			var fe *store.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("want a %s error, got %v", tt.field, err)
			}
		}
		if got, _ := db.RequestTests(ctx, c.ID, ""); len(got) != 0 {
			t.Fatalf("refused requests were stored: %+v", got)
		}

		r, err := db.AddRequestTest(store.WithActor(ctx, "zhang"), good)
		must(t, err)
		if r.ID == 0 {
			t.Fatal("no id")
		}
		// The answer comes: the assessor logs it, with an extension notice.
		r.ExtendedOn = date(t, "2026-03-10")
		r.Answer = &zwgk.RequestAnswer{On: date(t, "2026-03-30"), Form: zwgk.ReplyPartial, Quality: zwgk.QualityFair, Notes: "未告知救济途径", By: "李复核"}
		_, err = db.UpdateRequestTest(ctx, r)
		must(t, err)
		got, err := db.RequestTests(ctx, c.ID, "GD")
		must(t, err)
		if len(got) != 1 || got[0].Answer == nil || got[0].Answer.Form != zwgk.ReplyPartial || got[0].ExtendedOn != r.ExtendedOn ||
			got[0].Answer.Notes != "未告知救济途径" || got[0].Answer.By != "李复核" || got[0].SentOn != good.SentOn {
			t.Fatalf("stored: %+v", got)
		}
		// An update cannot move the request to another agency.
		moved := got[0]
		moved.Agency = "SZ"
		_, err = db.UpdateRequestTest(ctx, moved)
		must(t, err)
		if again, _ := db.RequestTest(ctx, r.ID); again.Agency != "GD" {
			t.Errorf("agency changed by an update: %s", again.Agency)
		}
		if _, err := db.UpdateRequestTest(ctx, zwgk.RequestTest{ID: 999}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a missing request: %v", err)
		}
		bad := got[0]
		bad.Answer = &zwgk.RequestAnswer{On: date(t, "2026-01-01"), Form: zwgk.ReplyPartial}
		if _, err := db.UpdateRequestTest(ctx, bad); err == nil || !strings.Contains(err.Error(), "answered_on") {
			t.Errorf("answer before sent on update: %v", err)
		}

		log, err := db.AuditLog(ctx, 50)
		must(t, err)
		var actions []string
		for _, e := range log {
			if strings.HasPrefix(e.Action, "request_test.") {
				actions = append(actions, e.Who+" "+e.Action)
			}
		}
		if strings.Join(actions, "|") != "李复核 request_test.update|李复核 request_test.update|zhang request_test.add" &&
			strings.Join(actions, "|") != "zhang request_test.add|李复核 request_test.update|李复核 request_test.update" {
			t.Errorf("audit: %v", actions)
		}

		// A bureau loads 2028; a request in it is then accepted.
		if _, err := db.LoadWorkdayYear(ctx, "2028.yaml", []byte("year: 2028\nsource: 国办发明电〔2027〕测试\nholidays: [2028-01-03, 2028-13-01]\n"), "ops"); err == nil ||
			!strings.Contains(err.Error(), "2028.yaml:3") {
			t.Fatalf("a bad year file: %v", err)
		}
		cal, err := db.WorkCalendar(ctx)
		must(t, err)
		if cal.Covers(2028) {
			t.Fatal("a refused file was kept")
		}
		w, err := db.LoadWorkdayYear(ctx, "2028.yaml", []byte("year: 2028\nsource: 国办发明电〔2027〕测试\nholidays: [2028-01-03]\n"), "ops")
		must(t, err)
		if w.Year != 2028 {
			t.Fatalf("loaded %+v", w)
		}
		cal, err = db.WorkCalendar(ctx)
		must(t, err)
		if !cal.Covers(2028) || cal.IsWorkday(date(t, "2028-01-03")) || cal.Source(2028) != "国办发明电〔2027〕测试" {
			t.Fatal("2028 not in the calendar after loading")
		}
		// Reloading replaces; both loads are audited.
		_, err = db.LoadWorkdayYear(ctx, "2028b.yaml", []byte("year: 2028\nsource: 国办发明电〔2027〕更正\nholidays: [2028-01-03, 2028-01-04]\n"), "ops")
		must(t, err)
		ys, err := db.WorkdayYears(ctx)
		must(t, err)
		if len(ys) != 1 || ys[0].Source != "国办发明电〔2027〕更正" {
			t.Fatalf("years: %+v", ys)
		}
	})
}

func TestRequestTestPublishedCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		db.SetClock(func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) })
		mustImport(t, db, fixture)
		c, err := db.CreateCycle(ctx, store.NewCycle{Name: "2026", FrameworkID: "test", FrameworkVersion: "1",
			FrameworkSource: []byte("id: test\n"), AsOf: zwgk.NewDate(2026, 3, 31), WindowDays: 365, Agencies: []string{"GD"}})
		must(t, err)
		r, err := db.AddRequestTest(ctx, zwgk.RequestTest{CycleID: c.ID, Agency: "GD", Channel: zwgk.ChannelLetter, SentOn: date(t, "2026-03-02"),
			ReceivedOn: date(t, "2026-03-04"), Reference: "EMS1234567890", Content: "申请公开……", Assessor: "a"})
		must(t, err)
		for _, s := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview, zwgk.CyclePublished} {
			must(t, db.SetCycleState(ctx, c.ID, s))
		}
		r.Answer = &zwgk.RequestAnswer{On: date(t, "2026-03-20"), Form: zwgk.ReplyNotExist}
		if _, err := db.UpdateRequestTest(ctx, r); !errors.Is(err, zwgk.ErrPublished) {
			t.Errorf("answer logged on a published cycle: %v", err)
		}
	})
}
