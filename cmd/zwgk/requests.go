package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"zwgk"
	"zwgk/agencies"
	"zwgk/cycle"
	"zwgk/requests"
	"zwgk/store"
)

// The request-test register (依申请公开测试): the information requests
// assessors filed with agencies, the replies, and the holiday calendar
// that counts their deadlines in working days.

func init() {
	register("", &Command{Name: "requests", Summary: "the request-test register (依申请公开测试): requests filed, replies, the holiday calendar"})
	register("requests", &Command{
		Name:    "add",
		Usage:   "CYCLE --agency CODE --channel CH --sent YYYY-MM-DD --content TEXT [--received DATE] [--reference NO] [--assessor NAME]",
		Summary: "log a request an assessor filed with an agency",
		Help: `Logs one information request filed with the agency in cycle CYCLE and
prints its deadline: 20 working days (条例第33条) after the day it counts as
received (--received: a letter's signing-for, an online request's
confirmation; else --sent), by the State Council's holiday arrangement.
Channels: online, letter, email, fax, in_person, phone.`,
		Run: runRequestsAdd,
	})
	register("requests", &Command{
		Name:    "answer",
		Usage:   "ID [--on DATE --form FORM [--quality Q] [--notes TEXT]] [--extended DATE]",
		Summary: "log the reply to a request (or the agency's extension notice)",
		Help: `Records the agency's reply to request ID: the day it came, its form
(disclosed 予以公开, partial 部分公开, published 已主动公开, refused 不予公开,
not_exist 信息不存在, not_ours 非本机关负责公开, no_process 不予处理, other),
the assessor's rating of its 规范性 (good, fair, poor; empty: rated later)
and notes. --extended records the day an extension notice reached the
applicant (alone, before the reply comes). A cycle in review is re-scored
for the agency.`,
		Run: runRequestsAnswer,
	})
	register("requests", &Command{
		Name:    "list",
		Usage:   "CYCLE [--agency CODE] [--json]",
		Summary: "list a cycle's requests with their deadlines and where they stand today",
		Run:     runRequestsList,
	})
	register("requests", &Command{
		Name:    "import",
		Usage:   "CYCLE --file REQUESTS.csv",
		Summary: "import requests (and replies) from a spreadsheet: bad rows named by line and column, good rows kept",
		Help: `Columns (English or Chinese headers): agency, channel, sent_on, content
required; received_on, reference, assessor, extended_on, answered_on,
form, quality, notes. A row for a request already logged (same agency,
sent_on and content) updates it: import the same sheet again as replies
come in. Every bad row is reported by line and column and left out; the
good rows are stored. The exit status is 1 when any row was bad.`,
		Run: runRequestsImport,
	})
	register("requests", &Command{
		Name:    "calendar-load",
		Usage:   "FILE.yaml",
		Summary: "load a year's holiday and 调休 arrangement (a later year the State Council publishes)",
		Help: `The file gives one year as the State Council's notice arranges it:

  year: 2028
  source: 国办发明电〔2027〕X号
  holidays: [2028-01-01, …]   # days off (weekdays, and weekend days inside a holiday)
  workdays: [2028-01-29, …]   # weekend days worked in exchange (调休)

It is validated (every fault with its line), stored and audited; it
replaces a built-in or earlier load of the same year. Without a year's
arrangement a deadline in it is never guessed: requests in it are refused
and deadlines running into it are shown as unknown.`,
		Run: runRequestsCalendarLoad,
	})
	register("requests", &Command{
		Name:    "calendar",
		Summary: "list the years the working-day calendar covers and their sources",
		Run:     runRequestsCalendar,
	})
}

func dateFlag(name, s string) (zwgk.Date, error) {
	if s == "" {
		return zwgk.Date{}, nil
	}
	d, err := zwgk.ParseDate(s)
	if err != nil {
		return d, usagef("--%s %q: want YYYY-MM-DD", name, s)
	}
	return d, nil
}

