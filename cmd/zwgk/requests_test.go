package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zwgk"
	"zwgk/store/storetest"
)

// TestRequestsCommands: an assessor logs requests and replies from the
// command line and a bureau's spreadsheet, loads a later year's holiday
// arrangement, and lists where each request stands.
func TestRequestsCommands(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		dir := t.TempDir()
		if code, _, stderr := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(stderr)
		}
		if code, _, stderr := run(t, dsn, "cycle", "create", "2026", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
			t.Fatal(stderr)
		}
		// Sent just before 国庆 2025's arrangement would not belong to this
		// cycle's year, but the register takes any covered day: here a
		// request just before 春节 2026.
		code, out, stderr := run(t, dsn, "requests", "add", "2026", "--agency", "GD", "--channel", "online", "--sent", "2026-02-06",
			"--content", "申请公开2025年度政府采购项目清单", "--assessor", "张评估")
		if code != 0 || !strings.Contains(out, "reply due by 2026-03-12") {
			t.Fatalf("add: %d %q %q", code, out, stderr)
		}
		for _, bad := range []struct {
			args []string
			want string
		}{
			{[]string{"--agency", "NOPE", "--channel", "online", "--sent", "2026-02-06", "--content", "x"}, "agency"},
			{[]string{"--agency", "GD", "--channel", "pigeon", "--sent", "2026-02-06", "--content", "x"}, "--channel"},
			{[]string{"--agency", "GD", "--channel", "letter", "--sent", "2022-02-06", "--content", "x"}, "sent_on: 2022-02-06: the working-day calendar does not cover 2022"},
			{[]string{"--agency", "GD", "--channel", "letter", "--sent", "06/02/2026", "--content", "x"}, "--sent"},
		} {
			code, _, stderr := run(t, dsn, append([]string{"requests", "add", "2026"}, bad.args...)...)
			if code == 0 || !strings.Contains(stderr, bad.want) {
				t.Errorf("add %v: %d %q, want %q", bad.args, code, stderr, bad.want)
			}
		}
		// The reply, before it was sent: refused naming the field.
		if code, _, stderr := run(t, dsn, "requests", "answer", "1", "--on", "2026-02-01", "--form", "disclosed"); code == 0 || !strings.Contains(stderr, "answered_on") {
			t.Errorf("answer before sent: %d %q", code, stderr)
		}
		if code, out, stderr := run(t, dsn, "requests", "answer", "1", "--extended", "2026-03-05"); code != 0 || !strings.Contains(out, "2026年4月10日") {
			t.Errorf("extension: %d %q %q", code, out, stderr)
		}
		if code, out, stderr := run(t, dsn, "requests", "answer", "1", "--on", "2026-04-09", "--form", "部分公开", "--quality", "fair", "--notes", "未告知救济途径"); code != 0 ||
			!strings.Contains(out, "按期答复") {
			t.Errorf("answer: %d %q %q", code, out, stderr)
		}

		// A bureau's spreadsheet: GBK-free UTF-8 with a BOM and Chinese
		// headers; rows 3 and 5 are bad, the others are kept.
		csv := "\ufeff单位代码,渠道,申请日期,收到日期,申请内容,答复日期,答复形式,答复规范性,备注\n" +
			"GD,信函,2025-09-26,,申请公开2025年第三季度行政处罚决定,2025-10-31,予以公开,不规范,逾期且未说明理由\n" +
			"GD,鸽子,2025-09-26,,申请公开某事项,,,,\n" +
			"GD,email,2026-03-02,2026-03-03,申请公开某项目环评报告,,,,\n" +
			"GD,online,2026-03-02,,申请公开会议纪要,2026-03-01,予以公开,规范,\n"
		file := filepath.Join(dir, "requests.csv")
		if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr = run(t, dsn, "requests", "import", "2026", "--file", file)
		if code == 0 || !strings.Contains(out, "2 added, 0 updated, 0 unchanged, 2 bad") ||
			!strings.Contains(stderr, "requests.csv:3: column channel") || !strings.Contains(stderr, "requests.csv:5: column answered_on") {
			t.Fatalf("import: %d %q %q", code, out, stderr)
		}
		// The same sheet again with the environmental report answered:
		// the request is updated, not logged twice.
		csv = strings.Replace(csv, "申请公开某项目环评报告,,,,", "申请公开某项目环评报告,2026-03-20,信息不存在,规范,", 1)
		if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, _ = run(t, dsn, "requests", "import", "2026", "--file", file)
		if !strings.Contains(out, "0 added, 1 updated, 1 unchanged, 2 bad") {
			t.Fatalf("re-import: %d %q", code, out)
		}

		code, out, stderr = run(t, dsn, "requests", "list", "2026", "--json")
		if code != 0 {
			t.Fatal(stderr)
		}
		var lines []struct {
			zwgk.RequestTest
			Judgement zwgk.RequestJudgement `json:"judgement"`
		}
		if err := json.Unmarshal([]byte(out), &lines); err != nil {
			t.Fatal(err)
		}
		status := map[string]zwgk.RequestStatus{}
		for _, l := range lines {
			status[l.SentOn.String()+" "+string(l.Channel)] = l.Judgement.Status
		}
		want := map[string]zwgk.RequestStatus{"2026-02-06 online": zwgk.RequestOnTime, "2025-09-26 letter": zwgk.RequestLate, "2026-03-02 email": zwgk.RequestOnTime}
		if len(lines) != 3 || len(status) != 3 {
			t.Fatalf("list: %+v", lines)
		}
		for k, v := range want {
			if status[k] != v {
				t.Errorf("%s: %s, want %s", k, status[k], v)
			}
		}
		if code, out, _ := run(t, dsn, "requests", "list", "2026", "--agency", "GD"); code != 0 || !strings.Contains(out, "late") || !strings.Contains(out, "2025-10-30") {
			t.Errorf("list table: %q", out)
		}

		// 2028: refused until its arrangement is loaded; a bad file is
		// refused by line.
		y := filepath.Join(dir, "2028.yaml")
		os.WriteFile(y, []byte("year: 2028\nsource: 国办发明电〔2027〕测试\nholidays:\n  - 2028-01-03\n  - 2027-12-31\n"), 0o644)
		if code, _, stderr := run(t, dsn, "requests", "calendar-load", y); code == 0 || !strings.Contains(stderr, "2028.yaml:5") {
			t.Errorf("bad calendar: %d %q", code, stderr)
		}
		os.WriteFile(y, []byte("year: 2028\nsource: 国办发明电〔2027〕测试\nholidays: [2028-01-03]\n"), 0o644)
		if code, out, stderr := run(t, dsn, "requests", "calendar-load", y); code != 0 || !strings.Contains(out, "calendar 2028 loaded") {
			t.Errorf("calendar-load: %d %q %q", code, out, stderr)
		}
		if _, out, _ := run(t, dsn, "requests", "calendar"); !strings.Contains(out, "2028  国办发明电〔2027〕测试") || !strings.Contains(out, "2024  ") {
			t.Errorf("calendar: %q", out)
		}
	})
}
