package sitefarm

// Class is a column's update class, as the State Council inspection rules
// judge staleness: news columns within 2 weeks, notices and policy
// documents within 6 months, others by their own indicator.
type Class string

// The column classes of the stale-columns rule.
const (
	ClassNews   Class = "news"
	ClassNotice Class = "notice"
	ClassPolicy Class = "policy"
	ClassOther  Class = "other"
)

// Area is where a column is linked from: the home page navigation bar, the
// openness area (政务公开), the service area (办事服务) or the interaction
// area (互动交流).
type Area string

// The areas of a site.
const (
	AreaHome     Area = "home"
	AreaOpenness Area = "zwgk"
	AreaService  Area = "bsfw"
	AreaInteract Area = "hdjl"
)

// Kind says how a column's items are generated and rendered.
type Kind string

// The item kinds.
const (
	KindGeneric  Kind = "generic"
	KindPolicy   Kind = "policy"         // policy documents with 文号
	KindInterp   Kind = "interpretation" // 《…》政策解读, naming a policy document
	KindBudget   Kind = "budget"         // 预决算 with .xls/.pdf attachments
	KindLetter   Kind = "letter"         // 来信时间 / 回复时间
	KindGuide    Kind = "guide"          // service guides with their elements
	KindAnnual   Kind = "annual"         // 政府信息公开工作年度报告
	KindSolicit  Kind = "solicitation"   // 征求意见 and 采纳情况反馈
	KindStatic   Kind = "static"         // 指南, 目录, 制度: a few old documents
	KindEnforced Kind = "enforcement"    // 执法公示 with 裁量基准
)

// ColumnSpec is one column of the catalogue: the canonical name, the labels
// real sites give it, its class, the zwgk-2016 indicators it serves and how
// its items look. Every variant must be matched by the aliases of each
// indicator in Indicators (checked by TestVariantsMatchIndicators), and a
// variant of an "other" column must not fall into a stale-columns class.
type ColumnSpec struct {
	Slug       string   // path segment: /<slug>/
	Canonical  string   // the name the policy uses
	Variants   []string // labels as sites write them; Variants[0] is the canonical one
	Class      Class
	Indicators []string // zwgk-2016 indicator ids
	Kind       Kind
	Area       Area
	Every      int      // mean days between items
	Core       bool     // present on every site unless a defect removes it
	Levels     []string // levels that have it; empty = all
	Titles     []string // title templates: {p} place, {t} topic, {y} year, {n} number
}

