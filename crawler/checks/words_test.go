package checks

import (
	"fmt"
	"strings"
	"testing"

	"zwgk"
)

var testLeaders = []Leader{
	{Name: "张三", Titles: []string{"市委副书记", "市长"}},
	{Name: "李四", Titles: []string{"副市长"}},
	{Name: "王五", Titles: []string{"市委书记"}},
	{Name: "赵六", Titles: []string{"常务副市长"}},
}

func mustChecker(t testing.TB, cfg Config) *Checker {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rules lists the rules of candidates, with the note of the first.
func rules(cs []zwgk.ContentCheck) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Rule)
	}
	return strings.Join(out, ",")
}

func TestLeaderTitles(t *testing.T) {
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckWording}, Lists: Lists{Leaders: testLeaders}})
	tests := []struct {
		name, text string
		hits       int
		shown      string // the title the first hit names
	}{
		{"right title before", "4月2日，市长张三主持召开市政府常务会议。", 0, ""},
		{"other right title", "市委副书记、市长张三出席会议并讲话。", 0, ""},
		{"deputy called mayor", "副市长张三到市场监管局调研食品安全工作。", 1, "副市长"},
		{"secretary after the name", "张三书记强调，要压实安全生产责任。", 1, "书记"},
		{"deputy promoted", "市长李四带队检查防汛工作。", 1, "市长"},
		{"deputy right", "副市长李四带队检查防汛工作。李四副市长指出……", 0, ""},
		{"short form of the party title", "王五书记主持会议。", 0, ""},
		{"wrong in a chain", "市委书记、市长张三会见客商。", 1, "市委书记"},
		{"executive deputy shortened", "副市长赵六出席。", 0, ""},
		{"executive dropped to mayor", "市长赵六出席。", 1, "市长"},
		{"name without a title", "张三同志的讲话精神", 0, ""},
		{"name inside a word", "主张三项措施并举，坚持书记抓、抓书记。", 0, ""},
		{"title and name apart", "市长：张三", 0, ""},
		{"wrong with a colon", "副市长：张三", 1, "副市长"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Text("http://www.example.gov.cn/a.html", tt.text)
			if len(got) != tt.hits {
				t.Fatalf("%q: %d candidates %v, want %d", tt.text, len(got), got, tt.hits)
			}
			for _, g := range got {
				if g.Kind != zwgk.CheckWording || g.Rule != RuleLeaderTitle || !strings.Contains(g.Excerpt, tt.shown) {
					t.Errorf("candidate %+v: want %s with %q in the excerpt", g, RuleLeaderTitle, tt.shown)
				}
				if !strings.Contains(g.Note, "「"+tt.shown+"」") {
					t.Errorf("note %q does not name the title shown %q", g.Note, tt.shown)
				}
			}
		})
	}
}

func TestWordingWithoutLeaders(t *testing.T) {
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckWording}})
	if c.Leaders() != 0 {
		t.Fatal("leaders without a list")
	}
	if got := c.Text("u", "副市长张三出席。"); len(got) != 0 {
		t.Errorf("candidates without a leader list: %v", got)
	}
	// The formulation starters still apply.
	got := c.Text("u", "会议介绍了北朝鲜的情况。")
	if rules(got) != RuleFormulation || !strings.Contains(got[0].Note, "「朝鲜」") {
		t.Errorf("formulation: %v", got)
	}
}

func TestTypos(t *testing.T) {
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckTypo}})
	tests := []struct {
		name, text string
		want       []string // right forms named, in order
	}{
		{"install", "社区为独居老人免费按装燃气报警器。", []string{"安装"}},
		{"deploy in context", "会议对下一阶段工作部属提出要求。", []string{"工作部署"}},
		{"ministry-affiliated is right", "教育部部属高校和部属院校名单", nil},
		{"deploy alone is right", "全面贯彻落实党中央决策部署", nil},
		{"even if", "既使遇到困难，也要按期完成。", []string{"即使"}},
		{"both … and", "既使群众满意，又使企业受益。", nil},
		{"as of", "截止目前，全市已完成改造1200户。", []string{"截至目前"}},
		{"deadline is right", "报名截止日期为2026年3月1日。", nil},
		{"two in one text", "再接再励，一如继往。", []string{"再接再厉", "一如既往"}},
		{"document number", "京政办发〔2024〕12号 索引号11110000000000000X/2024-00012", nil},
		{"economy", "以经济建设为中心", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Text("u", tt.text)
			var right []string
			for _, g := range got {
				if g.Kind != zwgk.CheckTypo || g.Rule != RuleTypo {
					t.Errorf("candidate %+v", g)
				}
				_, after, _ := strings.Cut(g.Note, "应为「")
				r, _, _ := strings.Cut(after, "」")
				right = append(right, r)
				if !strings.Contains(g.Note, "（") {
					t.Errorf("note %q names no source", g.Note)
				}
			}
			if strings.Join(right, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%q: %v, want %v", tt.text, right, tt.want)
			}
		})
	}
}

