package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk/store/storetest"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestUserAddAndServe(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"user", "add", "boss", "--role", "admin"}, 0, "password: "},
			{[]string{"user", "add", "boss", "--role", "admin"}, 1, "boss"},
			{[]string{"user", "add", "x", "--role", "king"}, 2, "--role"},
			{[]string{"user", "add", "x", "--role", "agency"}, 2, "--agency"},
			{[]string{"user", "add", "x", "--role", "leader", "--agency", "A"}, 2, "only for --role agency"},
			{[]string{"user", "add", "x", "--role", "agency", "--agency", "NOPE"}, 1, "NOPE is not imported"},
			{[]string{"serve", "--addr", "0.0.0.0:0"}, 2, "plain HTTP"},
		} {
			code, out, errOut := run(t, dsn, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("%v: exit %d (want %d), output %q lacks %q", tc.args, code, tc.code, out+errOut, tc.want)
			}
		}
		stdin = strings.NewReader("correct horse battery\n")
		defer func() { stdin = os.Stdin }()
		if code, out, errOut := run(t, dsn, "user", "add", "lead", "--role", "leader", "--password-stdin"); code != 0 || strings.Contains(out, "password:") {
			t.Fatalf("user add --password-stdin: %d %s%s", code, out, errOut)
		}
		if code, out, _ := run(t, dsn, "user", "list"); code != 0 || !regexp.MustCompile(`lead +leader +enabled`).MatchString(out) {
			t.Errorf("user list: %q", out)
		}

		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		done := make(chan int)
		go func() { done <- Main(ctx, []string{"--db", dsn, "serve", "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()
		addr := regexp.MustCompile(`portal on (http://[0-9.:]+)/`)
		var base string
		for i := 0; i < 100 && base == ""; i++ {
			time.Sleep(50 * time.Millisecond)
			if m := addr.FindStringSubmatch(stderr.String()); m != nil {
				base = m[1]
			}
		}
		if base == "" {
			cancel()
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
		resp, err := client.Get(base + "/login")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Fatalf("/login: %d %v", resp.StatusCode, resp.Header)
		}
		csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
		if csrf == nil {
			t.Fatal("no CSRF token on the login page")
		}
		resp, err = client.PostForm(base+"/login", url.Values{"name": {"lead"}, "password": {"correct horse battery"}, "csrf": {string(csrf[1])}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Request.URL.Path != "/cycles" || !strings.Contains(string(body), "lead</bdi>（领导）") {
			t.Errorf("login as lead: %d at %s", resp.StatusCode, resp.Request.URL)
		}
		resp, err = client.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(metrics), `zwgk_http_requests_total{code="303",route="POST /login"}`) {
			t.Errorf("metrics lack the login:\n%.2000s", metrics)
		}
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exit %d after shutdown: %s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
		}
	})
}
