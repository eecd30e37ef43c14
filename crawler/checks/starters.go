package checks

// The built-in starter lists. They are starters, not authorities: a hit
// is a candidate an assessor confirms or dismisses, and a bureau extends
// or replaces them in its framework (word_lists). Each entry's source is
// its Note; indicators/README.md lists the sources.

// Sources of the starter entries, as notes name them.
const (
	srcYaowen   = "《咬文嚼字》编辑部：当代汉语出版物中最常见的100个错别字"
	srcGov      = "公文常见误用（zwgk 起始表）"
	srcXinhua   = "新华社《新闻报道中的禁用词》（2016年修订）"
	srcSpam     = "政府网站被植入的赌博、色情、办证广告常用语（zwgk 起始表）"
	srcBanned   = "被依法取缔组织的口号和媒体（zwgk 起始表）"
	srcDarkLink = "赌博、色情、办证类网站的链接文字和域名用语（zwgk 起始表）"
)

// StarterTypos are misused words of government writing. Only forms with
// no correct reading are listed (以经 is left out: 以经济建设为中心).
var StarterTypos = func() []Pair {
	var out []Pair
	add := func(src string, pairs ...string) {
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, Pair{Wrong: pairs[i], Right: pairs[i+1], Note: src})
		}
	}
	add(srcYaowen,
		"按装", "安装", "甘败下风", "甘拜下风", "自抱自弃", "自暴自弃", "针贬", "针砭", "泊来品", "舶来品",
		"脉博", "脉搏", "松驰", "松弛", "一愁莫展", "一筹莫展", "穿流不息", "川流不息", "精萃", "精粹",
		"重迭", "重叠", "渡假村", "度假村", "防碍", "妨碍", "幅射", "辐射", "天翻地复", "天翻地覆",
		"言简意骇", "言简意赅", "气慨", "气概", "一股作气", "一鼓作气", "粗燥", "粗糙", "一如继往", "一如既往",
		"再接再励", "再接再厉", "暴光", "曝光", "寒喧", "寒暄", "坐阵", "坐镇", "迫不急待", "迫不及待",
		"谈笑风声", "谈笑风生", "名信片", "明信片", "美仑美奂", "美轮美奂", "不径而走", "不胫而走", "默守成规", "墨守成规",
		"直接了当", "直截了当", "黄梁美梦", "黄粱美梦", "一张一驰", "一张一弛", "出奇不意", "出其不意", "食不裹腹", "食不果腹",
		"金榜提名", "金榜题名", "走头无路", "走投无路", "鬼鬼崇崇", "鬼鬼祟祟", "按步就班", "按部就班", "融汇贯通", "融会贯通",
		"变本加利", "变本加厉", "陷井", "陷阱", "修茸", "修葺", "渲泄", "宣泄", "膺品", "赝品",
		"装祯", "装帧", "入场卷", "入场券", "原形必露", "原形毕露", "发韧", "发轫", "彗眼", "慧眼",
		"共商国事", "共商国是", "迫在眉捷", "迫在眉睫", "有持无恐", "有恃无恐", "沤心沥血", "呕心沥血", "一诺千斤", "一诺千金",
		"竭泽而鱼", "竭泽而渔", "伶牙利齿", "伶牙俐齿", "貌和神离", "貌合神离", "鼎立相助", "鼎力相助",
	)
	add(srcGov,
		"工作部属", "工作部署", "安排部属", "安排部署", "战略部属", "战略部署", "决策部属", "决策部署", "部属安排", "部署安排",
		"布署", "部署", "截止目前", "截至目前", "侯选人", "候选人", "必竟", "毕竟", "竞竞业业", "兢兢业业",
		"坚持不泄", "坚持不懈", "不记其数", "不计其数", "很抓落实", "狠抓落实", "即然", "既然", "凭心而论", "平心而论",
		"莫明其妙", "莫名其妙", "通货膨涨", "通货膨胀", "挑拔离间", "挑拨离间", "提纲携领", "提纲挈领", "民生凋蔽", "民生凋敝",
		"矫揉造做", "矫揉造作", "各行其事", "各行其是", "披星带月", "披星戴月",
	)
	// 既使……又（也）…… is 既 + 使 (既使群众满意，又使企业受益): correct.
	out = append(out, Pair{Wrong: "既使", Right: "即使", Note: srcYaowen, Unless: []string{"又", "也使", "还使"}})
	return out
}()