// Catalogue is every column a farm site may have, in the order the
// openness area lists them.
var Catalogue = []ColumnSpec{
	{Slug: "ywdt", Canonical: "工作动态", Variants: []string{"工作动态", "政务动态", "要闻动态", "新闻动态"},
		Class: ClassNews, Indicators: []string{"V3"}, Kind: KindGeneric, Area: AreaHome, Every: 2, Core: true,
		Titles: []string{"{p}召开{t}工作推进会", "{p}部署{t}重点工作", "{p}主要负责同志调研{t}工作", "{p}开展{t}专项行动", "{p}{t}工作取得阶段性成效"}},
	{Slug: "tzgg", Canonical: "通知公告", Variants: []string{"通知公告", "通知通告", "公告通知"},
		Class: ClassNotice, Indicators: []string{"V3"}, Kind: KindGeneric, Area: AreaHome, Every: 6, Core: true,
		Titles: []string{"关于做好{y}年{t}工作的通知", "关于开展{t}检查的公告", "关于{t}有关事项的通知", "关于征集{t}项目的公告"}},
	{Slug: "tpxw", Canonical: "图片新闻", Variants: []string{"图片新闻"},
		Class: ClassNews, Indicators: []string{"V3"}, Kind: KindGeneric, Area: AreaHome, Every: 4, Core: true,
		Titles: []string{"{p}{t}工作现场会召开", "图为{p}{t}工作一线", "{p}举行{t}主题活动"}},
	{Slug: "bmdt", Canonical: "部门动态", Variants: []string{"部门动态", "部门信息动态"},
		Class: ClassNews, Indicators: []string{"V3"}, Kind: KindGeneric, Area: AreaOpenness, Every: 3, Core: true,
		Titles: []string{"{p}扎实推进{t}工作", "{p}召开{t}工作会议", "{p}开展{t}业务培训"}},
	{Slug: "jcdt", Canonical: "基层动态", Variants: []string{"基层动态", "市县动态", "乡镇动态", "区县动态"},
		Class: ClassNews, Indicators: []string{"V3"}, Kind: KindGeneric, Area: AreaOpenness, Every: 4, Core: true,
		Titles: []string{"{p}所属单位{t}工作见实效", "基层{t}工作经验交流", "{t}工作在基层"}},
	{Slug: "gsgg", Canonical: "公示公告", Variants: []string{"公示公告", "公告公示", "公示信息"},
		Class: ClassNotice, Indicators: []string{"V3"}, Kind: KindGeneric, Area: AreaOpenness, Every: 10, Core: true,
		Titles: []string{"{p}{y}年{t}拟表彰对象公示", "{t}项目拟立项名单公示", "关于{t}有关情况的公告"}},
	{Slug: "zcwj", Canonical: "政策文件", Variants: []string{"政策文件", "规范性文件", "行政规范性文件"},
		Class: ClassPolicy, Indicators: []string{"F5", "V3"}, Kind: KindPolicy, Area: AreaOpenness, Every: 12, Core: true},
	{Slug: "zfwj", Canonical: "政府文件", Variants: []string{"政府文件", "文件发布", "政府文件公开"},
		Class: ClassPolicy, Indicators: []string{"F5", "V3"}, Kind: KindGeneric, Area: AreaOpenness, Every: 10, Core: true,
		Titles: []string{"{p}办公室关于做好{t}工作的通知", "{p}关于进一步加强{t}工作的意见", "{p}办公室关于{t}工作情况的通报"}},
	{Slug: "zcjd", Canonical: "政策解读", Variants: []string{"政策解读", "解读回应", "文件解读", "政策问答"},
		Class: ClassOther, Indicators: []string{"H1"}, Kind: KindInterp, Area: AreaOpenness, Every: 12, Core: true},
	{Slug: "tjzc", Canonical: "图解政策", Variants: []string{"图解政策", "一图读懂", "图说政策"},
		Class: ClassOther, Indicators: []string{"H2"}, Kind: KindGeneric, Area: AreaOpenness, Every: 40,
		Titles: []string{"一图读懂{p}{t}工作方案", "图解：{y}年{p}{t}实施意见", "一图看懂{t}新政"}},
	{Slug: "xxgkzn", Canonical: "政府信息公开指南", Variants: []string{"政府信息公开指南", "信息公开指南", "政务公开指南", "公开指南"},
		Class: ClassOther, Indicators: []string{"J2"}, Kind: KindStatic, Area: AreaOpenness, Every: 400, Core: true,
		Titles: []string{"{p}政府信息公开指南", "{p}政府信息公开指南（{y}年修订）"}},
	{Slug: "xxgkml", Canonical: "政府信息公开目录", Variants: []string{"政府信息公开目录", "信息公开目录", "主动公开目录", "法定主动公开内容"},
		Class: ClassOther, Indicators: []string{"J3"}, Kind: KindStatic, Area: AreaOpenness, Every: 300, Core: true,
		Titles: []string{"{p}政府信息主动公开目录", "{p}政府信息公开目录（{y}年版）"}},
	{Slug: "xxgknb", Canonical: "政府信息公开年度报告", Variants: []string{"政府信息公开年度报告", "信息公开年度报告", "政府信息公开年报", "信息公开年报"},
		Class: ClassOther, Indicators: []string{"J4"}, Kind: KindAnnual, Area: AreaOpenness, Every: 365, Core: true},
	{Slug: "gkzd", Canonical: "政务公开制度", Variants: []string{"政务公开制度", "信息公开制度", "政务公开工作要点"},
		Class: ClassOther, Indicators: []string{"K1"}, Kind: KindStatic, Area: AreaOpenness, Every: 200, Core: true,
		Titles: []string{"{p}{y}年政务公开工作要点", "{p}政府信息公开保密审查制度", "{p}政务公开工作制度汇编"}},
	{Slug: "ysqgk", Canonical: "依申请公开", Variants: []string{"依申请公开", "政府信息公开申请"},
		Class: ClassOther, Indicators: []string{"J5"}, Kind: KindStatic, Area: AreaOpenness, Every: 400, Core: true,
		Titles: []string{"{p}政府信息依申请公开办理流程", "政府信息公开申请表（{y}年版）"}},
	{Slug: "czyjs", Canonical: "财政预决算", Variants: []string{"财政预决算", "预决算公开", "部门预决算", "财政信息"},
		Class: ClassOther, Indicators: []string{"F1", "F2"}, Kind: KindBudget, Area: AreaOpenness, Every: 60, Core: true},
	{Slug: "qzqd", Canonical: "权责清单", Variants: []string{"权责清单", "权力清单", "权力和责任清单", "权责事项"},
		Class: ClassOther, Indicators: []string{"C1"}, Kind: KindStatic, Area: AreaOpenness, Every: 150, Core: true,
		Titles: []string{"{p}权责清单（{y}年动态调整）", "{p}权力清单和责任清单", "关于{p}权责清单调整情况的说明"}},
	{Slug: "xzzf", Canonical: "行政执法", Variants: []string{"行政执法", "执法信息", "双随机一公开"},
		Class: ClassOther, Indicators: []string{"C3"}, Kind: KindEnforced, Area: AreaOpenness, Every: 30, Core: true},
	{Slug: "xkcf", Canonical: "行政许可和行政处罚", Variants: []string{"行政许可和行政处罚", "许可和处罚", "信用信息"},
		Class: ClassOther, Indicators: []string{"C4"}, Kind: KindGeneric, Area: AreaOpenness, Every: 8, Core: true,
		Titles: []string{"{p}行政许可决定书（第{n}号）", "{p}行政处罚决定书（第{n}号）", "{y}年第{n}批行政许可结果"}},
	{Slug: "yjzj", Canonical: "意见征集", Variants: []string{"意见征集", "征求意见", "民意征集"},
		Class: ClassOther, Indicators: []string{"A1", "A2"}, Kind: KindSolicit, Area: AreaOpenness, Every: 35, Core: true},
	{Slug: "zdjc", Canonical: "重大行政决策", Variants: []string{"重大行政决策", "重大决策事项", "决策事项目录"},
		Class: ClassOther, Indicators: []string{"A4"}, Kind: KindGeneric, Area: AreaOpenness, Every: 90, Levels: []string{"province", "city", "county"},
		Titles: []string{"{p}{y}年度重大行政决策事项目录", "关于{t}重大行政决策事项的公示"}},
	{Slug: "cwhy", Canonical: "常务会议", Variants: []string{"常务会议", "政府会议", "会议公开"},
		Class: ClassOther, Indicators: []string{"A3"}, Kind: KindGeneric, Area: AreaOpenness, Every: 20, Core: true,
		Titles: []string{"{p}政府第{n}次常务会议", "{p}召开常务会议研究{t}工作", "{p}政府常务会议审议通过{t}实施方案"}},
	{Slug: "zdgz", Canonical: "重点工作", Variants: []string{"重点工作", "重点任务", "民生实事"},
		Class: ClassOther, Indicators: []string{"B1"}, Kind: KindGeneric, Area: AreaOpenness, Every: 30,
		Titles: []string{"{p}{y}年{t}重点工作进展情况", "{y}年民生实事项目推进情况（第{n}季度）"}},
	{Slug: "sjzg", Canonical: "审计整改", Variants: []string{"审计整改", "审计结果", "督查整改"},
		Class: ClassOther, Indicators: []string{"B2"}, Kind: KindGeneric, Area: AreaOpenness, Every: 90,
		Titles: []string{"关于{y}年度{t}审计查出问题整改情况的报告", "{p}{t}督查发现问题整改落实情况"}},
	{Slug: "ghjh", Canonical: "规划计划", Variants: []string{"规划计划", "发展规划", "规划信息"},
		Class: ClassOther, Indicators: []string{"E1"}, Kind: KindGeneric, Area: AreaOpenness, Every: 60, Core: true,
		Titles: []string{"{p}{t}发展规划（{y}—2030年）", "{y}年政府工作报告", "{p}国民经济和社会发展第十五个五年规划纲要"}},
	{Slug: "tjxx", Canonical: "统计信息", Variants: []string{"统计信息", "统计数据", "统计公报"},
		Class: ClassOther, Indicators: []string{"G2"}, Kind: KindGeneric, Area: AreaOpenness, Every: 30, Core: true,
		Titles: []string{"{y}年{n}月{p}主要经济指标", "{p}{y}年国民经济和社会发展统计公报", "{y}年前{n}个月{t}统计数据"}},
	{Slug: "ggzy", Canonical: "政府采购", Variants: []string{"政府采购", "公共资源交易", "招标投标"},
		Class: ClassOther, Indicators: []string{"F3"}, Kind: KindGeneric, Area: AreaOpenness, Every: 9, Core: true,
		Titles: []string{"{p}{t}项目采购结果", "{p}{t}服务项目招标文件", "{y}年{t}设备采购中标结果"}},
	{Slug: "yjgl", Canonical: "应急管理", Variants: []string{"应急管理", "应急信息", "突发事件"},
		Class: ClassOther, Indicators: []string{"F8"}, Kind: KindGeneric, Area: AreaOpenness, Every: 45,
		Titles: []string{"{p}{t}应急预案", "关于做好{t}期间安全防范工作的提示", "{p}应急演练情况"}},
	{Slug: "zdxm", Canonical: "重大建设项目", Variants: []string{"重大建设项目", "重点项目", "建设项目"},
		Class: ClassOther, Indicators: []string{"F4"}, Kind: KindGeneric, Area: AreaOpenness, Every: 60, Levels: []string{"province", "city", "county"},
		Titles: []string{"{p}{y}年重点项目名单", "{t}项目批准结果公开"}},
	{Slug: "xczx", Canonical: "乡村振兴", Variants: []string{"乡村振兴", "衔接资金", "扶贫资金"},
		Class: ClassOther, Indicators: []string{"C6"}, Kind: KindGeneric, Area: AreaOpenness, Every: 60, Levels: []string{"city", "county"},
		Titles: []string{"{p}{y}年衔接推进乡村振兴补助资金分配结果", "{p}{y}年度财政衔接资金项目计划"}},
	{Slug: "hygq", Canonical: "回应关切", Variants: []string{"回应关切", "政务舆情回应", "热点回应"},
		Class: ClassOther, Indicators: []string{"I4"}, Kind: KindGeneric, Area: AreaOpenness, Every: 45,
		Titles: []string{"关于网民反映{t}问题的回应", "{p}就{t}热点问题答记者问"}},
	{Slug: "sjkf", Canonical: "数据开放", Variants: []string{"数据开放", "开放数据", "政府数据开放"},
		Class: ClassOther, Indicators: []string{"G1"}, Kind: KindGeneric, Area: AreaOpenness, Every: 60, Levels: []string{"ministry", "province", "city"},
		Titles: []string{"{t}数据集（{y}年）", "{p}{t}开放数据更新说明"}},
	{Slug: "bszn", Canonical: "办事指南", Variants: []string{"办事指南", "服务指南", "办事服务"},
		Class: ClassOther, Indicators: []string{"D1"}, Kind: KindGuide, Area: AreaService, Every: 60, Core: true},
	{Slug: "sxml", Canonical: "公共服务事项目录", Variants: []string{"事项目录", "公共服务清单", "事项清单"},
		Class: ClassOther, Indicators: []string{"D2"}, Kind: KindStatic, Area: AreaService, Every: 200,
		Titles: []string{"{p}公共服务事项目录（{y}年版）", "{p}政务服务事项清单"}},
	{Slug: "wsbs", Canonical: "网上办事大厅", Variants: []string{"网上办事大厅", "在线办事", "网上办理"},
		Class: ClassOther, Indicators: []string{"D4"}, Kind: KindStatic, Area: AreaService, Every: 300, Core: true,
		Titles: []string{"{p}网上办事入口使用说明"}},
	{Slug: "ldxx", Canonical: "领导信箱", Variants: []string{"领导信箱", "咨询投诉", "互动交流", "{head}信箱"},
		Class: ClassOther, Indicators: []string{"V4", "I1"}, Kind: KindLetter, Area: AreaInteract, Every: 5, Core: true},
	{Slug: "zxft", Canonical: "在线访谈", Variants: []string{"在线访谈", "网上调查", "在线调查"},
		Class: ClassOther, Indicators: []string{"I3"}, Kind: KindGeneric, Area: AreaInteract, Every: 60,
		Titles: []string{"{p}负责同志做客在线访谈谈{t}", "关于{t}的网上调查"}},
	{Slug: "xmt", Canonical: "政务新媒体", Variants: []string{"政务新媒体", "政务微信", "官方微博"},
		Class: ClassOther, Indicators: []string{"J1"}, Kind: KindStatic, Area: AreaHome, Every: 300,
		Titles: []string{"{p}政务新媒体矩阵", "{p}政务新媒体名录"}},
}

