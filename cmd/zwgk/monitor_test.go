package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"zwgk/store/storetest"
)

// interruptedMonitor runs `zwgk monitor` until its output shows the schedule,
// then stops it as Ctrl-C does, and returns its exit code and output.
func interruptedMonitor(t *testing.T, dsn string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var o, e syncBuffer
	done := make(chan int, 1)
	go func() { done <- Main(ctx, append([]string{"--db", dsn, "monitor"}, args...), &o, &e) }()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(o.String(), "probe rounds scheduled") {
		select {
		case code := <-done:
			return code, o.String(), e.String()
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("monitor %v never scheduled:\n%s%s", args, o.String(), e.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	cancel() // Ctrl-C
	select {
	case code := <-done:
		return code, o.String(), e.String()
	case <-time.After(45 * time.Second):
		t.Fatalf("monitor %v did not stop after Ctrl-C:\n%s%s", args, o.String(), e.String())
	}
	return 0, "", ""
}

// boundedRun runs a command that must end by itself within d: a hang is
// reported as such, not as the test's timeout.
func boundedRun(t *testing.T, d time.Duration, dsn string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var o, e syncBuffer
	code := Main(ctx, append([]string{"--db", dsn}, args...), &o, &e)
	if ctx.Err() != nil {
		t.Fatalf("zwgk %v still running after %s (hung):\n%s%s", args, d, o.String(), e.String())
	}
	return code, o.String(), e.String()
}

func TestMonitorScheduleProgressStopAndReschedule(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		farm, agencies := farmAgencies(t, 3, 3)
		newCycle(t, dsn, agencies, farm.AsOf)
		start := "2026-11-13T00:00:00Z"

		// A compressed week, off a terminal: a line every 35 rounds.
		code, out, errOut := boundedRun(t, 3*time.Minute, dsn, "monitor", "r", "--compress", "5ms", "--start", start, "--workers", "4", "--every", "35")
		if code != 0 || !strings.Contains(out, "probe rounds scheduled: 140 (new: 140), from 2026-11-13T00:00:00Z, compressed to one round every 5ms") ||
			!strings.Contains(out, "monitoring done: rounds probed: 140, missed or cancelled: 0, failed: 0") {
			t.Fatalf("compressed monitor: exit %d\n%s%s", code, out, errOut)
		}
		// How many lines depends on how fast rounds go by between polls;
		// that each line crossed a multiple of 35 does not.
		lines := regexp.MustCompile(`monitor r: (\d+)/140 rounds done, next round at `).FindAllStringSubmatch(errOut, -1)
		var done []int
		for _, l := range lines {
			n, _ := strconv.Atoi(l[1])
			done = append(done, n)
		}
		ok := len(done) >= 2 && len(done) <= 1+140/35+1 && done[len(done)-1] == 140
		for i := 1; ok && i < len(done); i++ {
			ok = done[i]/35 > done[i-1]/35 || i == len(done)-1 && done[i] == 140 && done[i-1] < 140
		}
		if !ok {
			t.Errorf("progress lines off a terminal: rounds done %v, want one line at the start, one per 35 rounds at most, ending at 140/140:\n%s", done, errOut)
		}
		code, out, _ = run(t, dsn, "cycle", "show", "r")
		if code != 0 || !strings.Contains(out, "probe rounds: 140 (done: 140; no round left") || !regexp.MustCompile(`completed +140`).MatchString(out) {
			t.Errorf("cycle show after the monitor:\n%s", out)
		}
		// The same schedule again probes nothing twice.
		code, _, errOut = boundedRun(t, time.Minute, dsn, "monitor", "r", "--compress", "5ms", "--start", start)
		if code != 1 || !strings.Contains(errOut, "no probe round left to run (140 done)") {
			t.Errorf("same schedule again: exit %d, %q", code, errOut)
		}

		// In real time, then Ctrl-C: what is done and what is left, exit 1.
		if code, _, errOut := run(t, dsn, "cycle", "create", "w", "--framework", "zwgk-2016", "--as-of", farm.AsOf.String()); code != 0 {
			t.Fatal(errOut)
		}
		code, out, errOut = interruptedMonitor(t, dsn, "w")
		stopped := regexp.MustCompile(`zwgk monitor: stopped; (\d+) rounds done, (\d+) still scheduled; rerun 'zwgk monitor w' to continue`).FindStringSubmatch(errOut)
		if code != 1 || stopped == nil || stopped[2] == "0" || !strings.Contains(out, "in real time") {
			t.Fatalf("Ctrl-C of a real-time monitor: exit %d\n%s%s", code, out, errOut)
		}
		// A rerun with another schedule is refused at once, naming the ways on.
		code, _, errOut = boundedRun(t, 30*time.Second, dsn, "monitor", "w", "--compress", "5ms", "--start", start)
		if code != 1 || !strings.Contains(errOut, "rounds are still scheduled") || !strings.Contains(errOut, "in real time") ||
			!strings.Contains(errOut, "--reschedule") || !strings.Contains(errOut, "zwgk monitor w --stop") {
			t.Errorf("other schedule: exit %d, %q", code, errOut)
		}
		// A bare rerun continues the schedule it had.
		code, out, errOut = interruptedMonitor(t, dsn, "w")
		if code != 1 || !regexp.MustCompile(`probe rounds scheduled: \d+ \(new: 0\), from .*, in real time`).MatchString(out) {
			t.Errorf("bare rerun: exit %d\n%s%s", code, out, errOut)
		}
		// --reschedule replaces it; the new schedule runs to its end.
		code, out, errOut = boundedRun(t, 3*time.Minute, dsn, "monitor", "w", "--reschedule", "--compress", "5ms", "--start", start, "--workers", "4")
		if code != 0 || !regexp.MustCompile(`replaced the schedule: \d+ rounds of the old one cancelled`).MatchString(out) ||
			!regexp.MustCompile(`monitoring done: rounds probed: 14\d`).MatchString(out) {
			// 140 of the new schedule, and the real-time round that may
			// have run before Ctrl-C: the cycle's probes count them all.
			t.Errorf("reschedule: exit %d\n%s%s", code, out, errOut)
		}
		// A new real-time schedule, stopped with --stop.
		if code, out, errOut := interruptedMonitor(t, dsn, "w", "--start", time.Now().UTC().Truncate(time.Hour).Format(time.RFC3339)); code != 1 {
			t.Fatalf("third run: %d\n%s%s", code, out, errOut)
		}
		code, out, errOut = boundedRun(t, 30*time.Second, dsn, "monitor", "w", "--stop")
		if code != 0 || !regexp.MustCompile(`monitoring stopped: \d+ scheduled rounds cancelled; rounds done: \d+`).MatchString(out) {
			t.Errorf("--stop: exit %d\n%s%s", code, out, errOut)
		}
		code, out, _ = run(t, dsn, "cycle", "show", "w")
		if code != 0 || !regexp.MustCompile(`cancelled +\d+`).MatchString(out) || strings.Contains(out, ", left: ") {
			t.Errorf("cycle show after --stop:\n%s", out)
		}
		if code, _, errOut := run(t, dsn, "monitor", "w", "--stop", "--compress", "1s"); code != 2 || !strings.Contains(errOut, "--stop takes no") {
			t.Errorf("--stop with --compress: %d %q", code, errOut)
		}
	})
}
