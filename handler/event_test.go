package handler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// eventsDir holds the real-shaped trigger events shared with other tests.
const eventsDir = "../testdata/events"

func readEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(eventsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeEventFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(eventsDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", eventsDir, err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			ev, err := decodeEvent(readEvent(t, name))
			switch {
			case strings.HasPrefix(name, "malformed-"):
				if err == nil {
					t.Fatalf("decoded a malformed event: %+v", ev)
				}
				if k := campaign.KindOf(err); k != campaign.Invalid {
					t.Errorf("kind %q, want invalid: %v", k, err)
				}
			case strings.HasPrefix(name, "timer-"):
				if err != nil || ev.Trigger != triggerTimer || ev.Timer == nil || ev.HTTP != nil {
					t.Fatalf("want a timer event, got %+v, %v", ev, err)
				}
				if ev.Timer.TriggerTime != "2024-05-20T01:00:00Z" || !strings.HasPrefix(ev.Timer.TriggerName, "campaignwatch-") {
					t.Errorf("timer fields lost: %+v", ev.Timer)
				}
			case strings.HasPrefix(name, "http-"):
				if err != nil || ev.Trigger != triggerHTTP || ev.HTTP == nil || ev.Timer != nil {
					t.Fatalf("want an HTTP event, got %+v, %v", ev, err)
				}
				if ev.HTTP.Method == "" || !strings.HasPrefix(ev.HTTP.Path, "/") || !strings.HasPrefix(ev.HTTP.RequestID, "1-6649a1b0-") {
					t.Errorf("request fields lost: %+v", ev.HTTP)
				}
			default:
				t.Fatalf("fixture %s: name it timer-*, http-* or malformed-*", name)
			}
		})
	}
}