func runRequestsAdd(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	code := fs.String("agency", "", "agency code (required)")
	channel := fs.String("channel", "", "online, letter, email, fax, in_person or phone (required)")
	sent := fs.String("sent", "", "day the request was sent, YYYY-MM-DD (required)")
	received := fs.String("received", "", "day it counts as received (条例第31条), when not the day sent")
	content := fs.String("content", "", "the information requested (required)")
	reference := fs.String("reference", "", "online receipt or tracking number")
	assessor := fs.String("assessor", "", "the assessor who filed it (default: the operator)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one CYCLE")
	}
	ch, ok := zwgk.ParseChannel(*channel)
	if !ok {
		return usagef("--channel %q: one of online, letter, email, fax, in_person, phone", *channel)
	}
	t := zwgk.RequestTest{Agency: *code, Channel: ch, Content: *content, Reference: *reference, Assessor: *assessor}
	if t.SentOn, err = dateFlag("sent", *sent); err != nil {
		return err
	}
	if t.ReceivedOn, err = dateFlag("received", *received); err != nil {
		return err
	}
	if t.Assessor == "" {
		t.Assessor = operator(env)
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := env.cycle(ctx, st, pos[0])
	if err != nil {
		return err
	}
	t.CycleID = c.ID
	t, err = st.AddRequestTest(store.WithActor(ctx, operator(env)), t)
	if err != nil {
		return err
	}
	cal, err := st.WorkCalendar(ctx)
	if err != nil {
		return err
	}
	j := zwgk.JudgeRequest(t, cal, t.Start(), 20, 20)
	due := j.Due.String()
	if j.Status == zwgk.RequestUncovered {
		due = fmt.Sprintf("unknown (the calendar lacks %d)", j.Missing)
	}
	fmt.Fprintf(env.Stdout, "request %d logged for %s in cycle %s; reply due by %s (20 working days after %s)\n", t.ID, t.Agency, c.Name, due, t.Start())
	return rescoreAgency(ctx, env, st, c, t.Agency)
}

// rescoreAgency re-scores an agency of a cycle in review, so the
// scorecard follows the register; other states are scored as usual later.
func rescoreAgency(ctx context.Context, env *Env, st *store.DB, c zwgk.Cycle, code string) error {
	if c.State != zwgk.CycleReview {
		return nil
	}
	if err := cycle.NewRunner(st, nil).ScoreAgencies(store.WithActor(ctx, operator(env)), c.Name, []string{code}); err != nil {
		return fmt.Errorf("re-score %s: %w", code, err)
	}
	fmt.Fprintf(env.Stdout, "cycle %s: %s re-scored\n", c.Name, code)
	return nil
}

func runRequestsAnswer(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	on := fs.String("on", "", "day the reply came, YYYY-MM-DD")
	form := fs.String("form", "", "reply form (disclosed, partial, published, refused, not_exist, not_ours, no_process, other)")
	quality := fs.String("quality", "", "rating of the reply: good, fair or poor (empty: rated later)")
	notes := fs.String("notes", "", "what the reply lacked or did well")
	extended := fs.String("extended", "", "day an extension notice reached the applicant")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one request ID")
	}
	var id int64
	if _, err := fmt.Sscan(pos[0], &id); err != nil || id <= 0 {
		return usagef("request ID %q: want a number ('zwgk requests list CYCLE' shows them)", pos[0])
	}
	if *on == "" && *extended == "" {
		return usagef("want --on DATE --form FORM (the reply) or --extended DATE (an extension notice)")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	t, err := st.RequestTest(ctx, id)
	if err != nil {
		return err
	}
	if *extended != "" {
		if t.ExtendedOn, err = dateFlag("extended", *extended); err != nil {
			return err
		}
	}
	if *on != "" {
		a := &zwgk.RequestAnswer{Notes: *notes, By: operator(env)}
		if a.On, err = dateFlag("on", *on); err != nil {
			return err
		}
		f, ok := zwgk.ParseReplyForm(*form)
		if !ok {
			return usagef("--form %q: one of disclosed, partial, published, refused, not_exist, not_ours, no_process, other", *form)
		}
		q, ok := zwgk.ParseQuality(*quality)
		if !ok {
			return usagef("--quality %q: good, fair or poor", *quality)
		}
		a.Form, a.Quality = f, q
		t.Answer = a
	} else if *form != "" || *quality != "" || *notes != "" {
		return usagef("--form, --quality and --notes go with --on (the day the reply came)")
	}
	t, err = st.UpdateRequestTest(store.WithActor(ctx, operator(env)), t)
	if err != nil {
		return err
	}
	cal, err := st.WorkCalendar(ctx)
	if err != nil {
		return err
	}
	j := zwgk.JudgeRequest(t, cal, zwgk.DateOf(nowBeijing()), 20, 20)
	fmt.Fprintf(env.Stdout, "request %d (%s): %s — %s\n", t.ID, t.Agency, j.Status.Chinese(), j.Text)
	c, err := st.CycleByID(ctx, t.CycleID)
	if err != nil {
		return err
	}
	return rescoreAgency(ctx, env, st, c, t.Agency)
}

// requestLine is a request with its judgement, as list prints it.
type requestLine struct {
	zwgk.RequestTest
	Judgement zwgk.RequestJudgement `json:"judgement"`
}

