package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/sitefarm"
	"zwgk/store"
	"zwgk/store/storetest"
)

const transportOnlyFramework = `
id: transport-only
version: "1"
title: IPv6与HTTPS
bands: [{min: 0, grade: 合格}]
indicators:
  - id: T1
    name: IPv6与HTTPS
    kind: score
    points: 100
    rule: {kind: transport}
`

// TestTransportFarmCycle: a cycle crawled in farm mode (--sitefarm-net)
// checks every site's IPv6 and HTTPS through the farm's network; sitefarm
// verify finds the crawler's transport checks and findings agreeing with
// the truth, and evidence/<code>.json carries "transport".
func TestTransportFarmCycle(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls 10 sites")
	}
	const sites, seed = 10, 11
	farm := sitefarm.Generate(sitefarm.Config{Sites: sites, Seed: seed, Defects: true})
	srv, err := sitefarm.Start(context.Background(), farm, sitefarm.Options{Transport: true, SlowDelay: 50 * time.Millisecond,
		HugeBytes: 1 << 20, BombBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	var b bytes.Buffer
	if _, err := srv.Network().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	netPath := filepath.Join(dir, "network.json")
	os.WriteFile(netPath, b.Bytes(), 0o644)
	b.Reset()
	if err := farm.WriteAgenciesCSV(&b); err != nil {
		t.Fatal(err)
	}
	agencies := filepath.Join(dir, "agencies.csv")
	os.WriteFile(agencies, b.Bytes(), 0o644)
	fwPath := filepath.Join(dir, "transport.yaml")
	os.WriteFile(fwPath, []byte(transportOnlyFramework), 0o644)

	dsn := storetest.DSN(t, store.SQLite)
	for _, args := range [][]string{
		{"agencies", "import", agencies},
		{"cycle", "create", "t", "--framework", fwPath, "--as-of", farm.AsOf.String()},
		append([]string{"cycle", "crawl", "t", "--sitefarm-net", netPath, "--render=false"}, crawlFlags...),
		{"cycle", "score", "t"},
	} {
		if code, _, errOut := run(t, dsn, args...); code != 0 {
			t.Fatalf("zwgk %v: %s", args, errOut)
		}
	}
	code, out, errOut := run(t, dsn, "sitefarm", "verify", "--sites", "10", "--seed", "11", "--cycle", "t", "--min", "0.999")
	if code != 0 {
		t.Fatalf("sitefarm verify: exit %d\n%s%s", code, out, errOut)
	}
	t.Log(out)
	// Sites 0–4 and 7–9 are read to the end (5 is fragile, 6 guarded):
	// at least those eight sites' four checks are compared.
	if !strings.Contains(out, "IPv6/HTTPS检测") || !strings.Contains(out, "100.00%") {
		t.Errorf("verify output lacks the transport agreement:\n%s", out)
	}
	var compared int
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "IPv6/HTTPS检测") {
			var m, n int
			if _, err := fmtSscanf(line, &m, &n); err == nil {
				compared = n
			}
		}
	}
	if compared < 32 {
		t.Errorf("transport checks compared %d, want at least 32:\n%s", compared, out)
	}

	// A wrong-host site fails T1 with the reason; an all-good one passes.
	rep := filepath.Join(dir, "report")
	if code, _, errOut := run(t, dsn, "report", "t", "--out", rep); code != 0 {
		t.Fatalf("report: %s", errOut)
	}
	for _, s := range farm.Sites[:5] {
		raw, err := os.ReadFile(filepath.Join(rep, "evidence", s.Agency.Code+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var ev struct {
			Transport *struct {
				IPv6, HTTPS, HSTS bool
			} `json:"transport"`
		}
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatal(err)
		}
		want := s.TransportTruth()
		if ev.Transport == nil || ev.Transport.IPv6 != want.IPv6 || ev.Transport.HTTPS != want.HTTPS || ev.Transport.HSTS != want.HSTS {
			t.Errorf("evidence/%s.json transport %+v, truth %+v", s.Agency.Code, ev.Transport, want)
		}
	}
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.CycleByName(t.Context(), "t")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range farm.Sites {
		fs, err := db.Findings(t.Context(), c.ID, s.Agency.Code)
		if err != nil || len(fs) != 1 {
			t.Fatalf("%s: findings %v %v", s.Agency.Code, fs, err)
		}
		f := fs[0]
		switch s.TransportProfile {
		case sitefarm.TransportWrongHost:
			if f.Outcome != zwgk.Partial || !strings.Contains(f.Problem, "证书与网站域名不符") {
				t.Errorf("wrong-host certificate: %+v", f)
			}
		case sitefarm.TransportExpired:
			if !strings.Contains(f.Problem, "证书已过期") {
				t.Errorf("expired certificate: %+v", f)
			}
		case sitefarm.TransportFull:
			if s.Profile != sitefarm.ProfileGuarded && s.Profile != sitefarm.ProfileFragile && f.Outcome != zwgk.Pass {
				t.Errorf("full transport on %s site %d: %+v", s.Profile, s.Index, f)
			}
		}
	}
}

// fmtSscanf reads "… m / n = …" from verify's agreement line.
func fmtSscanf(line string, m, n *int) (int, error) {
	_, rest, _ := strings.Cut(line, "：")
	return fmt.Sscanf(rest, "%d / %d", m, n)
}
