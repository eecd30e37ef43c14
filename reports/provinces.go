package reports

import "zwgk"

// Province is a tile of the province tile-grid map: a fixed grid laid out
// roughly like the country, so that every province gets the same area
// whatever its size (a cartogram; it needs no boundary data and no map
// approval number).
type Province struct {
	Code zwgk.Region
	Name string // short name as tiles print it
	Full string
	Row  int // 0 at the top
	Col  int // 0 at the left
}

// Provinces are the 31 provincial-level divisions of GB/T 2260 with their
// tile positions (9 columns × 8 rows).
var Provinces = []Province{
	{"230000", "黑龙江", "黑龙江省", 0, 8},
	{"150000", "内蒙古", "内蒙古自治区", 1, 5},
	{"220000", "吉林", "吉林省", 1, 8},
	{"650000", "新疆", "新疆维吾尔自治区", 2, 0},
	{"620000", "甘肃", "甘肃省", 2, 3},
	{"640000", "宁夏", "宁夏回族自治区", 2, 4},
	{"110000", "北京", "北京市", 2, 6},
	{"210000", "辽宁", "辽宁省", 2, 7},
	{"540000", "西藏", "西藏自治区", 3, 1},
	{"630000", "青海", "青海省", 3, 2},
	{"610000", "陕西", "陕西省", 3, 4},
	{"140000", "山西", "山西省", 3, 5},
	{"130000", "河北", "河北省", 3, 6},
	{"120000", "天津", "天津市", 3, 7},
	{"510000", "四川", "四川省", 4, 2},
	{"500000", "重庆", "重庆市", 4, 3},
	{"410000", "河南", "河南省", 4, 4},
	{"370000", "山东", "山东省", 4, 5},
	{"320000", "江苏", "江苏省", 4, 6},
	{"520000", "贵州", "贵州省", 5, 2},
	{"430000", "湖南", "湖南省", 5, 3},
	{"420000", "湖北", "湖北省", 5, 4},
	{"340000", "安徽", "安徽省", 5, 5},
	{"310000", "上海", "上海市", 5, 6},
	{"530000", "云南", "云南省", 6, 1},
	{"450000", "广西", "广西壮族自治区", 6, 2},
	{"440000", "广东", "广东省", 6, 3},
	{"360000", "江西", "江西省", 6, 4},
	{"330000", "浙江", "浙江省", 6, 5},
	{"350000", "福建", "福建省", 6, 6},
	{"460000", "海南", "海南省", 7, 3},
}

// GridRows and GridCols are the size of the tile grid.
const (
	GridRows = 8
	GridCols = 9
)

// ProvinceName is the full name of a province code, "" when unknown.
func ProvinceName(r zwgk.Region) string {
	p := r.Province()
	for _, v := range Provinces {
		if v.Code == p {
			return v.Full
		}
	}
	return ""
}
