package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zwgk/store"
	"zwgk/store/storetest"
)

// run runs the command in-process against the database dsn.
func run(t *testing.T, dsn string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(context.Background(), append([]string{"--db", dsn}, args...), &o, &e)
	return code, o.String(), e.String()
}

// fiftyAgencies is a file of fifty county agencies in Guangdong; the rows
// at the given 0-based indexes are broken in different ways.
func fiftyAgencies(t *testing.T, bad ...int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("code,name,level,region,site,parent\n")
	b.WriteString("GD,广东省人民政府,province,440000,https://www.gd.gov.cn,\n")
	broken := map[int]string{}
	kinds := []string{
		"C%02d,县%02d,county,440000,https://c%02d.gov.cn,GD\n",  // province code for a county
		"C%02d,县%02d,county,440304,c%02d.gov.cn,GD\n",          // not an http(s) URL
		"C%02d,县%02d,village,440304,https://c%02d.gov.cn,GD\n", // no such level
	}
	for i, n := range bad {
		broken[n] = kinds[i%len(kinds)]
	}
	for i := 1; i < 50; i++ {
		row := "C%02d,县%02d,county,440304,https://c%02d.gov.cn,GD\n"
		if k, ok := broken[i]; ok {
			row = k
		}
		fmt.Fprintf(&b, row, i, i, i)
	}
	path := filepath.Join(t.TempDir(), "agencies.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func countAgencies(t *testing.T, dsn string) int {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as, err := st.Agencies(context.Background(), store.AgencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(as)
}

func TestAgenciesImportBadRows(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		// Rows 7, 23 and 41 of the fifty are bad: lines 9, 25, 43 (header
		// and the province take lines 1 and 2).
		code, stdout, stderr := run(t, dsn, "agencies", "import", fiftyAgencies(t, 7, 23, 41))
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
		}
		for _, want := range []string{
			"3 bad row(s), nothing imported",
			"agencies.csv:9: column region:",
			"agencies.csv:25: column site:",
			"agencies.csv:43: column level:",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		if n := strings.Count(stderr, "agencies.csv:"); n != 3 {
			t.Errorf("%d problems reported, want 3:\n%s", n, stderr)
		}
		if n := countAgencies(t, dsn); n != 0 {
			t.Errorf("%d agencies imported from a bad file, want 0", n)
		}

		code, stdout, stderr = run(t, dsn, "agencies", "import", fiftyAgencies(t))
		if code != 0 || !strings.Contains(stdout, "50 agencies: 50 added, 0 updated, 0 unchanged") {
			t.Fatalf("good file: exit %d\n%s%s", code, stdout, stderr)
		}
		code, stdout, _ = run(t, dsn, "agencies", "import", fiftyAgencies(t))
		if code != 0 || !strings.Contains(stdout, "0 added, 0 updated, 50 unchanged") {
			t.Errorf("re-import: exit %d %s", code, stdout)
		}
	})
}

func TestAgenciesImportGBK(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		code, stdout, stderr := run(t, dsn, "agencies", "import", "../../agencies/testdata/gbk.csv")
		if code != 0 || !strings.Contains(stdout, "4 added") {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		code, stdout, _ = run(t, dsn, "agencies", "list", "--level", "county")
		if code != 0 || !strings.Contains(stdout, "深圳市福田区人民政府") || strings.Contains(stdout, "深圳市人民政府") {
			t.Errorf("list --level county: exit %d\n%s", code, stdout)
		}
		code, stdout, _ = run(t, dsn, "agencies", "list", "--region", "440300")
		if code != 0 || strings.Count(stdout, "\n") != 3 { // header, SZ, FT
			t.Errorf("list --region 440300: exit %d\n%s", code, stdout)
		}
	})
}

func TestAgenciesUsage(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	for _, args := range [][]string{
		{"agencies", "import"},
		{"agencies", "import", "a.csv", "b.csv"},
		{"agencies", "list", "--level", "town"},
		{"agencies", "list", "extra"},
		{"agencies", "list", "--nope"},
		{"agencies"},
	} {
		if code, _, stderr := run(t, dsn, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	if code, _, _ := run(t, dsn, "agencies", "import", filepath.Join(t.TempDir(), "missing.csv")); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
	for _, args := range [][]string{{"agencies", "--help"}, {"agencies", "import", "--help"}, {"agencies", "list", "-h"}} {
		if code, stdout, _ := run(t, dsn, args...); code != 0 || !strings.Contains(stdout, "usage: zwgk agencies") {
			t.Errorf("%v: exit %d\n%s", args, code, stdout)
		}
	}
}
