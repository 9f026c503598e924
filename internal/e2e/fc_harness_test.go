package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/fcruntime/fctest"
)

// FC is the binary serving Function Compute invocations from the fake
// runtime API.
type FC struct {
	w    *World
	rt   *fctest.Runtime
	proc *Proc
}

// StartFC starts the binary under a fake runtime API whose invocations
// have timeout as their deadline (0: 60 s).
func (w *World) StartFC(timeout time.Duration) *FC {
	w.t.Helper()
	rt := fctest.NewWithConfig(fctest.Config{Timeout: timeout})
	p := w.Start(map[string]string{"FC_RUNTIME_API": rt.Addr()})
	w.t.Cleanup(func() {
		p.Kill() // first: the SDK spins on GET next once the runtime is gone
		rt.Close()
	})
	return &FC{w: w, rt: rt, proc: p}
}

// Invoke sends one event and returns the function's answer; isError is
// true when the function failed the invocation.
func (f *FC) Invoke(event []byte) (answer []byte, isError bool) {
	f.w.t.Helper()
	ans, isErr, err := f.rt.Invoke(stepCtx(f.w.t, runTimeout), event)
	if err != nil {
		f.w.t.Fatalf("invocation: %v\nfunction's stderr:\n%s", err, tail(f.proc.Stderr(), 3000))
	}
	f.w.Record("FC answer", string(ans))
	return ans, isErr
}

// Timer invokes a timer event and decodes the report it answers; errMsg is
// the invocation's error message when it failed.
func (f *FC) Timer(event []byte) (rep *Report, errMsg string) {
	f.w.t.Helper()
	ans, isErr := f.Invoke(event)
	if isErr {
		var e struct {
			ErrorMessage string `json:"errorMessage"`
		}
		if err := json.Unmarshal(ans, &e); err != nil || e.ErrorMessage == "" {
			f.w.t.Fatalf("failed invocation answered %s; want {\"errorMessage\": ...}", ans)
		}
		return nil, e.ErrorMessage
	}
	rep = new(Report)
	if err := json.Unmarshal(ans, rep); err != nil || rep.Mode == "" {
		f.w.t.Fatalf("timer invocation answered %s; want a report", ans)
	}
	return rep, ""
}

// HTTPAnswer is the function's answer to an HTTP trigger event.
type HTTPAnswer struct {
	StatusCode      int               `json:"statusCode"`
	Headers         map[string]string `json:"headers"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`
	Body            string            `json:"body"`
}

// Header returns the answer's header name, whatever its case.
func (a HTTPAnswer) Header(name string) string {
	for k, v := range a.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// ErrorText is the "error" of a JSON error body, "" when there is none.
func (a HTTPAnswer) ErrorText() string {
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal([]byte(a.Body), &e)
	return e.Error
}

// HTTP sends an HTTP trigger event and decodes the answer.
func (f *FC) HTTP(event []byte) HTTPAnswer {
	f.w.t.Helper()
	ans, isErr := f.Invoke(event)
	if isErr {
		f.w.t.Fatalf("an HTTP trigger event failed the invocation: %s; want an HTTP answer", ans)
	}
	var a HTTPAnswer
	if err := json.Unmarshal(ans, &a); err != nil || a.StatusCode == 0 {
		f.w.t.Fatalf("HTTP trigger event answered %s; want {statusCode, headers, isBase64Encoded, body}", ans)
	}
	return a
}

// fixture reads testdata/events/<name> of the repository.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, "testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// httpFixture reads an HTTP trigger fixture with the world's token in place
// of the fixture's, then lets edit change it.
func httpFixture(t testing.TB, name string, edit func(ev map[string]any)) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(fixture(t, name), &ev); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if h, ok := ev["headers"].(map[string]any); ok {
		if _, ok := h["Authorization"]; ok {
			h["Authorization"] = "Bearer " + httpToken
		}
	}
	if edit != nil {
		edit(ev)
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// httpEvent builds an FC 3.0 HTTP trigger event; auth is the Authorization
// header ("" for none).
func httpEvent(method, path string, query map[string]string, auth string, body []byte) []byte {
	headers := map[string]string{"Accept": "*/*", "User-Agent": "e2e"}
	if auth != "" {
		headers["Authorization"] = auth
	}
	if query == nil {
		query = map[string]string{}
	}
	ev := map[string]any{
		"version": "v1", "rawPath": path, "headers": headers, "queryParameters": query,
		"body": base64.StdEncoding.EncodeToString(body), "isBase64Encoded": true,
		"requestContext": map[string]any{
			"accountId": "1234567890123456", "requestId": "e2e-request",
			"http": map[string]any{"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"},
		},
	}
	b, _ := json.Marshal(ev)
	return b
}

func bearer() string { return "Bearer " + httpToken }