func runRequestsList(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	code := fs.String("agency", "", "only this agency's requests")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one CYCLE")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := env.cycle(ctx, st, pos[0])
	if err != nil {
		return err
	}
	ts, err := st.RequestTests(ctx, c.ID, *code)
	if err != nil {
		return err
	}
	cal, err := st.WorkCalendar(ctx)
	if err != nil {
		return err
	}
	today := zwgk.DateOf(nowBeijing())
	lines := make([]requestLine, len(ts))
	for i, t := range ts {
		lines[i] = requestLine{t, zwgk.JudgeRequest(t, cal, today, 20, 20)}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(lines)
	}
	if len(lines) == 0 {
		fmt.Fprintf(env.Stdout, "cycle %s: no test request on record\n", c.Name)
		return nil
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tAGENCY\tCHANNEL\tSENT\tDUE\tANSWERED\tFORM\tQUALITY\tSTATUS")
	for _, l := range lines {
		ans, form, q := "-", "-", "-"
		if a := l.Answer; a != nil {
			ans, form, q = a.On.String(), string(a.Form), string(a.Quality)
			if q == "" {
				q = "unrated"
			}
		}
		due := l.Judgement.Due.String()
		if due == "" {
			due = "unknown"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, l.Agency, l.Channel, l.SentOn, due, ans, form, q, l.Judgement.Status)
	}
	return w.Flush()
}

func runRequestsImport(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	file := fs.String("file", "", "the requests CSV (required)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *file == "" {
		return usagef("want one CYCLE and --file REQUESTS.csv")
	}
	f, err := os.Open(*file)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(*file)
	rows, probs := requests.ReadCSV(f, name)
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := env.cycle(ctx, st, pos[0])
	if err != nil {
		return err
	}
	have, err := st.RequestTests(ctx, c.ID, "")
	if err != nil {
		return err
	}
	by := operator(env)
	actx := store.WithActor(ctx, by)
	added, updated, same := 0, 0, 0
	touched := map[string]bool{}
	for _, r := range rows {
		t := r.Test
		t.CycleID = c.ID
		if t.Assessor == "" {
			t.Assessor = by
		}
		if t.Answer != nil {
			t.Answer.By = by
		}
		var old *zwgk.RequestTest
		for i := range have {
			if requests.Same(have[i], t) {
				old = &have[i]
				break
			}
		}
		if old != nil {
			t.ID = old.ID
			if t.Answer != nil && old.Answer != nil && *t.Answer == *old.Answer && t.ExtendedOn == old.ExtendedOn && t.ReceivedOn == old.ReceivedOn {
				same++
				continue
			}
			_, err = st.UpdateRequestTest(actx, t)
		} else {
			t, err = st.AddRequestTest(actx, t)
		}
		var fe *store.FieldError
		switch {
		case errors.As(err, &fe):
			probs = append(probs, agencies.Problem{File: name, Line: r.Line, Column: fe.Field, Msg: fe.Msg})
			continue
		case errors.Is(err, zwgk.ErrPublished):
			return fmt.Errorf("cycle %s: %w", c.Name, err)
		case err != nil:
			return fmt.Errorf("%s:%d: %w", name, r.Line, err)
		}
		if old != nil {
			updated++
		} else {
			added++
			have = append(have, t)
		}
		touched[t.Agency] = true
	}
	fmt.Fprintf(env.Stdout, "%s: %d added, %d updated, %d unchanged, %d bad\n", name, added, updated, same, badLines(probs))
	for _, code := range sortedKeys(touched) {
		if err := rescoreAgency(ctx, env, st, c, code); err != nil {
			return err
		}
	}
	if len(probs) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d problem(s); those rows were left out:", len(probs))
		for _, p := range probs {
			b.WriteString("\n" + p.Error())
		}
		return errors.New(b.String())
	}
	return nil
}

func badLines(ps []agencies.Problem) int {
	seen := map[int]bool{}
	for _, p := range ps {
		seen[p.Line] = true
	}
	return len(seen)
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

// nowBeijing is the time in Beijing: request days are Beijing's days.
func nowBeijing() time.Time { return time.Now().In(time.FixedZone("CST", 8*3600)) }

func runRequestsCalendarLoad(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one FILE.yaml")
	}
	body, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := st.LoadWorkdayYear(store.WithActor(ctx, operator(env)), filepath.Base(pos[0]), body, operator(env))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "calendar %d loaded from %s (%s)\n", w.Year, filepath.Base(pos[0]), w.Source)
	return nil
}

func runRequestsCalendar(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	if _, err := env.Parse(fs, args); err != nil {
		return err
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cal, err := st.WorkCalendar(ctx)
	if err != nil {
		return err
	}
	for _, y := range cal.Years() {
		fmt.Fprintf(env.Stdout, "%d  %s\n", y, cal.Source(y))
	}
	return nil
}
