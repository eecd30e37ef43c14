package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"zwgk/store"
	"zwgk/store/storetest"
)

// The child half of TestImportKilled: it starts a large import, says so
// in the middle of the transaction and waits to be killed.
func TestImportKilledChild(t *testing.T) {
	dsn := os.Getenv("ZWGK_KILL_DSN")
	if dsn == "" {
		t.Skip("run by TestImportKilled only")
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		fmt.Println("ERROR", err)
		return
	}
	store.SetImportHook(func(n int) {
		if n == 1000 {
			fmt.Println("MIDWAY")
			time.Sleep(time.Minute)
		}
	})
	_, err = db.ImportAgencies(context.Background(), bulk(2000), "killed.csv")
	fmt.Println("FINISHED", err) // not reached when killed
}

// A process killed with SIGKILL in the middle of an import leaves the
// database as it was, and a second run succeeds.
func TestImportKilled(t *testing.T) {
	if os.Getenv("ZWGK_KILL_DSN") != "" {
		t.Skip("child")
	}
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mustImport(t, db, fixture)

		cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilledChild$", "-test.v")
		cmd.Env = append(os.Environ(), "ZWGK_KILL_DSN="+dsn)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		midway := false
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "MIDWAY") {
				midway = true
				break
			}
			if strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "FINISHED") {
				t.Fatalf("child: %s", line)
			}
		}
		if !midway {
			t.Fatal("child never reached the middle of the import")
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred rollback runs
			t.Fatal(err)
		}
		_ = cmd.Wait()

		// The killed process held the write lock; the database is as it was.
		all, err := db.Agencies(ctx, store.AgencyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(fixture) {
			t.Fatalf("%d agencies after the killed import, want %d", len(all), len(fixture))
		}
		if s := mustImport(t, db, bulk(2000)); s.Added != 2000 {
			t.Errorf("second run %+v", s)
		}
	})
}