func TestDecodeTimerEvents(t *testing.T) {
	cases := []struct {
		name    string
		event   string
		mode    string
		wantErr string
	}{
		{name: "fixture check", event: fixture("timer-check.json"), mode: "check"},
		{name: "fixture digest", event: fixture("timer-digest.json"), mode: "digest"},
		{name: "fixture JSON mode", event: fixture("timer-json-mode.json"), mode: "digest"},
		{name: "fixture empty payload", event: fixture("timer-empty-payload.json"), mode: "check"},
		{name: "no payload", event: `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t"}`, mode: "check"},
		{name: "null payload", event: `{"triggerName":"t","payload":null}`, mode: "check"},
		{name: "padded payload", event: `{"triggerName":"t","payload":" digest\n"}`, mode: "digest"},
		{name: "JSON check mode", event: `{"triggerName":"t","payload":"{\"mode\":\"check\"}"}`, mode: "check"},
		{name: "payload configured as an object", event: `{"triggerName":"t","payload":{"mode":"digest"}}`, mode: "digest"},
		{name: "unknown payload", event: fixture("malformed-timer-unknown-payload.json"), wantErr: `timer payload "report" is not a job`},
		{name: "upper-case payload", event: `{"triggerName":"t","payload":"CHECK"}`, wantErr: `"CHECK"`},
		{name: "unknown JSON mode", event: `{"triggerName":"t","payload":"{\"mode\":\"report\"}"}`, wantErr: `unknown mode "report"`},
		{name: "JSON without mode", event: `{"triggerName":"t","payload":"{}"}`, wantErr: `has no "mode"`},
		{name: "JSON with an unknown field", event: `{"triggerName":"t","payload":"{\"mode\":\"check\",\"dryRun\":true}"}`, wantErr: `unknown field`},
		{name: "JSON with trailing data", event: `{"triggerName":"t","payload":"{\"mode\":\"check\"} x"}`, wantErr: `data after the object`},
		{name: "broken JSON payload", event: `{"triggerName":"t","payload":"{\"mode\":"}`, wantErr: `want {"mode":"check"}`},
		{name: "number payload", event: `{"triggerName":"t","payload":7}`, wantErr: "neither a string nor an object"},
		{name: "number triggerName", event: `{"triggerName":7,"payload":"check"}`, wantErr: "field triggerName: got a JSON number, want a string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := decodeEvent([]byte(c.event))
			if ev.Trigger != triggerTimer {
				t.Errorf("trigger %v, want timer", ev.Trigger)
			}
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || campaign.KindOf(err) != campaign.Invalid {
					t.Fatalf("error %v (kind %q), want kind invalid containing %q", err, campaign.KindOf(err), c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.Timer.Mode != c.mode {
				t.Errorf("mode %q, want %q", ev.Timer.Mode, c.mode)
			}
		})
	}
}

func fixture(name string) string {
	b, err := os.ReadFile(filepath.Join(eventsDir, name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestDecodeHTTPEvents(t *testing.T) {
	const ctx = `"requestContext":{"requestId":"r1","http":{"method":"get","path":"/x"}}`
	cases := []struct {
		name    string
		event   string
		method  string
		path    string
		body    string
		query   map[string]string
		header  map[string]string
		wantErr string
	}{
		{name: "fixture check", event: fixture("http-check-dry-run.json"), method: "POST", path: "/check",
			query: map[string]string{"dryRun": "true"}, header: map[string]string{"Authorization": "Bearer test-token"}},
		{name: "fixture API invocation path", event: fixture("http-api-invocation.json"), method: "POST", path: "/check"},
		{name: "fixture base64 body", event: fixture("http-base64-body.json"), method: "POST", path: "/check", body: `{"note":"binary upload"}`},
		{name: "fixture multi-valued query", event: fixture("http-multi-valued.json"), method: "POST", path: "/check", query: map[string]string{"dryRun": "true,false"}},
		{name: "bare API invocation", event: `{"rawPath":"/2023-03-30/functions/cw/invocations",` + ctx + `}`, method: "GET", path: "/"},
		{name: "function named invocations", event: `{"rawPath":"/2023-03-30/functions/invocations/invocations/digest",` + ctx + `}`, method: "GET", path: "/digest"},
		{name: "not an invocation path", event: `{"rawPath":"/2023-03-30/functions/cw/invocationsX",` + ctx + `}`, method: "GET", path: "/2023-03-30/functions/cw/invocationsX"},
		{name: "encoded rawPath", event: `{"rawPath":"/he%61lthz",` + ctx + `}`, method: "GET", path: "/healthz"},
		{name: "rawPath with a query", event: `{"rawPath":"/healthz?x=1",` + ctx + `}`, method: "GET", path: "/healthz", query: map[string]string{"x": "1"}},
		{name: "no rawPath falls back to requestContext", event: `{"version":"v1",` + ctx + `}`, method: "GET", path: "/x"},
		{name: "header names in any case", event: `{"rawPath":"/a","headers":{"AUTHORIZATION":"Bearer t"},` + ctx + `}`, method: "GET", path: "/a",
			header: map[string]string{"Authorization": "Bearer t"}},
		{name: "fixture bad base64", event: fixture("malformed-http-bad-base64.json"), wantErr: "not valid base64"},
		{name: "fixture missing requestContext", event: fixture("malformed-http-missing-request-context.json"), wantErr: "requestContext is missing"},
		{name: "null requestContext", event: `{"rawPath":"/a","requestContext":null}`, wantErr: "requestContext is missing"},
		{name: "no method", event: `{"rawPath":"/a","requestContext":{"http":{}}}`, wantErr: "requestContext.http.method is missing"},
		{name: "header value not a string", event: `{"rawPath":"/a","headers":{"X":["a","b"]},` + ctx + `}`, wantErr: "field headers: got a JSON array, want a string"},
		{name: "body not a string", event: `{"rawPath":"/a","body":{"a":1},` + ctx + `}`, wantErr: "field body"},
		{name: "bad percent-encoding", event: `{"rawPath":"/a%zz",` + ctx + `}`, wantErr: "not a valid URL path"},
		{name: "relative path", event: `{"rawPath":"check",` + ctx + `}`, wantErr: "must start with /"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := decodeEvent([]byte(c.event))
			if ev.Trigger != triggerHTTP {
				t.Errorf("trigger %v, want http", ev.Trigger)
			}
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || campaign.KindOf(err) != campaign.Invalid {
					t.Fatalf("error %v (kind %q), want kind invalid containing %q", err, campaign.KindOf(err), c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := ev.HTTP
			if r.Method != c.method || r.Path != c.path || string(r.Body) != c.body {
				t.Errorf("got %s %s body %q, want %s %s body %q", r.Method, r.Path, r.Body, c.method, c.path, c.body)
			}
			for k, v := range c.query {
				if r.Query[k] != v {
					t.Errorf("query %s=%q, want %q", k, r.Query[k], v)
				}
			}
			for k, v := range c.header {
				if r.Header.Get(k) != v {
					t.Errorf("header %s=%q, want %q", k, r.Header.Get(k), v)
				}
			}
		})
	}
}

func TestDecodeOtherEvents(t *testing.T) {
	cases := []struct {
		name, event, wantErr string
	}{
		{"fixture not JSON", fixture("malformed-not-json.json"), "event is not a JSON object"},
		{"fixture OSS event", fixture("malformed-unknown-event.json"), "none of the fields of a known trigger (it has: Records)"},
		{"empty", "", "event is not a JSON object"},
		{"null", "null", "none of the fields"},
		{"array", "[1]", "event is not a JSON object"},
		{"string", `"check"`, "event is not a JSON object"},
		{"empty object", "{}", "none of the fields"},
		{"both shapes", `{"payload":"check","rawPath":"/check"}`, "mixes timer fields (payload) and HTTP trigger fields (rawPath)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := decodeEvent([]byte(c.event))
			if ev.Trigger != triggerUnknown {
				t.Errorf("trigger %v, want unknown", ev.Trigger)
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) || campaign.KindOf(err) != campaign.Invalid {
				t.Fatalf("error %v, want kind invalid containing %q", err, c.wantErr)
			}
		})
	}
}
