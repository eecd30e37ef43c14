package indicators

import (
	"strings"
	"sync"
	"unicode"
)

// Normalize reduces a column label, alias or title to the form names are
// compared in, so that the crawler and scoring agree on what "the same
// column" means: it drops white space (including U+3000 and zero-width
// characters), punctuation, brackets and symbols; folds full-width ASCII to
// ASCII and Latin letters to lower case; maps traditional characters to
// simplified ones (權責清單 → 权责清单, 發布時間 → 发布时间); and maps the few
// Taiwanese words that differ from mainland usage (資訊 → 信息).
//
// The character table covers the characters of Chinese government column
// names, titles, page furniture and place names (about 400), not the whole
// of Chinese: a rare traditional character passes unchanged.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	table := bmpFolds()
	for _, r := range s {
		if r < rune(len(table)) {
			r = table[r] // foldRune, looked up: the crawler folds every item page's text
		} else {
			r = foldRune(r)
		}
		if r >= 0 {
			b.WriteRune(r)
		}
	}
	out := b.String()
	for _, w := range wordFolds {
		if strings.Contains(out, w[0]) {
			out = strings.ReplaceAll(out, w[0], w[1])
		}
	}
	return out
}

// foldRune is what Normalize makes of one character: -1 to drop it.
func foldRune(r rune) rune {
	if r >= '\uff01' && r <= '\uff5e' { // full-width ASCII
		r -= 0xfee0
	}
	switch {
	case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r),
		unicode.Is(unicode.Cf, r), unicode.IsControl(r), r == unicode.ReplacementChar:
		return -1
	}
	if simp, ok := t2s[r]; ok {
		return simp
	}
	return unicode.ToLower(r)
}

// bmpFolds is foldRune for every character of the Basic Multilingual
// Plane (256 KiB, built on first use in about a millisecond).
var bmpFolds = sync.OnceValue(func() []rune {
	t := make([]rune, 0x10000)
	for r := range t {
		t[r] = foldRune(rune(r))
	}
	return t
})

// MatchAlias reports whether a label (a column's anchor text, a title) names
// what one of the aliases names: the normalised label equals or contains a
// normalised alias. Aliases are short canonical names (权责清单), labels
// are what sites write (本部门权责清单公示、【權責清單】). Empty aliases match
// nothing.
func MatchAlias(aliases []string, label string) bool {
	l := Normalize(label)
	if l == "" {
		return false
	}
	for _, a := range aliases {
		if n := Normalize(a); n != "" && strings.Contains(l, n) {
			return true
		}
	}
	return false
}

// wordFolds are words (already character-mapped) that Taiwanese and
// Hong Kong usage writes differently from the mainland.
var wordFolds = [][2]string{
	{"资讯", "信息"},
	{"网路", "网络"},
}

// t2s maps traditional (and variant) characters to simplified ones.
var t2s = func() map[rune]rune {
	pairs := []rune(t2sPairs + t2sVariants)
	m := make(map[rune]rune, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}()

// t2sPairs lists traditional-simplified pairs, sorted by the simplified
// character's code point. Generated with OpenCC (s2t, s2tw, s2hk over a
// vocabulary of government column names, titles and place names, plus t2s
// over the policy text), dropping characters that are also ordinary
// simplified characters (著, which simplified text uses in 显著).
const t2sPairs = "" +
	"萬万與与專专業业東东嚴严個个豐丰爲为為为舉举麼么義义烏乌習习鄉乡書书買买亂乱於于雲云產产産产僅仅從从倉仓們们價价衆众眾众" +
	"優优會会傳传傷伤體体債债償偿儲储兒儿黨党蘭兰關关興兴養养內内寫写軍军農农決决況况準准減减憑凭擊击劃划則则創创辦办務务動动" +
	"勵励勢势區区醫医華华協协單单衛卫廳厅歷历壓压廈厦縣县參参雙双發发變变臺台號号後后聽听啓启啟启員员諮咨響响團团園园圍围國国" +
	"圖图圓圆場场堅坚壇坛聲声處处備备復复夠够頭头獎奖婦妇學学寧宁寶宝實实審审寬宽對对尋寻導导將将爾尔層层屆届屬属歲岁島岛嶺岭" +
	"峽峡帶带幫帮幹干並并廣广莊庄慶庆庫库應应廢废開开強强歸归當当錄录徹彻徵征徑径懷怀態态總总懲惩戰战戶户執执擴扩撫抚護护報报" +
	"擔担擬拟揮挥換换據据攬揽數数斷断無无舊旧時时顯显曉晓術术機机權权條条來来極极構构標标欄栏樹树檔档橋桥檢检樓楼歡欢殘残氣气" +
	"匯汇彙汇漢汉溝沟沒没滬沪澤泽潔洁淺浅測测濟济瀏浏湧涌溫温遊游灣湾滿满濱滨災灾點点熱热愛爱牽牵獨独環环現现瓊琼電电暢畅療疗" +
	"監监蓋盖盤盘碼码礙碍種种積积稱称稅税穩稳築筑籌筹簡简類类糧粮緊紧糾纠紅红約约級级紀纪綱纲納纳紛纷紙纸紐纽線线組组細细織织" +
	"紹绍經经結结繞绕絡络統统繼继績绩續续維维綜综綠绿編编縮缩網网罰罚職职聯联肅肃脫脱輿舆蘇苏範范藥药營营薩萨慮虑補补見见規规" +
	"視视覽览計计訂订認认討讨讓让訓训議议訊讯記记講讲許许論论訟讼設设訪访證证評评識识訴诉詞词試试話话詢询詳详語语誤误說说説说" +
	"請请諾诺讀读課课調调談谈謂谓負负財财責责賬账質质貧贫購购貫贯貼贴貴贵貸贷貿贸費费資资賠赔賽赛贛赣踐践蹤踪車车轉转輪轮軟软" +
	"載载輛辆輩辈輸输轄辖遼辽達达過过邁迈運运這这進进遠远違违連连適适選选郵邮鄰邻鄭郑採采裡里鑑鉴鑒鉴針针鋼钢鐵铁銀银鏈链銷销" +
	"錯错錫锡鍵键鎮镇長长門门閉闭問问間间聞闻閩闽閱阅閲阅隊队陽阳陣阵階阶際际陝陕險险隨随隱隐難难頁页頂顶項项順顺預预領领頻频" +
	"題题風风館馆饋馈駛驶駐驻駕驾驗验驟骤魯鲁黃黄齊齐龍龙衞卫"

// t2sVariants are the second traditional forms of a simplified character
// (布 from 佈 as well as 布, 系 from 係 and 繫) that OpenCC's one-way
// character conversion does not yield.
const t2sVariants = "佈布週周綫线裏里註注託托檯台颱台鍾钟鐘钟麵面髮发複复製制儘尽盡尽" +
	"衝冲佔占囑嘱繫系係系隻只祇只衹只纔才覈核禮礼夥伙"
