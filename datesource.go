package zwgk

// DateSource says where a publication date was read. A careful assessor
// trusts a date shown to readers beside a publication label more than a
// meta tag (often a migration or regeneration time) or a URL: the weak
// sources are stated in a finding's measure, never the ground of one.
type DateSource string

// Where dates come from, strongest first.
const (
	DateUnknown DateSource = ""
	DateList    DateSource = "list"    // the item's own line in a list
	DateLabel   DateSource = "label"   // beside a publication label (发布时间：) on the page
	DateTable   DateSource = "table"   // a disclosure table's 发布日期
	DateText    DateSource = "text"    // an unlabelled info line (beside 来源/作者/浏览次数)
	DateContext DateSource = "context" // month-day on the line, the year from the URL, a heading or the page
	DateMeta    DateSource = "meta"    // the PubDate meta tag alone
	DateFromURL DateSource = "url"     // the URL alone (t20260313_…)
)

// Weak reports whether a date from s is of lower standing: taken from a
// meta tag or the URL alone, not from what a reader is shown.
func (s DateSource) Weak() bool { return s == DateMeta || s == DateFromURL }

// Chinese names the source for a finding's measure.
func (s DateSource) Chinese() string {
	switch s {
	case DateList:
		return "列表所示日期"
	case DateLabel:
		return "页面发布时间"
	case DateTable:
		return "信息公开表格的发布日期"
	case DateText:
		return "页面信息行日期"
	case DateContext:
		return "列表月日（年份取自网址或标题）"
	case DateMeta:
		return "仅页面元数据（PubDate）"
	case DateFromURL:
		return "仅网址中的日期"
	}
	return ""
}
