package indicators_test

import (
	"slices"
	"testing"

	"zwgk/indicators"
)

const wordsGood = `
id: words-good
version: "1"
title: 词表
total: 10
bands: [{min: 0, grade: 合格}]
not_applicable: rescale
word_lists:
  starters: false
  leaders:
    - {name: 张三, titles: [市委副书记, 市长]}
    - {name: 阿不都·热合曼, titles: [副市长]}
  typos:
    - {wrong: 帐户, right: 账户, note: 本局公文规范}
  dark_domains: [casino.example.com]
indicators:
  - id: C1
    name: 内容
    kind: deduct
    points: 5
    per: 1
    rule: {kind: content_check, checks: [wording, typo]}
  - id: D3
    name: 网站标识
    kind: deduct
    points: 5
    per: 1
    rule: {kind: site_identity}
`

func TestWordLists(t *testing.T) {
	fw, err := indicators.Parse("words.yaml", []byte(wordsGood))
	if err != nil {
		t.Fatal(err)
	}
	w := fw.WordLists
	if w.UseStarters() || len(w.Leaders) != 2 || w.Leaders[1].Name != "阿不都·热合曼" || w.Typos[0].Note != "本局公文规范" || w.DarkDomains[0] != "casino.example.com" {
		t.Errorf("word lists %+v", w)
	}
	if !fw.NeedsIdentity() {
		t.Error("a site_identity rule: the crawler must read the identity")
	}
	if got := fw.Indicator("D3").Rule.SiteIdentity.Items; !slices.Equal(got, indicators.IdentityItems) {
		t.Errorf("default items %v", got)
	}
	plain, err := indicators.Parse("plain.yaml", []byte(`
id: plain
version: "1"
title: 无词表
total: 5
bands: [{min: 0, grade: 合格}]
not_applicable: rescale
indicators:
  - {id: C1, name: 内容, kind: deduct, points: 5, per: 1, rule: {kind: content_check, checks: [typo]}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if !plain.WordLists.UseStarters() || plain.NeedsIdentity() {
		t.Error("without word_lists the starters apply and no identity is read")
	}
}