// StarterFormulations are formulations that misname the state, its
// regions or a neighbour, from the news agency's list of what its own
// reports must never write.
var StarterFormulations = []Pair{
	{Wrong: "台湾总统", Right: "台湾地区领导人", Note: srcXinhua},
	{Wrong: "中华民国总统", Right: "台湾地区领导人", Note: srcXinhua},
	{Wrong: "台湾政府", Right: "台湾当局", Note: srcXinhua},
	{Wrong: "中国与台湾", Right: "大陆与台湾（两岸）", Note: srcXinhua},
	{Wrong: "中国和台湾", Right: "大陆和台湾（两岸）", Note: srcXinhua},
	{Wrong: "中台关系", Right: "两岸关系", Note: srcXinhua},
	{Wrong: "中港两地", Right: "内地与香港", Note: srcXinhua},
	{Wrong: "香港回归中国", Right: "香港回归祖国", Note: srcXinhua},
	{Wrong: "北朝鲜", Right: "朝鲜", Note: srcXinhua},
	{Wrong: "南朝鲜", Right: "韩国", Note: srcXinhua},
}

// StarterSensitive are words a government page carries only when spam
// was planted in it, or a banned organisation's slogan. A police
// bureau's news of a gambling raid may name some: a candidate, which the
// assessor dismisses.
var StarterSensitive = []string{
	// srcSpam
	"六合彩开奖", "六合彩资料", "网上赌场", "澳门赌场", "真人娱乐", "百家乐", "时时彩", "北京赛车pk10", "娱乐城", "线上博彩",
	"代开发票", "办理假证", "办假证", "出售枪支", "迷幻药", "裸聊", "成人视频", "色情视频", "一夜情", "同城约炮",
	// srcBanned
	"法轮大法好", "九评共产党", "大纪元", "新唐人",
}

// sensitiveNote is the source of a starter sensitive word.
func sensitiveNote(w string) string {
	switch w {
	case "法轮大法好", "九评共产党", "大纪元", "新唐人":
		return srcBanned
	}
	return srcSpam
}

// StarterDarkKeywords mark a link to a gambling, pornographic or
// advertising site by its anchor text (Chinese) or its target (the Latin
// words, matched as whole words of the host or path). Only links to other,
// non-government sites are read, so the agency's own news titles (严厉打击
// 网络色情) never fire; words that ordinary titles hold are left out (办证
// is in 居住证办证指南, 网投 in 互联网投资).
var StarterDarkKeywords = []string{
	"博彩", "赌场", "赌博网", "百家乐", "娱乐城", "真人娱乐", "时时彩", "六合彩", "老虎机", "轮盘",
	"线上赌", "色情", "成人影片", "成人视频", "约炮", "裸聊", "代开发票", "办假证", "私家侦探",
	"威尼斯人", "新葡京", "太阳城", "皇冠体育",
	"casino", "baccarat", "porn", "porno", "xxx", "poker", "bet365", "bocai", "duchang", "liuhecai", "sex",
}

// StarterDarkDomains is empty: which hosts serve gambling changes by the
// week. A bureau lists the ones its monitors report.
var StarterDarkDomains []string

// StarterAllow are correct phrases holding a listed form.
var StarterAllow = []string{"部属院校", "部属高校", "部属单位", "部属企业", "打击六合彩", "打击网络赌博"}

// StarterTitles are the titles a page may write beside a leader's name;
// the leaders' own titles are added to them.
var StarterTitles = []string{
	"书记", "副书记", "常委", "委员", "省长", "副省长", "市长", "副市长", "区长", "副区长", "县长", "副县长",
	"州长", "副州长", "旗长", "副旗长", "镇长", "副镇长", "乡长", "副乡长", "主席", "副主席", "主任", "副主任",
	"局长", "副局长", "厅长", "副厅长", "部长", "副部长", "处长", "副处长", "科长", "副科长", "秘书长", "副秘书长",
	"院长", "副院长", "检察长", "副检察长", "署长", "副署长", "司长", "副司长", "总理", "副总理", "国务委员",
	"一级巡视员", "二级巡视员", "巡视员", "副巡视员", "调研员", "总经济师", "总工程师", "总会计师",
	"党组书记", "党组副书记", "党组成员", "党委书记", "党委副书记", "党工委书记", "纪委书记", "纪检监察组组长",
	"省委书记", "省委副书记", "市委书记", "市委副书记", "区委书记", "区委副书记", "县委书记", "县委副书记",
	"省委常委", "市委常委", "区委常委", "县委常委", "常务副省长", "常务副市长", "常务副区长", "常务副县长",
	"代省长", "代市长", "代区长", "代县长", "政协主席", "人大常委会主任", "监委主任", "政法委书记",
	"组织部部长", "宣传部部长", "统战部部长",
}
