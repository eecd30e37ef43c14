package web

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// A minimal Chrome DevTools Protocol client: enough to drive headless
// Chromium through the portal (navigate, evaluate, screenshot) without a
// browser-automation dependency.

type browser struct {
	cmd  *exec.Cmd
	ws   *websocket.Conn
	mu   sync.Mutex
	next int
	wait map[int]chan cdpReply
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// chromiumPath finds the browser, or skips the test (fails it under CI).
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not installed (apt-get install -y chromium); required under CI")
	}
	t.Skip("SKIP: chromium not installed (apt-get install -y chromium); end-to-end test not run")
	return ""
}

func startBrowser(t *testing.T) *browser {
	path := chromiumPath(t)
	// Not t.TempDir: Chromium's helper processes may still write to the
	// profile for a moment after the browser is killed, and t.TempDir fails
	// the test when it cannot remove the folder.
	dir, err := os.MkdirTemp("", "zwgk-cdp-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-extensions", "--disable-background-networking", "--disable-sync",
		"--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
		"--user-data-dir="+dir, "--window-size=1280,900", "about:blank")
	// Its own process group, so the cleanup ends its helpers too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b := &browser{cmd: cmd, wait: map[int]chan cdpReply{}}
	t.Cleanup(func() {
		if b.ws != nil {
			b.ws.Close()
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		for i := 0; i < 50; i++ {
			if os.RemoveAll(dir) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// Chromium prints "DevTools listening on ws://127.0.0.1:PORT/…".
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, after, ok := strings.Cut(sc.Text(), "DevTools listening on ws://"); ok {
				host, _, _ := strings.Cut(after, "/")
				port <- host
			}
		}
	}()
	var host string
	select {
	case host = <-port:
	case <-time.After(30 * time.Second):
		t.Fatal("chromium did not start its DevTools endpoint")
	}
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	resp, err := http.Get("http://" + host + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	for _, tg := range targets {
		if tg.Type == "page" {
			b.ws, err = websocket.Dial(tg.WS, "", "http://127.0.0.1/")
			if err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if b.ws == nil {
		t.Fatal("no page target")
	}
	b.ws.MaxPayloadBytes = 64 << 20
	go b.read()
	return b
}

func (b *browser) read() {
	for {
		var msg struct {
			ID int `json:"id"`
			cdpReply
		}
		if err := websocket.JSON.Receive(b.ws, &msg); err != nil {
			b.mu.Lock()
			for id, ch := range b.wait {
				close(ch)
				delete(b.wait, id)
			}
			b.mu.Unlock()
			return
		}
		if msg.ID == 0 {
			continue // an event
		}
		b.mu.Lock()
		ch := b.wait[msg.ID]
		delete(b.wait, msg.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- msg.cdpReply
		}
	}
}

func (b *browser) call(t *testing.T, method string, params any, out any) {
	t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpReply, 1)
	b.wait[id] = ch
	b.mu.Unlock()
	if err := websocket.JSON.Send(b.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	select {
	case r, ok := <-ch:
		if !ok {
			t.Fatalf("%s: browser connection closed", method)
		}
		if r.Error != nil {
			t.Fatalf("%s: %s", method, r.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(r.Result, out); err != nil {
				t.Fatalf("%s: %v", method, err)
			}
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no answer", method)
	}
}

// eval runs a JavaScript expression in the page (through the protocol,
// not the page's own CSP) and returns its value as a string.
func (b *browser) eval(t *testing.T, expr string) string {
	t.Helper()
	var out struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	b.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &out)
	if out.Exception != nil {
		t.Fatalf("eval %q: %s", expr, out.Exception.Text)
	}
	return fmt.Sprint(out.Result.Value)
}

// navigate loads url and waits until the document has loaded.
func (b *browser) navigate(t *testing.T, url string) {
	t.Helper()
	b.call(t, "Page.navigate", map[string]any{"url": url}, nil)
	b.waitLoaded(t, "")
}

// waitLoaded waits until the page is complete and, when pathPrefix is set,
// its location path starts with it.
func (b *browser) waitLoaded(t *testing.T, pathPrefix string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		state := b.eval(t, `document.readyState + " " + location.pathname`)
		st, path, _ := strings.Cut(state, " ")
		if st == "complete" && strings.HasPrefix(path, pathPrefix) {
			return
		}
	}
	t.Fatalf("page did not load %q: at %s", pathPrefix, b.eval(t, "location.href"))
}

// submit fills the fields of the form found by selector and submits it,
// then waits for the answer page under pathPrefix.
func (b *browser) submit(t *testing.T, selector string, fields map[string]string, pathPrefix string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const f = document.querySelector(%q); if (!f) return "no form";`, selector)
	for k, v := range fields {
		js += fmt.Sprintf(`f.elements[%q].value = %q;`, k, v)
	}
	// The marker lives on the old document's window: once it is gone, the
	// answer page has replaced it (its path may be the same as before).
	js += `window.__zwgkOld = true; const btn = f.querySelector("button[type=submit]"); btn.click(); return "ok"; })()`
	if got := b.eval(t, js); got != "ok" {
		t.Fatalf("submit %s: %s (at %s)", selector, got, b.eval(t, "location.href"))
	}
	deadline := time.Now().Add(30 * time.Second)
	for b.eval(t, `window.__zwgkOld === true`) == "true" {
		if time.Now().After(deadline) {
			t.Fatalf("submit %s: no answer page", selector)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.waitLoaded(t, pathPrefix)
}

// screenshot saves the page as PNG; width sets a device width (phone).
func (b *browser) screenshot(t *testing.T, file string, width int) {
	t.Helper()
	b.call(t, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, nil)
	time.Sleep(200 * time.Millisecond)
	var out struct {
		Data string `json:"data"`
	}
	b.call(t, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &out)
	png, err := base64.StdEncoding.DecodeString(out.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	b.call(t, "Emulation.clearDeviceMetricsOverride", map[string]any{}, nil)
}
