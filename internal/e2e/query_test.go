package e2e

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// malformedQueries are the queries the adversarial probe of issue 11 sent
// to POST /check and POST /digest, each one slip away from ?dryRun=true;
// every one of them used to run a real check.
func malformedQueries() []string {
	var many strings.Builder
	many.WriteString("dryRun=true")
	for i := range 10_001 {
		fmt.Fprintf(&many, "&p%d=1", i)
	}
	return []string{
		"dryRun=true;",
		"dryRun=true;x=1",
		"dryRun=tru%e",
		"dryRun=true%",
		many.String(),
		"dryRun=true&dryRun=false",
		"dryRun=true&dryrun=true",
	}
}

// startServe starts `campaignwatch serve` on a free port of 127.0.0.1 and
// returns its base URL.
func (w *World) startServe() (string, *Proc) {
	w.t.Helper()
	p := w.Start(nil, "serve", "--addr", "127.0.0.1:0")
	addrRE := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(p.stdout.String()); m != nil {
			return m[1], p
		}
		select {
		case <-p.done:
			w.t.Fatalf("serve ended: exit %d\n%s", p.res.Code, tail(p.res.Stderr, 2000))
		default:
		}
	}
	w.t.Fatalf("serve did not say where it listens within a minute:\n%s", p.stdout.String())
	return "", nil
}

// TestServeMalformedQuery: each malformed query to `serve` is answered 400
// with a JSON error, commits nothing and posts nothing, while a change is
// waiting to be found; the same request without the slip then finds it.
func TestServeMalformedQuery(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.baseline()
	base, p := w.startServe()
	client := &http.Client{Timeout: time.Minute}
	send := func(method, target string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+target, nil) // the query goes out as written
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", bearer())
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %.60s: %v", method, target, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		w.Record("serve answer", string(b))
		return resp.StatusCode, string(b)
	}
	w.BudgetUp() // a real check would commit and post this change
	before, posts := w.StoreState(), w.Posts()
	for _, path := range []string{"/check", "/digest"} {
		for _, q := range malformedQueries() {
			code, body := send("POST", path+"?"+q)
			if code != 400 || !strings.HasPrefix(body, `{"error":`) {
				t.Errorf("POST %s?%.60s: %d %.200s; want 400 with a JSON error", path, q, code, body)
			}
		}
	}
	w.untouched(before, posts, "malformed queries to serve")
	if code, body := send("POST", "/check?dryRun=true"); code != 200 || !strings.Contains(body, idSpring) {
		t.Errorf("POST /check?dryRun=true: %d %.300s; want the change, found and not sent", code, body)
	}
	w.untouched(before, posts, "a dry run through serve")
	if code, body := send("POST", "/check"); code != 200 || !strings.Contains(body, idSpring) {
		t.Errorf("POST /check: %d %.300s; want the change", code, body)
	}
	w.WantCounts(idSpring, 1, 1)
	_ = p.cmd.Process.Signal(syscallTERM)
	if r := p.Wait(t); r.Code != 0 {
		t.Errorf("serve after SIGTERM: exit %d, want 0\n%s", r.Code, tail(r.Stderr, 2000))
	}
}

// TestFunctionComputeMalformedQuery: the HTTP trigger's equivalents (what
// the trigger hands over for such a query: an odd value, a query left in
// rawPath, more than 10,000 parameters) are 400 too, and nothing is
// committed or posted.
func TestFunctionComputeMalformedQuery(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	fc := w.StartFC(0)
	if _, errMsg := fc.Timer(fixture(t, "timer-check.json")); errMsg != "" {
		t.Fatalf("baseline: %s", errMsg)
	}
	w.BudgetUp()
	before, posts := w.StoreState(), w.Posts()
	many := map[string]string{"dryRun": "true"}
	for i := range 10_001 {
		many[fmt.Sprintf("p%d", i)] = "1"
	}
	withRawPath := func(ev []byte, rawPath string) []byte {
		return []byte(strings.Replace(string(ev), `"rawPath":"/check"`, `"rawPath":"`+rawPath+`"`, 1))
	}
	for _, tc := range []struct {
		name  string
		event []byte
	}{
		{"value with a semicolon", httpEvent("POST", "/check", map[string]string{"dryRun": "true;"}, bearer(), nil)},
		{"semicolon separator kept", httpEvent("POST", "/check", map[string]string{"dryRun": "true;x=1"}, bearer(), nil)},
		{"semicolon separator split", httpEvent("POST", "/check", map[string]string{"dryRun": "true", "x": "1"}, bearer(), nil)},
		{"undecoded escape", httpEvent("POST", "/check", map[string]string{"dryRun": "tru%e"}, bearer(), nil)},
		{"trailing percent", httpEvent("POST", "/check", map[string]string{"dryRun": "true%"}, bearer(), nil)},
		{"more than 10,000 parameters", httpEvent("POST", "/check", many, bearer(), nil)},
		{"two values", httpEvent("POST", "/digest", map[string]string{"dryRun": "true,false"}, bearer(), nil)},
		{"query left in rawPath", withRawPath(httpEvent("POST", "/check", nil, bearer(), nil), "/check?dryRun=tru%e")},
	} {
		a := fc.HTTP(tc.event)
		if a.StatusCode != 400 || a.ErrorText() == "" {
			t.Errorf("%s: %d %.200s; want 400 with a JSON error", tc.name, a.StatusCode, a.Body)
		}
	}
	w.untouched(before, posts, "malformed queries to the HTTP trigger")
}