func TestBureauLists(t *testing.T) {
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckTypo, zwgk.CheckSensitive}, Lists: Lists{
		Typos:     []Pair{{Wrong: "按装", Right: "安装（本局）"}, {Wrong: "帐户", Right: "账户", Note: "本局规范"}},
		Sensitive: []string{"某某内部文件"},
		Allow:     []string{"按装订顺序"},
	}})
	got := c.Text("u", "请按装订顺序排列；开立帐户；某某内部文件不得公开；免费按装。")
	if rules(got) != "typo.list,typo.list,sensitive.list" {
		t.Fatalf("candidates %v", got)
	}
	if !strings.Contains(got[0].Note, "账户") || !strings.Contains(got[1].Note, "安装（本局）") || !strings.Contains(got[1].Excerpt, "免费【按装】") {
		t.Errorf("a bureau's entry must replace the starter, the allowed phrase stay quiet: %v", got)
	}
	if !strings.Contains(got[2].Note, "本单位敏感词表") {
		t.Errorf("sensitive note %q", got[2].Note)
	}

	none := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckTypo, zwgk.CheckSensitive}, Lists: Lists{NoStarters: true, Sensitive: []string{"甲乙丙"}}})
	if got := none.Text("u", "免费按装，百家乐，甲乙丙"); rules(got) != RuleSensitive {
		t.Errorf("without starters: %v", got)
	}
}

func TestSensitive(t *testing.T) {
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckSensitive}})
	for _, tt := range []struct {
		text string
		hits int
	}{
		{"最新六合彩开奖结果查询，百家乐在线", 2},
		{"市公安局开展打击网络赌博专项行动，查处违法犯罪人员12名。", 0},
		{"关于开展2026年度政府信息公开工作年度报告编制的通知", 0},
	} {
		got := c.Text("u", tt.text)
		if len(got) != tt.hits {
			t.Errorf("%q: %v, want %d", tt.text, got, tt.hits)
		}
		for _, g := range got {
			if g.Kind != zwgk.CheckSensitive || !strings.Contains(g.Note, "起始表") {
				t.Errorf("candidate %+v", g)
			}
		}
	}
}

func TestExcerptBoundedAndMasked(t *testing.T) {
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckTypo}})
	id := withCheck("11010519900307234")
	text := strings.Repeat("政务公开", 5000) + "申请人" + id + "按装" + strings.Repeat("信息", 5000)
	got := c.Text("u", text)
	if len(got) != 1 {
		t.Fatalf("%d candidates", len(got))
	}
	if strings.Contains(got[0].Excerpt, id) || len([]rune(got[0].Excerpt)) > 2*excerptRunes+40 {
		t.Errorf("excerpt %q: unmasked or unbounded", got[0].Excerpt)
	}
}

func TestDictHostile(t *testing.T) {
	// A page of nothing but typos yields at most MaxPerPage per rule, and
	// a page of 2 MiB of near-misses none.
	c := mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckTypo, zwgk.CheckSensitive, zwgk.CheckWording}, Lists: Lists{Leaders: testLeaders}})
	if got := c.Text("u", strings.Repeat("按装，", 100000)); len(got) > MaxPerPage {
		t.Errorf("%d candidates on one page", len(got))
	}
	if got := c.Text("u", strings.Repeat("按照安装部署", 200000)); len(got) != 0 {
		t.Errorf("near-misses: %v", got[:1])
	}
	var b strings.Builder
	for i := range 100000 {
		fmt.Fprintf(&b, "第%d次会议，副市长张三出席。", i)
	}
	if got := c.Text("u", b.String()); len(got) != MaxPerPage {
		t.Errorf("%d wording candidates, want the cap %d", len(got), MaxPerPage)
	}
}

func BenchmarkTextChecks(b *testing.B) {
	c := mustChecker(b, Config{Kinds: zwgk.CheckKinds, Lists: Lists{Leaders: testLeaders}})
	text := strings.Repeat("市政府召开常务会议，研究部署安全生产、营商环境和政务公开工作。", 20000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		c.Text("u", text)
	}
}
