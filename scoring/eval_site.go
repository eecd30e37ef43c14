package scoring

import (
	"fmt"
	"slices"
	"time"

	"zwgk"
)

// Outages are the probe times at which the assessment, not the sites,
// was down: at least minSites agencies were probed and at least half of
// them failed at once. Government sites fail one by one; when most fail
// in the same round, the assessor's own network or machine did (a loaded
// machine timing out its own probes). Availability leaves those probes
// out and says so — never a veto on the assessor's outage. A shared
// provincial platform down for all its sites at once is left out too: the
// measure names the rounds, for an assessor to weigh.
func Outages(rounds []zwgk.ProbeRound, minSites int) []time.Time {
	var out []time.Time
	for _, r := range rounds {
		if r.Total >= max(minSites, 1) && 2*r.Failed >= r.Total {
			out = append(out, r.At)
		}
	}
	return out
}

// evalAvailability: the share of probes that answered below 400 within the
// timeout; breached when failures reach FailRatio (any failure when
// FailRatio is 0). Too few probes leave the finding pending: a site is not
// declared available on a handful of lucky probes.
func evalAvailability(in Input) Result {
	p := in.Rule.Availability
	var probes []zwgk.Probe
	excluded := 0
	for _, pr := range in.Evidence.Probes {
		if slices.ContainsFunc(in.Evidence.ProbeOutages, pr.At.Equal) {
			excluded++
			continue
		}
		probes = append(probes, pr)
	}
	outage := ""
	if excluded > 0 {
		outage = fmt.Sprintf("；另有 %d 次探测时评估方网络异常（同一轮多数网站均无响应），不计入", excluded)
	}
	n := len(probes)
	if n == 0 || n < p.MinProbes {
		return Result{
			Pending: true,
			Measure: fmt.Sprintf("已探测 %d 次，少于规定的 %d 次，待补测", n, max(p.MinProbes, 1)) + outage,
			Problem: fmt.Sprintf("可用性探测次数不足（%d/%d），尚无结论", n, max(p.MinProbes, 1)),
		}
	}
	failed := 0
	for _, pr := range probes {
		if !pr.OK() || (p.Timeout > 0 && pr.Latency > p.Timeout) {
			failed++
		}
	}
	breach := failed > 0 && float64(failed) >= p.FailRatio*float64(n)
	r := Result{
		Fraction: float64(n-failed) / float64(n),
		Breach:   breach,
		Measure:  fmt.Sprintf("探测 %d 次，失败 %d 次（%s）", n, failed, percent(failed, n)),
	}
	if p.Timeout > 0 {
		r.Measure += fmt.Sprintf("，超时阈值 %g 秒", p.Timeout.Seconds())
	}
	r.Measure += outage
	if breach {
		r.Count = 1
		r.Problem = fmt.Sprintf("网站无法正常访问：探测%d次中失败%d次（%s），达到%g%%的限值", n, failed, percent(failed, n), p.FailRatio*100)
	} else if failed > 0 {
		r.Problem = fmt.Sprintf("网站访问不稳定：探测%d次中失败%d次（%s）", n, failed, percent(failed, n))
	}
	if in.Evidence.Home.URL != "" {
		r.Evidence = []string{in.Evidence.Home.URL}
	}
	return r
}

// evalHomepageUpdated: the newest dated item on the home page (or, for a
// navigation-only home page, on its second-level pages) is at most
// MaxAgeDays old; undated items count as not updated.
func evalHomepageUpdated(in Input) Result {
	p := in.Rule.HomepageUpdated
	h := in.Evidence.Home
	items, where := h.Items, "首页"
	if h.Hub {
		items, where = h.SecondLevel, "首页（导航页）所链二级页面"
	}
	var ev []string
	if h.URL != "" {
		ev = append(ev, h.URL)
	}
	newest, ok := newestBy(items, in.AsOf)
	if !ok {
		if len(items) == 0 {
			return Result{Breach: true, Count: 1, Evidence: ev,
				Measure: where + "未见信息条目",
				Problem: where + "未见任何信息条目，视为未更新"}
		}
		return Result{Breach: true, Count: 1, Evidence: ev,
			Measure: fmt.Sprintf("%s%d条信息均无发布日期", where, len(items)),
			Problem: where + "信息均未标注发布日期，视为未更新"}
	}
	age := newest.Date.DaysUntil(in.AsOf)
	if newest.URL != "" {
		ev = append(ev, newest.URL)
	}
	r := Result{Fraction: 1, Evidence: ev,
		Measure: fmt.Sprintf("%s最新信息 %s，距评估日 %d 天", where, newest.Date, age)}
	if age > p.MaxAgeDays {
		r.Fraction, r.Breach, r.Count = 0, true, 1
		r.Problem = fmt.Sprintf("%s最新信息为%s，超过%d天未更新", where, newest.Date.Chinese(), p.MaxAgeDays)
	}
	return r
}

// evalLinks: occurrences are the broken links on the home page plus one per
// OtherPer broken links elsewhere; the fraction is the share of checked
// links that work.
func evalLinks(in Input) Result {
	per := max(in.Rule.Links.OtherPer, 1)
	var home, other []string
	for _, l := range in.Evidence.Links {
		if !l.Broken() {
			continue
		}
		if l.OnHome {
			home = append(home, l.URL)
		} else {
			other = append(other, l.URL)
		}
	}
	n := len(in.Evidence.Links)
	broken := len(home) + len(other)
	occ := len(home) + len(other)/per
	r := Result{
		Fraction: 1,
		Count:    occ,
		Breach:   occ > 0,
		Measure: fmt.Sprintf("检查链接 %d 个：首页不可用 %d 个，其他页面不可用 %d 个（每%d个计1次），计 %d 次",
			n, len(home), len(other), per, occ),
	}
	if ls := in.Evidence.LinkSample; ls.Sampled() {
		// Occurrences are counted on the sample only: never more than seen.
		more := ""
		if ls.More {
			more = "至少"
		}
		r.Measure += fmt.Sprintf("；所读页面共有链接%s %d 个（首页 %d 个），按抽样规则检查 %d 个", more, ls.Found, ls.OnHome, ls.Checked)
	}
	if n > 0 {
		r.Fraction = float64(n-broken) / float64(n)
	}
	if broken > 0 {
		urls := append(append([]string{}, home...), other...)
		r.Problem = fmt.Sprintf("首页有%d个不可用链接，其他页面有%d个不可用链接：%s", len(home), len(other), listed(clipAll(urls, 120), 5))
		r.Evidence = urls[:min(len(urls), 20)]
	}
	return r
}

func clipAll(ss []string, n int) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clip(s, n)
	}
	return out
}
