package agencies_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"zwgk"
	"zwgk/agencies"
)

const header = "code,name,level,region,site,parent\n"

func TestReadCSV(t *testing.T) {
	tests := []struct {
		Name  string
		Input string
		Known []string
		Want  []zwgk.Agency
		Error []string // each must appear in the error, in order
	}{{
		Name:  "good",
		Input: header + "GD,广东省,province,440000,https://gd.gov.cn,\nSZ,深圳市,city,440300,https://sz.gov.cn,GD\n",
		Want: []zwgk.Agency{
			{Code: "GD", Name: "广东省", Level: zwgk.LevelProvince, Region: "440000", Site: "https://gd.gov.cn"},
			{Code: "SZ", Name: "深圳市", Level: zwgk.LevelCity, Region: "440300", Site: "https://sz.gov.cn", Parent: "GD"},
		},
	}, {
		Name:  "bom, crlf, columns reordered, parent column absent, chinese level",
		Input: "\ufeffname,code,site,region,level\r\n广东省,GD,https://gd.gov.cn,440000,省级\r\n",
		Want:  []zwgk.Agency{{Code: "GD", Name: "广东省", Level: zwgk.LevelProvince, Region: "440000", Site: "https://gd.gov.cn"}},
	}, {
		Name:  "parent later in the file",
		Input: header + "SZ,深圳市,city,440300,https://sz.gov.cn,GD\nGD,广东省,province,440000,https://gd.gov.cn,\n",
		Want: []zwgk.Agency{
			{Code: "SZ", Name: "深圳市", Level: zwgk.LevelCity, Region: "440300", Site: "https://sz.gov.cn", Parent: "GD"},
			{Code: "GD", Name: "广东省", Level: zwgk.LevelProvince, Region: "440000", Site: "https://gd.gov.cn"},
		},
	}, {
		Name:  "longest code, dots inside",
		Input: header + strings.Repeat("x", 62) + ".1,深圳市,city,440300,https://sz.gov.cn,\n",
		Want:  []zwgk.Agency{{Code: strings.Repeat("x", 62) + ".1", Name: "深圳市", Level: zwgk.LevelCity, Region: "440300", Site: "https://sz.gov.cn"}},
	}, {
		Name:  "parent known outside the file",
		Input: header + "SZ,深圳市,city,440300,https://sz.gov.cn,GD\n",
		Known: []string{"GD"},
		Want:  []zwgk.Agency{{Code: "SZ", Name: "深圳市", Level: zwgk.LevelCity, Region: "440300", Site: "https://sz.gov.cn", Parent: "GD"}},
	}, {
		Name: "roots column: a county inside its city's cluster with a disclosure platform on another host",
		Input: "code,name,level,region,site,parent,roots\n" +
			"NS,南山区人民政府,county,440305,https://www.sz.gov.cn/nsq/,,https://xxgk.sz.gov.cn/nsq/   https://www.sz.gov.cn/nsq/gkmlpt/\n" +
			"SZ,深圳市人民政府,city,440300,https://www.sz.gov.cn/,,\n",
		Want: []zwgk.Agency{
			{Code: "NS", Name: "南山区人民政府", Level: zwgk.LevelCounty, Region: "440305", Site: "https://www.sz.gov.cn/nsq/",
				Roots: "https://xxgk.sz.gov.cn/nsq/ https://www.sz.gov.cn/nsq/gkmlpt/"},
			{Code: "SZ", Name: "深圳市人民政府", Level: zwgk.LevelCity, Region: "440300", Site: "https://www.sz.gov.cn/"},
		},
	}, {
		Name:  "bad root",
		Input: "code,name,level,region,site,roots\nSZ,深圳市,city,440300,https://sz.gov.cn,xxgk.sz.gov.cn https://a/?q=1\n",
		Error: []string{`t.csv:2: column roots: "xxgk.sz.gov.cn" is not an http(s) URL`, `t.csv:2: column roots: "https://a/?q=1" is not`},
	}, {
		Name:  "every bad row listed",
		Input: header + "A,甲,county,440000,https://a.gov.cn,\nB,乙,city,440300,ftp://b,\nA,丙,city,440300,https://c.gov.cn,\nD,丁,town,440300,https://d.gov.cn,ZZ\n",
		Error: []string{
			"4 bad row(s), nothing imported",
			`t.csv:2: column region: 440000 is a level-1 code, too coarse for a county agency`,
			`t.csv:3: column site: "ftp://b" is not an http(s) URL`,
			`t.csv:4: column code: "A" repeats line 2`,
			`t.csv:5: column level: "town" is not one of`,
			`t.csv:5: column parent: "ZZ" is neither in the file nor already imported`,
		},
	}, {
		Name: "codes outside the safe alphabet and names with control or bidi characters, all listed",
		Input: header + "a/b,甲,city,440300,https://a.gov.cn,\n../../etc/passwd,乙,city,440300,https://b.gov.cn,\n..,丙,city,440300,https://c.gov.cn,\n" +
			"C\x00D,丁,city,440300,https://d.gov.cn,\nE,\"戊\n市\",city,440300,https://e.gov.cn,\nF,己\u202e市,city,440300,https://f.gov.cn,\n" +
			"G,庚\x00,city,440300,https://g.gov.cn,\nok-1_x.Y,辛,city,440300,https://h.gov.cn,\n广州,壬,city,440100,https://i.gov.cn,\n",
		Error: []string{
			"8 bad row(s), nothing imported",
			`t.csv:2: column code: "a/b" has a path separator '/' at byte 1`,
			`t.csv:3: column code: "../../etc/passwd" has a path separator '/'`,
			`t.csv:4: column code: ".." is not a code`,
			`t.csv:5: column code: "C\x00D" has a NUL character (U+0000)`,
			`t.csv:6: column name: contains a newline (U+000A)`,
			`t.csv:8: column name: contains a bidirectional control character (U+202E)`,
			`t.csv:9: column name: contains a NUL character`,
			`t.csv:11: column code: "广州" has '广'`,
		},
	}, {
		Name:  "empty fields",
		Input: header + ",,,,,\n X ,,county,4403,https://x.gov.cn,\n",
		Error: []string{"t.csv:3: column name: empty", "t.csv:3: column region:"},
	}, {
		Name:  "short row",
		Input: header + "GD,广东省,province\n",
		Error: []string{"t.csv:2: 3 field(s), want 6"},
	}, {
		Name:  "unknown and missing header columns",
		Input: "code,name,levle,region,site\nGD,广东省,province,440000,https://gd.gov.cn\n",
		Error: []string{"t.csv:1: column levle: unknown column", "t.csv:1: column level: missing from the header"},
	}, {
		Name:  "broken quote",
		Input: header + "GD,\"广东省,province,440000,https://gd.gov.cn,\n",
		Error: []string{"t.csv:2:"},
	}, {
		Name:  "empty file",
		Input: "",
		Error: []string{"t.csv: empty file"},
	}, {
		Name:  "header only",
		Input: header,
		Error: []string{"t.csv: no agencies after the header"},
	}, {
		Name:  "own parent",
		Input: header + "GD,广东省,province,440000,https://gd.gov.cn,GD\n",
		Error: []string{"t.csv:2: column parent: an agency cannot be its own parent"},
	}, {
		Name:  "binary",
		Input: "\xff\xfe\x00\x01\x80\x80",
		Error: []string{"neither UTF-8 nor GBK"},
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			known := map[string]bool{}
			for _, k := range tt.Known {
				known[k] = true
			}
			got, err := agencies.ReadCSVWith(strings.NewReader(tt.Input), "t.csv",
				agencies.Options{Known: func(c string) bool { return known[c] }})
			if tt.Error != nil {
				if err == nil {
					t.Fatalf("got %v, want error", got)
				}
				if got != nil {
					t.Errorf("got %d agencies with an error, want none", len(got))
				}
				msg, rest := err.Error(), err.Error()
				for _, w := range tt.Error {
					i := strings.Index(rest, w)
					if i < 0 {
						t.Fatalf("error lacks (or misorders) %q:\n%s", w, msg)
					}
					rest = rest[i+len(w):]
				}
				var fe *agencies.Error
				if !errors.As(err, &fe) {
					t.Errorf("error is %T, want *agencies.Error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.Want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.Want)
			}
		})
	}
}

// The GBK fixture is good.csv saved by iconv -t GBK, as Excel saves it.
func TestReadCSVGBK(t *testing.T) {
	read := func(path string) []zwgk.Agency {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		as, err := agencies.ReadCSV(f, path)
		if err != nil {
			t.Fatal(err)
		}
		return as
	}
	raw, _ := os.ReadFile("testdata/gbk.csv")
	if strings.Contains(string(raw), "广东") {
		t.Fatal("testdata/gbk.csv is not GBK-encoded")
	}
	gbk, utf := read("testdata/gbk.csv"), read("testdata/good.csv")
	if !reflect.DeepEqual(gbk, utf) {
		t.Errorf("GBK file reads\n%+v\nUTF-8 file reads\n%+v", gbk, utf)
	}
	if gbk[2].Name != "深圳市福田区人民政府" {
		t.Errorf("name %q", gbk[2].Name)
	}
}

func TestErrorLines(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for i := range 50 {
		site := "https://s.gov.cn"
		if i == 9 || i == 24 || i == 40 {
			site = "nope"
		}
		b.WriteString("C" + strings.Repeat("x", i) + ",名,county,440304," + site + ",\n")
	}
	_, err := agencies.ReadCSV(strings.NewReader(b.String()), "f.csv")
	var fe *agencies.Error
	if !errors.As(err, &fe) {
		t.Fatalf("err %v", err)
	}
	if got, want := fe.Lines(), []int{11, 26, 42}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
	if fe.BadRows != 3 {
		t.Errorf("bad rows %d", fe.BadRows)
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]zwgk.Level{"County": zwgk.LevelCounty, "县级": zwgk.LevelCounty, "国务院部门": zwgk.LevelMinistry, "x": "x"} {
		if got := agencies.ParseLevel(in); got != want {
			t.Errorf("ParseLevel(%q) = %q, want %q", in, got, want)
		}
	}
}
