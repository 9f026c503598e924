package e2e

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe: `campaignwatch serve` answers the HTTP trigger's routes over
// plain HTTP, with the same auth and refusals, and stops on SIGTERM.
func TestServe(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.baseline()
	p := w.Start(nil, "serve", "--addr", "127.0.0.1:0")
	addrRE := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(p.stdout.String()); m != nil {
			base = m[1]
		}
		select {
		case <-p.done:
			t.Fatalf("serve ended: exit %d\n%s", p.res.Code, tail(p.res.Stderr, 2000))
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve did not say where it listens within a minute:\n%s", p.stdout.String())
	}
	client := &http.Client{Timeout: time.Minute}
	do := func(method, path, auth string, body []byte) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		w.Record("serve answer", string(b))
		return resp.StatusCode, string(b)
	}
	if code, body := do("GET", "/healthz", "", nil); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("GET /healthz: %d %s", code, body)
	}
	w.BudgetUp()
	before, posts := w.StoreState(), w.Posts()
	for _, tc := range []struct {
		method, path, auth string
		body               []byte
		status             int
	}{
		{"POST", "/check", "", nil, 401},
		{"POST", "/check?token=" + httpToken, "", nil, 401},
		{"POST", "/check", "Basic " + httpToken, nil, 401},
		{"POST", "/check?dryRun=perhaps", bearer(), nil, 400},
		{"GET", "/check", bearer(), nil, 405},
		{"GET", "/nope", bearer(), nil, 404},
		{"POST", "/check", bearer(), bytes.Repeat([]byte("x"), 1<<20), 413},
	} {
		code, body := do(tc.method, tc.path, tc.auth, tc.body)
		if code != tc.status || !strings.Contains(body, `"error"`) {
			t.Errorf("%s %s: %d %.200s; want %d with a JSON error", tc.method, tc.path, code, body, tc.status)
		}
	}
	w.untouched(before, posts, "refused requests to serve")
	if code, body := do("POST", "/check", bearer(), nil); code != 200 || !strings.Contains(body, idSpring) {
		t.Errorf("POST /check: %d %.300s; want the change", code, body)
	}
	w.WantCounts(idSpring, 1, 1)
	if code, body := do("GET", "/campaigns?format=csv", bearer(), nil); code != 200 || !strings.Contains(body, idSpring+",spring-sale-retargeting,AVAILABLE,80.00,daily") {
		t.Errorf("GET /campaigns?format=csv: %d %.300s", code, body)
	}
	_ = p.cmd.Process.Signal(syscallTERM)
	if r := p.Wait(t); r.Code != 0 {
		t.Errorf("serve after SIGTERM: exit %d, want 0\n%s", r.Code, tail(r.Stderr, 2000))
	}
}
