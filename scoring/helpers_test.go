package scoring

import (
	"time"

	"zwgk"
	"zwgk/indicators"
)

func day(s string) zwgk.Date {
	d, err := zwgk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var asOf = day("2026-11-27")

var bands = []indicators.Band{{Min: 85, Grade: "优秀"}, {Min: 75, Grade: "良好"}, {Min: 60, Grade: "合格"}, {Min: 0, Grade: "不合格"}}

func leaf(id string, kind indicators.Kind, pts float64, rule *indicators.Rule) *indicators.Indicator {
	return &indicators.Indicator{ID: id, Name: "指标" + id, Kind: kind, Points: pts, Rule: rule}
}

func group(id string, children ...*indicators.Indicator) *indicators.Indicator {
	g := &indicators.Indicator{ID: id, Name: "指标" + id, Kind: indicators.KindGroup, Children: children}
	for _, c := range children {
		g.Points += c.Points
	}
	return g
}

func framework(inds ...*indicators.Indicator) *indicators.Framework {
	return &indicators.Framework{
		ID: "test", Version: "1", Title: "测试", Total: 100, Bands: bands,
		BonusGate: 80, BonusCap: 30, NotApplicable: "rescale", AppraisalWeight: 4, WindowDays: 365,
		Indicators: inds,
	}
}

func manual() *indicators.Rule {
	return &indicators.Rule{Kind: indicators.RuleManual, Manual: &indicators.Manual{}}
}

func columnRule(c indicators.Column) *indicators.Rule {
	return &indicators.Rule{Kind: indicators.RuleColumn, Column: &c}
}

func items(dates ...string) []zwgk.Item {
	var out []zwgk.Item
	for i, s := range dates {
		it := zwgk.Item{Title: "信息" + s, URL: "http://gov.test/i/" + string(rune('a'+i)) + ".html"}
		if s != "" {
			it.Date = day(s)
		}
		out = append(out, it)
	}
	return out
}

func probes(ok, failed int) []zwgk.Probe {
	var out []zwgk.Probe
	t := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := 0; i < ok+failed; i++ {
		p := zwgk.Probe{At: t.Add(time.Duration(i) * time.Hour), Status: 200, Latency: 300 * time.Millisecond}
		if i >= ok {
			p.Status, p.Cause = 0, zwgk.CauseTimeout
		}
		out = append(out, p)
	}
	return out
}

var agency = zwgk.Agency{Code: "A1", Name: "某市人民政府", Level: zwgk.LevelCity, Region: "440300", Site: "http://gov.test/"}