// headTitles is who a letter box is addressed to, by level and by whether
// the agency is a government or a department ("{head}信箱").
func headTitle(level string, dept bool) string {
	switch {
	case dept && level == "province":
		return "厅长"
	case dept:
		return "局长"
	case level == "province":
		return "省长"
	case level == "city":
		return "市长"
	case level == "county":
		return "县长"
	}
	return "部长"
}

// Terms are the search terms zwgk-2016 asks the crawler to report on item
// pages (column keywords, interpretation markers, service-guide elements),
// in framework order. TestTermsMatchFramework keeps it in step.
var Terms = []string{"整改", "裁量基准", "资金", "预算", "决算", "三公", "解读", "图解", "问答", "一图读懂",
	"事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"}

// guideElements are the elements of a complete service guide.
var guideElements = []string{"事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"}

var topics = []string{"安全生产", "营商环境", "乡村振兴", "生态环境保护", "防汛抗旱", "森林防火", "城市更新", "就业创业",
	"义务教育", "卫生健康", "消防安全", "食品安全", "招商引资", "基层治理", "文明城市创建", "数字政府建设", "政务服务",
	"农业生产", "水利建设", "交通运输", "养老服务", "住房保障", "科技创新", "文化旅游", "市场监管", "医疗保障",
	"耕地保护", "河湖长制", "垃圾分类", "民营经济发展"}

var services = []string{"居民身份证换领", "社会保障卡申领", "个体工商户登记", "食品经营许可", "建设工程规划许可",
	"城乡居民医疗保险参保登记", "残疾人证办理", "高龄津贴申领", "最低生活保障审批", "临时救助申请",
	"公共场所卫生许可", "排水许可", "户外广告设置审批", "出生医学证明办理", "义务教育入学登记"}
