package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
)

// envChildArgs makes the test binary run the zwgk command line it holds
// (JSON) instead of the tests: tests that kill zwgk, or start two at once,
// need it in processes of its own, and re-running the test binary spares a
// `go build`.
const envChildArgs = "ZWGK_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if raw := os.Getenv(envChildArgs); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			os.Stderr.WriteString("child args: " + err.Error() + "\n")
			os.Exit(3)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Main(ctx, args, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// envChild is the environment entry that makes the test binary run args.
func envChild(t *testing.T, args []string) string {
	t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	return envChildArgs + "=" + string(raw)
}

// zwgkProcess is the command line args as a process of its own.
func zwgkProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envChild(t, args), "ZWGK_DB=")
	return cmd
}

// runProcess runs args in a process of its own and returns its exit code
// and output.
func runProcess(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := zwgkProcess(t, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, o.String(), e.String()
}
