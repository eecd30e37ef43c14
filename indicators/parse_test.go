package indicators_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"zwgk"
	"zwgk/indicators"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestParseBad(t *testing.T) {
	tests := []struct {
		file string
		errs []string
	}{
		{"five.bad.yaml", []string{
			`testdata/five.bad.yaml:12: indicator "A": children points sum to 40, parent has 50`,
			`testdata/five.bad.yaml:17: indicator "A1": unknown kind "scroe" (one of score, veto, deduct, bonus, manual, group)`,
			`testdata/five.bad.yaml:32: indicator "B1": veto indicator has 5 points; a veto carries none, it only passes or fails`,
			`testdata/five.bad.yaml:37: indicator "A2": duplicate id (first defined at line 22)`,
			"testdata/five.bad.yaml:37: indicator \"A2\": rule document: pattern \"{prev_year}年(政府信息公开.*年度报告\" does not compile: error parsing regexp: missing closing ): `2025年(政府信息公开.*年度报告`",
		}},
		{"bands.bad.yaml", []string{
			`testdata/bands.bad.yaml:5: bands "优秀" and "良好" overlap: both start at 85`,
			`testdata/bands.bad.yaml:5: bands leave a gap below 60: the lowest band must start at 0 so every mark has a grade`,
		}},
		{"order.bad.yaml", []string{
			`testdata/order.bad.yaml:5: bands out of order: "优秀" (from 85) after "合格" (from 60); list them highest first`,
		}},
		{"strict.bad.yaml", []string{
			`testdata/strict.bad.yaml:6: unknown field "owner" in framework (known: appeals, appraisal_vetoed, appraisal_weight, bands, bonus_cap, bonus_gate, description, id, indicators, not_applicable, notices, rectification, sampling, title, total, version, veto_grade, window_days, word_lists)`,
			`testdata/strict.bad.yaml:12: indicator "A": unknown field "weight" in an indicator (known: advice, basis, children, description, id, kind, levels, name, per, points, rectify_days, requirement, rule)`,
			`testdata/strict.bad.yaml:13: indicator "A": unknown parameter "max_age" in rule kind column (known: aliases, attachments, class, depth, keywords, max_age_days, min_items)`,
			`testdata/strict.bad.yaml:18: indicator "B": unknown rule kind "guide" (one of ` + indicators.RuleKindList() + `)`,
		}},
		{"kinds.bad.yaml", []string{
			`testdata/kinds.bad.yaml:6: top-level points (bonus excluded) sum to 95, total is 100`,
			`testdata/kinds.bad.yaml:7: indicator "A": deduct indicator without per (points deducted per occurrence)`,
			`testdata/kinds.bad.yaml:12: indicator "B": unknown level "township" (one of ministry, province, city, county)`,
			`testdata/kinds.bad.yaml:18: indicator "C": missing rule (every leaf needs one; only kind manual may omit it)`,
			`testdata/kinds.bad.yaml:22: indicator "X": bonus indicator without a gate: set the framework's bonus_gate (the base mark from which bonus counts)`,
		}},
		{"types.bad.yaml", []string{
			`testdata/types.bad.yaml:7: indicator "A": rule availability: fail_ratio 2 outside (0, 1]`,
			"testdata/types.bad.yaml:10: indicator \"A\": cannot unmarshal !!str `soon` into time.Duration",
			"testdata/types.bad.yaml:14: indicator \"B\": cannot unmarshal !!str `lots` into float64",
		}},
		{"syntax.bad.yaml", []string{
			`testdata/syntax.bad.yaml:4: did not find expected ',' or ']'`,
		}},
		{"rules.bad.yaml", []string{
			`testdata/rules.bad.yaml:7: indicator "A": rule column: aliases: at least one`,
			`testdata/rules.bad.yaml:7: indicator "A": rule column: attachment type "PDF file": a file extension like pdf, doc, xlsx`,
			`testdata/rules.bad.yaml:12: indicator "B": rule availability: min_probes 500 can never be reached with 20 probes a day for 7 days`,
			`testdata/rules.bad.yaml:16: indicator "C": rule document: deadline "1月31日": a month and day, MM-DD`,
			`testdata/rules.bad.yaml:21: indicator "D": kind manual is scored by an assessor: its rule, if any, is kind manual, not links`,
			`testdata/rules.bad.yaml:26: indicator "E": per is only for deduct indicators`,
			`testdata/rules.bad.yaml:38: indicator "F": level "ministry" is not among its parent "E0"'s levels`,
			`testdata/rules.bad.yaml:38: indicator "F": rule column: class "weekly" is not a class of the stale_columns rule (news, notice, policy)`,
			`testdata/rules.bad.yaml:44: indicator "G": rule stale_columns: class "news": max_age_days must be positive`,
		}},
		{"notices.bad.yaml", []string{
			`testdata/notices.bad.yaml:6: appraisal_vetoed 5: points a vetoed agency gets, 0–appraisal_weight (4)`,
			`testdata/notices.bad.yaml:9: notices commend top -1: a number of agencies, 0–100000`,
			`testdata/notices.bad.yaml:10: notices commend min_grade "良好" is not a grade of the bands (优秀, 合格, 不合格)`,
			`testdata/notices.bad.yaml:12: notices criticise grades: "差" is not a grade of the bands (优秀, 合格, 不合格)`,
			`testdata/notices.bad.yaml:12: notices criticise grades: "不合格" listed twice`,
			`testdata/notices.bad.yaml:13: notices criticise per "district": one of tier, province, city`,
			`testdata/notices.bad.yaml:15: notices tiers: unknown tier "township" (one of ministry, province, city, county)`,
			`testdata/notices.bad.yaml:16: notices tiers county: give commend, criticise or both`,
			`testdata/notices.bad.yaml:18: notices tiers city commend names every agency: set top (the first N of each tier) or min_grade`,
			`testdata/notices.bad.yaml:19: notices tiers city criticise names no agency: set vetoed, grades or bottom (§21 asks that the poor be criticised)`,
			`testdata/notices.bad.yaml:20: appeals window_days 400: days after results are shown, 1–365`,
			`testdata/notices.bad.yaml:22: rectification days bonus: bonus indicators are never on a rectification list`,
			`testdata/notices.bad.yaml:22: rectification days: unknown kind "urgent" (veto, score, deduct, manual or default)`,
			`testdata/notices.bad.yaml:22: rectification days veto 0: 1–3660`,
			`testdata/notices.bad.yaml:28: indicator "A1": rectify_days -2: 1–3660 (0 or unset: the framework's days for its kind)`,
			`testdata/notices.bad.yaml:38: indicator "X1": a bonus indicator is never on a rectification list: requirement and rectify_days do not apply`,
		}},
		{"words.bad.yaml", []string{
			`testdata/words.bad.yaml:11: word_lists.leaders[1]: name "Zhang San": 2–12 Chinese characters (· allowed between the parts of a name)`,
			`testdata/words.bad.yaml:12: word_lists.leaders[2]: 张三 is listed twice (first at word_lists.leaders[0]); give one entry every title`,
			`testdata/words.bad.yaml:13: word_lists.leaders[3]: 李四 has no titles`,
			`testdata/words.bad.yaml:16: word_lists.typos[1]: right "截止到" contains wrong "截止": every correct use would be a hit`,
			`testdata/words.bad.yaml:17: word_lists.typos[2]: right "安装 ": leading or trailing space (matching is exact)`,
			`testdata/words.bad.yaml:17: word_lists.typos[2]: "按装" is listed twice (first at word_lists.typos[0])`,
			`testdata/words.bad.yaml:18: word_lists.typos[3]: wrong "误": one character matches too much; give the word it is wrong in`,
			`testdata/words.bad.yaml:19: word_lists.sensitive[1]: "": empty`,
			`testdata/words.bad.yaml:19: word_lists.sensitive[2]: "某词" is listed twice (first at word_lists.sensitive[0])`,
			`testdata/words.bad.yaml:20: word_lists.dark_domains[1]: "http://bad.example.org/" is not a host name (like casino.example.com: no scheme, path or port)`,
			`testdata/words.bad.yaml:20: word_lists.dark_domains[2]: "bad example" is not a host name (like casino.example.com: no scheme, path or port)`,
			`testdata/words.bad.yaml:21: unknown field "unknown_list" in framework word_lists (known: allow, dark_domains, dark_keywords, formulations, leaders, sensitive, starters, titles, typos)`,
			`testdata/words.bad.yaml:29: indicator "D3": rule site_identity: items: "icp" listed twice`,
			`testdata/words.bad.yaml:29: indicator "D3": rule site_identity: items: unknown item "logo" (one of site_code, icp, psb, conac, sponsor, contact)`,
		}},
		{"anchors.bad.yaml", []string{
			`testdata/anchors.bad.yaml:5: YAML anchors and aliases are not allowed in a framework`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			fw, err := indicators.ParseFile(filepath.Join("testdata", tt.file))
			if fw != nil {
				t.Errorf("got a framework despite faults")
			}
			var verrs indicators.ValidationErrors
			if !errors.As(err, &verrs) {
				t.Fatalf("error %v (%T) is not ValidationErrors", err, err)
			}
			var got []string
			for _, e := range verrs {
				got = append(got, e.Error())
				var f *indicators.Fault
				if !errors.As(e, &f) || f.Line == 0 {
					t.Errorf("fault %q has no line", e)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("faults:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.errs, "\n"))
			}
			if err.Error() != strings.Join(got, "\n") {
				t.Errorf("Error() does not join the faults by lines: %q", err.Error())
			}
		})
	}
}

func TestParseFileMissing(t *testing.T) {
	_, err := indicators.ParseFile("testdata/no-such.yaml")
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want a wrapped not-exist error", err)
	}
}

// TestParseGood loads each good file, checks what Parse promises (source,
// hash, lines, defaults) and compares the loaded framework, written back as
// YAML with defaults applied, with a golden file.
func TestParseGood(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.good.yaml")
	if len(files) == 0 {
		t.Fatal("no good files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, _ := os.ReadFile(file)
			fw, err := indicators.Parse(file, src)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(src)
			if fw.Hash != hex.EncodeToString(sum[:]) {
				t.Errorf("hash %s", fw.Hash)
			}
			if !bytes.Equal(fw.Export(), src) {
				t.Errorf("Export does not give back the source")
			}
			fw.Walk(func(ind *indicators.Indicator, _ int) {
				if ind.Line == 0 || !strings.Contains(strings.Split(string(src), "\n")[ind.Line-1], ind.ID) {
					t.Errorf("indicator %s: line %d does not hold its id", ind.ID, ind.Line)
				}
			})
			out, err := yaml.Marshal(fw)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(filepath.Base(file), ".yaml")+".loaded.golden", out)
			// What was written back parses to the same framework.
			again, err := indicators.Parse("again", out)
			if err != nil {
				t.Fatalf("the loaded framework written back does not parse: %v", err)
			}
			out2, _ := yaml.Marshal(again)
			if !bytes.Equal(out, out2) {
				t.Errorf("round trip changed the framework")
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	fw, err := indicators.ParseFile("testdata/small.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s := fw.Sampling; s.MaxPages != 200 || s.MaxDepth != 3 || s.ItemsOpened != 5 || s.ListPages != 5 || s.LinksChecked != 100 {
		t.Errorf("sampling %+v: set values kept, unset ones defaulted", s)
	}
	if c := fw.Indicator("A1").Rule.Column; c.Depth != 3 || c.MaxAgeDays != 0 {
		t.Errorf("A1 column %+v", c)
	}
	if a := fw.Indicator("V1").Rule.Availability; a.Timeout != 15*time.Second || a.MinProbes != 20 {
		t.Errorf("availability %+v", a)
	}
	if l := fw.Indicator("B2").Rule.Links; l.OtherPer != 10 {
		t.Errorf("links %+v", l)
	}
}

func TestRuleYAML(t *testing.T) {
	var r indicators.Rule
	if err := yaml.Unmarshal([]byte("{kind: response, aliases: [市长信箱]}"), &r); err != nil {
		t.Fatal(err)
	}
	if r.Kind != indicators.RuleResponse || r.Response == nil || r.Response.MaxWorkingDays != 15 || r.Response.UnansweredDays != 90 || r.Column != nil {
		t.Errorf("rule %+v %+v", r, r.Response)
	}
	for _, bad := range []string{"{kind: response, alias: [x]}", "{kind: nope}", "{aliases: [x]}", "[kind, column]"} {
		var r indicators.Rule
		if err := yaml.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	out, err := yaml.Marshal(indicators.Rule{Kind: indicators.RuleLinks, Links: &indicators.Links{OtherPer: 7}})
	if err != nil || string(out) != "kind: links\nother_per: 7\n" {
		t.Errorf("marshal: %q %v", out, err)
	}
	js, err := json.Marshal(indicators.Rule{Kind: indicators.RuleAvailability, Availability: &indicators.Availability{Timeout: 15 * time.Second, FailRatio: 0.05}})
	if want := `{"days":0,"fail_ratio":0.05,"kind":"availability","min_probes":0,"per_day":0,"timeout":"15s"}`; err != nil || string(js) != want {
		t.Errorf("json: %s %v, want %s", js, err, want)
	}
}

func TestNavigation(t *testing.T) {
	fw, err := indicators.ParseFile("testdata/small.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ id, parent, first string }{
		{"A2", "A", "A"},
		{"A", "", "A"},
		{"X1", "X", "X"},
		{"nope", "", ""},
	}
	name := func(ind *indicators.Indicator) string {
		if ind == nil {
			return ""
		}
		return ind.ID
	}
	for _, tt := range tests {
		if got := name(fw.Parent(tt.id)); got != tt.parent {
			t.Errorf("Parent(%s) = %q, want %q", tt.id, got, tt.parent)
		}
		if got := name(fw.FirstLevel(tt.id)); got != tt.first {
			t.Errorf("FirstLevel(%s) = %q, want %q", tt.id, got, tt.first)
		}
	}
	if fw.Indicator("B3").Name != "负面清单制度" || fw.Indicator("zz") != nil {
		t.Error("Indicator lookup")
	}
	if !fw.Indicator("X").Bonus() || fw.Indicator("A").Bonus() {
		t.Error("Bonus")
	}
	if !fw.Indicator("A2").AppliesTo(zwgk.LevelCounty) || fw.Indicator("A2").AppliesTo(zwgk.LevelMinistry) {
		t.Error("AppliesTo")
	}
	for mark, want := range map[float64]string{100: "优秀", 85: "优秀", 84.9: "良好", 60: "合格", 59.99: "不合格", 0: "不合格"} {
		if got := fw.Grade(mark); got != want {
			t.Errorf("Grade(%v) = %s, want %s", mark, got, want)
		}
	}
}

func TestTreeGolden(t *testing.T) {
	fws := indicators.Builtins()
	small, err := indicators.ParseFile("testdata/small.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, fw := range append(fws, small) {
		t.Run(fw.ID, func(t *testing.T) {
			var b bytes.Buffer
			if err := fw.WriteTree(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, fw.ID+".tree.golden", b.Bytes())
		})
	}
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	seeds2, _ := filepath.Glob("builtin/*.yaml")
	for _, s := range append(seeds, seeds2...) {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(""))
	f.Add([]byte("a: &x [*x]"))
	f.Add([]byte("indicators: [{id: A, children: [{id: B, children: []}]}]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fw, err := indicators.Parse("fuzz.yaml", src)
		if (fw == nil) == (err == nil) {
			t.Fatalf("exactly one of framework and error: %v %v", fw, err)
		}
		if err != nil {
			var verrs indicators.ValidationErrors
			if !errors.As(err, &verrs) || len(verrs) == 0 {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		// A valid framework prints and its tree is well formed.
		var b bytes.Buffer
		if err := fw.WriteTree(&b); err != nil {
			t.Fatal(err)
		}
	})
}
