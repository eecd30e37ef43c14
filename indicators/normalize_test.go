package indicators

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"simplified unchanged", "权责清单", "权责清单"},
		{"traditional", "權責清單", "权责清单"},
		{"taiwanese word", "資訊公開", "信息公开"},
		{"traditional mainland word", "信息公開", "信息公开"},
		{"date label with colon", "發布時間：", "发布时间"},
		{"date label ascii colon", "發佈時間:", "发布时间"},
		{"hk form", "發佈日期", "发布日期"},
		{"brackets and spaces", "【 政府信息公开指南 】", "政府信息公开指南"},
		{"ideographic space", "政务\u3000公开", "政务公开"},
		{"zero width", "政务\u200b公开\ufeff", "政务公开"},
		{"full-width ascii folds and lowers", "ＰＰＰ项目（２０２６）", "ppp项目2026"},
		{"numbering and dots", "1.财政预决算·", "1财政预决算"},
		{"symbols", "互联网+政务服务", "互联网政务服务"},
		{"book title marks", "《政府信息公開條例》", "政府信息公开条例"},
		{"policy phrase", "全面推進政務公開", "全面推进政务公开"},
		{"variant forms", "人民群衆", "人民群众"},
		{"variant 産", "安全生産", "安全生产"},
		{"letters box", "市長信箱", "市长信箱"},
		{"county", "縣長信箱", "县长信箱"},
		{"consult", "諮詢投訴", "咨询投诉"},
		{"solicitation", "意見徵集", "意见征集"},
		{"budget", "財政預決算", "财政预决算"},
		{"interpretation", "圖解政策", "图解政策"},
		{"service guide", "辦事指南", "办事指南"},
		{"empty", "", ""},
		{"only punctuation", "【】：，。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every traditional character of the policy text (sections (四)–(二十一))
// that the table knows folds, so the phrases the framework quotes match
// whichever script a site uses.
func TestNormalizeTableIsConsistent(t *testing.T) {
	for trad, simp := range t2s {
		if _, ok := t2s[simp]; ok {
			t.Errorf("%c maps to %c, which is itself mapped", trad, simp)
		}
		if trad == simp {
			t.Errorf("%c maps to itself", trad)
		}
	}
	if len(t2s) < 300 {
		t.Errorf("t2s has %d characters, want several hundred", len(t2s))
	}
}

func TestMatchAlias(t *testing.T) {
	tests := []struct {
		name    string
		aliases []string
		label   string
		want    bool
	}{
		{"equal", []string{"权责清单"}, "权责清单", true},
		{"contains", []string{"权责清单"}, "本部门权责清单公示", true},
		{"traditional label", []string{"权责清单"}, "【權責清單】", true},
		{"second alias", []string{"权责清单", "权力清单"}, "行政权力清单", true},
		{"traditional alias", []string{"權力清單"}, "权力清单", true},
		{"guide variants", []string{"政府信息公开指南", "信息公开指南", "公开指南"}, "政务公开指南", true},
		{"taiwanese label", []string{"信息公开指南"}, "政府資訊公開指南", true},
		{"mailbox", []string{"领导信箱", "市长信箱"}, "市长 信箱", true},
		{"full-width spaces", []string{"政策解读"}, "政策\u3000解读", true},
		{"alias longer than label", []string{"政府信息公开指南"}, "公开指南", false},
		{"different column", []string{"权责清单"}, "负面清单", false},
		{"empty alias matches nothing", []string{"", "【】"}, "任何栏目", false},
		{"empty label", []string{"权责清单"}, "", false},
		{"no aliases", nil, "权责清单", false},
		{"latin case", []string{"PPP"}, "ppp项目信息", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchAlias(tt.aliases, tt.label); got != tt.want {
				t.Errorf("MatchAlias(%q, %q) = %v, want %v", tt.aliases, tt.label, got, tt.want)
			}
		})
	}
}

func BenchmarkNormalize(b *testing.B) {
	s := strings.Repeat("【政府資訊公開指南】", 4)
	for b.Loop() {
		Normalize(s)
	}
}
