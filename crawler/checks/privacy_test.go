package checks

import (
	"strings"
	"testing"

	"zwgk"
)

// withCheck completes 17 digits with their GB 11643 check character.
func withCheck(d17 string) string {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * idWeights[i]
	}
	return d17 + string(checkChars[sum%11])
}

// withLuhn completes digits with their Luhn check digit.
func withLuhn(d string) string {
	for c := byte('0'); c <= '9'; c++ {
		if Luhn(d + string(c)) {
			return d + string(c)
		}
	}
	panic("unreachable")
}

func TestValidID(t *testing.T) {
	good := withCheck("11010519900307234")
	if !ValidID(good) {
		t.Fatalf("%s: want valid", good)
	}
	bad := good[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", good[17])+1)%11])
	if ValidID(bad) {
		t.Errorf("%s: wrong check character accepted", bad)
	}
	for _, s := range []string{
		withCheck("11010519901307234"), // month 13
		withCheck("11010519900230234"), // 30 February
		withCheck("00010519900307234"), // no province 00
		withCheck("11010518000307234"), // born 1800
		"11441700007280420Y",           // a unified social credit code's shape
	} {
		if ValidID(s) {
			t.Errorf("%s: want invalid", s)
		}
	}
	if !ValidID(withCheck("11010520000229123")) {
		t.Error("29 February 2000 is a date")
	}
}

func TestFindPersonal(t *testing.T) {
	id := withCheck("11010519900307234")
	idX := ""
	for s := 0; s < 1000 && idX == ""; s++ {
		c := withCheck("440305198512" + "14" + string(rune('0'+s/100)) + string(rune('0'+s/10%10)) + string(rune('0'+s%10)))
		if strings.HasSuffix(c, "X") {
			idX = c
		}
	}
	card := withLuhn("622202123456789012")
	visa := withLuhn("411111111111111")
	tests := []struct {
		name, text string
		want       []string // masked numbers, in order
		rules      []string
	}{
		{"id in a list", "张三，身份证号" + id + "，住址……", []string{id[:6] + "********" + id[14:]}, []string{RuleIDCard}},
		{"id ending in x", "证件号码：" + strings.ToLower(idX) + "。", []string{idX[:6] + "********" + idX[14:]}, []string{RuleIDCard}},
		{"wrong check digit", "编号" + id[:17] + map[bool]string{true: "1", false: "2"}[id[17] != '1'], nil, nil},
		{"part of a longer number", "流水号9" + id + "，", nil, nil},
		{"credit code", "统一社会信用代码：91110105MA01ABCD2X；索引号：11441700007280420Y/2021-00050", nil, nil},
		{"document number", "京政发〔2024〕12号、文号20240311000123", nil, nil},
		{"mobile", "业主李四（13800138000）", []string{"138****8000"}, []string{RuleMobile}},
		{"grouped mobile", "电话号 138-0013-8000 已核实", []string{"138****8000"}, []string{RuleMobile}},
		{"published hotline", "联系电话：13800138000；咨询电话 139 0013 9000", nil, nil},
		{"no such prefix", "编号12345678901", nil, nil},
		{"ten digits", "1380013800", nil, nil},
		{"bank card", "开户账号：" + card + "。", []string{card[:4] + strings.Repeat("*", len(card)-8) + card[len(card)-4:]}, []string{RuleBankCard}},
		{"grouped card", "卡号 " + visa[:4] + " " + visa[4:8] + " " + visa[8:12] + " " + visa[12:], []string{visa[:4] + "********" + visa[12:]}, []string{RuleBankCard}},
		{"luhn fails", "卡号" + card[:len(card)-1] + string("1234567890"[(card[len(card)-1]-'0')]), nil, nil},
		{"in latin text", "ABC" + id, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := FindPersonal(tt.text)
			var got, rules []string
			for _, h := range hits {
				got = append(got, h.Masked)
				rules = append(rules, h.Rule)
				if h.Start < 0 || h.End > len(tt.text) || h.Start >= h.End {
					t.Errorf("bad span %d..%d", h.Start, h.End)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") || strings.Join(rules, ",") != strings.Join(tt.rules, ",") {
				t.Errorf("FindPersonal(%q) = %v %v, want %v %v", tt.text, got, rules, tt.want, tt.rules)
			}
		})
	}
}

func TestExcerptMasks(t *testing.T) {
	id := withCheck("11010519900307234")
	text := "关于低保对象的公示：王五，" + id + "，手机13912345678，按装了设施。"
	i := strings.Index(text, "按装")
	ex := Excerpt(text, i, i+len("按装"))
	if strings.Contains(ex, id) || strings.Contains(ex, "13912345678") {
		t.Fatalf("excerpt shows personal data: %s", ex)
	}
	if !strings.Contains(ex, "110105********") || !strings.Contains(ex, "139****5678") || !strings.Contains(ex, "按装") {
		t.Errorf("excerpt %q lacks the masked numbers or the hit", ex)
	}
}

func TestKindsInOrder(t *testing.T) {
	c, err := New(Config{Kinds: []zwgk.CheckKind{zwgk.CheckDarkLink, zwgk.CheckWording, zwgk.CheckPrivacy}})
	if err != nil {
		t.Fatal(err)
	}
	if k := c.Kinds(); len(k) != 3 || k[0] != zwgk.CheckPrivacy || k[1] != zwgk.CheckWording || k[2] != zwgk.CheckDarkLink {
		t.Errorf("Kinds = %v: want the configured kinds in zwgk.CheckKinds order", k)
	}
	if _, err := New(Config{Kinds: []zwgk.CheckKind{"spelling"}}); err == nil {
		t.Error("an unknown kind was accepted")
	}
}
