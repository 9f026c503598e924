package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The bad-input suite: each malformed event, request, API page and stored
// snapshot gets a clear error naming what was wrong, and no stored data
// changes. Every world here has a change waiting in the emulator, so that a
// bad input taken for a good one would commit a snapshot and post an alert,
// which the checks would see. (Malformed configuration variables are
// TestConfigErrors' table.)

// badWorld is a world with a committed baseline and a change waiting.
func badWorld(t *testing.T, opt Options) *World {
	w := NewWorld(t, opt)
	w.baseline()
	w.BudgetUp()
	return w
}

// untouched fails the test if the store or the chat fakes changed.
func (w *World) untouched(before map[string]string, posts int, what string) {
	w.t.Helper()
	w.SameStore(before, what)
	if w.Posts() != posts {
		w.t.Errorf("%s: %d messages were posted", what, w.Posts()-posts)
	}
}

// TestBadTimerEvents: malformed and oversized timer (and unknown) events
// fail their invocation with an error naming what is wrong.
func TestBadTimerEvents(t *testing.T) {
	t.Parallel()
	w := badWorld(t, Options{OSS: true}) // inside Function Compute the store is OSS
	fc := w.StartFC(0)
	huge := strings.Repeat("x", 200<<10)
	for _, tc := range []struct {
		name, event, want string
	}{
		{"unknown payload", string(fixture(t, "malformed-timer-unknown-payload.json")), `"report"`},
		{"payload a number", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":42}`, "payload 42"},
		{"payload an array", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":["check"]}`, "neither a string nor an object"},
		{"unknown mode", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":"{\"mode\":\"weekly\"}"}`, `"weekly"`},
		{"mode a number", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":"{\"mode\":1}"}`, "mode"},
		{"no mode", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":"{}"}`, `no "mode"`},
		{"unknown field", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":"{\"mode\":\"check\",\"force\":true}"}`, "force"},
		{"data after the mode", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":"{\"mode\":\"check\"} rm -rf"}`, "after"},
		{"oversized payload", `{"triggerTime":"2024-05-20T01:00:00Z","triggerName":"t","payload":"` + huge + `"}`, "not a job"},
		{"triggerTime a number", `{"triggerTime":1716166800,"triggerName":"t","payload":"check"}`, "triggerTime"},
		{"truncated event", string(fixture(t, "malformed-not-json.json")), "JSON"},
		{"unknown event", string(fixture(t, "malformed-unknown-event.json")), "Records"},
		{"timer and HTTP fields mixed", `{"triggerTime":"2024-05-20T01:00:00Z","payload":"check","rawPath":"/check"}`, "mixes"},
		{"an array", `["check"]`, "JSON object"},
		{"null", `null`, "none of the fields"},
		{"a string", `"check"`, "JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, posts := w.StoreState(), w.Posts()
			ans, isErr := fc.Invoke([]byte(tc.event))
			var e struct {
				ErrorMessage string `json:"errorMessage"`
			}
			_ = json.Unmarshal(ans, &e)
			if !isErr || !strings.Contains(e.ErrorMessage, tc.want) {
				t.Errorf("answered %.300s (failed: %v); want a failed invocation naming %q", ans, isErr, tc.want)
			}
			if len(e.ErrorMessage) > 2000 {
				t.Errorf("the error message is %d bytes: it should quote a bad input briefly", len(e.ErrorMessage))
			}
			w.untouched(before, posts, tc.name)
		})
	}
	// And the function still serves the next event.
	if a := fc.HTTP(httpFixture(t, "http-healthz.json", nil)); a.StatusCode != 200 {
		t.Errorf("after the bad events GET /healthz answered %d", a.StatusCode)
	}
}

// TestBadHTTPEvents: malformed HTTP trigger events and refused requests
// are answered with their status and a JSON error, and run nothing.
func TestBadHTTPEvents(t *testing.T) {
	t.Parallel()
	w := badWorld(t, Options{OSS: true}) // inside Function Compute the store is OSS
	fc := w.StartFC(0)
	edit := func(name string, fn func(ev map[string]any)) string { return string(httpFixture(t, name, fn)) }
	ctxOf := func(ev map[string]any) map[string]any { return ev["requestContext"].(map[string]any) }
	for _, tc := range []struct {
		name   string
		event  string
		status int
		want   string
	}{
		{"bad base64", string(fixture(t, "malformed-http-bad-base64.json")), 400, "base64"},
		{"missing requestContext", string(fixture(t, "malformed-http-missing-request-context.json")), 400, "requestContext"},
		{"requestContext without a method", edit("http-check.json", func(ev map[string]any) {
			delete(ctxOf(ev)["http"].(map[string]any), "method")
		}), 400, "method"},
		{"requestContext of the wrong type", edit("http-check.json", func(ev map[string]any) { ev["requestContext"] = "POST /check" }), 400, "requestContext"},
		{"rawPath with a bad escape", edit("http-check.json", func(ev map[string]any) { ev["rawPath"] = "/ch%zzeck" }), 400, "rawPath"},
		{"path without a slash", edit("http-check.json", func(ev map[string]any) { ev["rawPath"] = "check" }), 400, "must start with /"},
		{"headers an array", edit("http-check.json", func(ev map[string]any) { ev["headers"] = []string{"Authorization: Bearer " + httpToken} }), 400, "headers"},
		{"query a string", edit("http-check.json", func(ev map[string]any) { ev["queryParameters"] = "dryRun=true" }), 400, "queryParameters"},
		{"body a number", edit("http-check.json", func(ev map[string]any) { ev["body"] = 12 }), 400, "body"},
		{"isBase64Encoded a string", edit("http-check.json", func(ev map[string]any) { ev["isBase64Encoded"] = "yes" }), 400, "isBase64Encoded"},
		{"body of 1 MiB", string(httpEvent("POST", "/check", nil, bearer(), bytes.Repeat([]byte("{"), 1<<20))), 413, "bytes"},
		{"unknown route", string(httpEvent("GET", "/../../etc/passwd", nil, bearer(), nil)), 404, "no route"},
		{"PUT /digest", string(httpEvent("PUT", "/digest", nil, bearer(), nil)), 405, "GET or POST"},
		{"POST /campaigns", string(httpEvent("POST", "/campaigns", nil, bearer(), nil)), 405, "GET"},
		{"GET /healthz's neighbour /healthz/", string(httpEvent("GET", "/healthz/", nil, "", nil)), 404, "no route"},
		{"no token", string(httpEvent("POST", "/check", nil, "", nil)), 401, ""},
		{"another scheme", string(httpEvent("POST", "/check", nil, "Token "+httpToken, nil)), 401, ""},
		{"token with a suffix", string(httpEvent("POST", "/check", nil, bearer()+"x", nil)), 401, ""},
		{"token's prefix", string(httpEvent("POST", "/check", nil, bearer()[:len(bearer())-1], nil)), 401, ""},
		{"empty bearer", string(httpEvent("POST", "/check", nil, "Bearer ", nil)), 401, ""},
		{"token in the query", edit("http-token-in-query.json", func(ev map[string]any) { ev["queryParameters"] = map[string]any{"token": httpToken} }), 401, ""},
		{"dryRun=TRUE", string(httpEvent("POST", "/check", map[string]string{"dryRun": "TRUE"}, bearer(), nil)), 400, "dryRun"},
		{"dryRun empty", string(httpEvent("POST", "/check", map[string]string{"dryRun": ""}, bearer(), nil)), 400, "dryRun"},
		{"dryrun misspelt", string(httpEvent("POST", "/check", map[string]string{"dryrun": "true"}, bearer(), nil)), 400, "dryrun"},
		{"format=CSV", string(httpEvent("GET", "/campaigns", map[string]string{"format": "CSV"}, bearer(), nil)), 400, "format"},
		{"dryRun on GET /digest", string(httpEvent("GET", "/digest", map[string]string{"dryRun": "true"}, bearer(), nil)), 400, "dryRun"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, posts := w.StoreState(), w.Posts()
			a := fc.HTTP([]byte(tc.event))
			if a.StatusCode != tc.status || a.ErrorText() == "" || !strings.Contains(a.ErrorText(), tc.want) {
				t.Errorf("answered %d %.300s; want %d and a JSON error naming %q", a.StatusCode, a.Body, tc.status, tc.want)
			}
			if strings.Contains(a.Body, "spring-sale") {
				t.Errorf("the refusal carries campaign data: %.300s", a.Body)
			}
			w.untouched(before, posts, tc.name)
		})
	}
}

// TestBadAPIPages: a malformed ListMessageCampaign answer on page 2 of
// Brand A fails the run with an error naming the channel and what was
// wrong; nothing is committed or posted.
func TestBadAPIPages(t *testing.T) {
	t.Parallel()
	w := badWorld(t, Options{})
	row := `{"PageId":"239001","CampaignId":"2330010003","CampaignName":"x","Status":"AVAILABLE","Budget":100,"BudgetType":"daily","AdAccountId":"a","CreateTime":1767225600000}`
	answer := func(fields string) string {
		return `{"RequestId":"E2E-1","Code":"OK","Message":"OK","Success":true,"AccessDeniedDetail":""` + fields + `}`
	}
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		want        string
	}{
		{"Total a string", 200, "", answer(`,"Total":"6","Data":[` + row + `]`), "Total"},
		{"Budget a string", 200, "", answer(`,"Total":6,"Data":[` + strings.Replace(row, `"Budget":100`, `"Budget":"100"`, 1) + `]`), "Budget"},
		{"Data an object", 200, "", answer(`,"Total":6,"Data":{"CampaignId":"1"}`), "Data"},
		{"CreateTime a string", 200, "", answer(`,"Total":6,"Data":[` + strings.Replace(row, `"CreateTime":1767225600000`, `"CreateTime":"yesterday"`, 1) + `]`), "CreateTime"},
		{"Total missing", 200, "", answer(`,"Data":[` + row + `]`), "Total is missing"},
		{"Data missing", 200, "", answer(`,"Total":6`), "Data is missing"},
		{"Code missing", 200, "", `{"RequestId":"E2E-1","Success":true,"Total":6,"Data":[]}`, "Code is missing"},
		{"Success missing", 200, "", `{"RequestId":"E2E-1","Code":"OK","Total":6,"Data":[]}`, "Success is missing"},
		{"row without CampaignId", 200, "", answer(`,"Total":6,"Data":[{"PageId":"239001","Budget":1}]`), "CampaignId"},
		{"row without Budget", 200, "", answer(`,"Total":6,"Data":[{"PageId":"239001","CampaignId":"2330010003"}]`), "Budget is missing"},
		{"negative Total", 200, "", answer(`,"Total":-1,"Data":[]`), "Total is -1"},
		{"absurd Total", 200, "", answer(`,"Total":99999999999,"Data":[]`), "Total is"},
		{"Success false", 200, "", `{"RequestId":"E2E-1","Code":"Forbidden.NoPermission","Message":"You are not authorized.","Success":false}`, "Forbidden.NoPermission"},
		{"Success false without a code", 200, "", `{"RequestId":"E2E-1","Success":false,"Message":"nope"}`, "Success:false"},
		{"HTML error page", 502, "text/html", "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>", "502"},
		{"HTML with 200", 200, "text/html", "<!DOCTYPE html><html><body>Login required</body></html>", "not JSON"},
		{"empty body", 200, "", "", "not JSON"},
		{"truncated JSON", 200, "", answer(`,"Total":6,"Data":[` + row + `]`)[:60], "not JSON"},
		{"data after the object", 200, "", answer(`,"Total":6,"Data":[`+row+`]`) + `{"more":1}`, "after the JSON object"},
		{"an array", 200, "", `[` + row + `]`, "JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, posts := w.StoreState(), w.Posts()
			w.CAMS.On(&Rule{Do: Answer, Status: tc.status, ContentType: tc.contentType, Body: tc.body, Match: page(channelA, 2)})
			defer w.CAMS.Clear()
			r := w.Run("check", "--json")
			if r.Code != 1 || r.Report == nil {
				t.Fatalf("exit %d, want 1 with a report\n%s", r.Code, tail(r.Stderr, 2000))
			}
			last := lastLine(r.Stderr)
			if !strings.Contains(last, "Brand A") || !strings.Contains(last, "page 2") || !strings.Contains(last, tc.want) {
				t.Errorf("the reason does not name the channel, the page and %q:\n%s", tc.want, last)
			}
			if len(r.Report.Changes) != 0 {
				t.Errorf("a failed listing reported changes: %+v", r.Report.Changes)
			}
			w.untouched(before, posts, tc.name)
		})
	}
	// The emulator answers well again: the change is found once.
	r := w.Check(0)
	if r.Report.ChangeOf(idSpring) == nil {
		t.Errorf("the good run after the bad pages misses the change: %+v", r.Report.Changes)
	}
	w.WantCounts(idSpring, 1, 1)
}

// TestBadSnapshots: a damaged, truncated, missing or newer-format stored
// object fails the run with an error naming the object; the store is left
// exactly as it was, and nothing is posted.
func TestBadSnapshots(t *testing.T) {
	t.Parallel()
	for _, backend := range []struct {
		name string
		oss  bool
	}{{"file", false}, {"oss", true}} {
		t.Run(backend.name, func(t *testing.T) {
			t.Parallel()
			w := badWorld(t, Options{OSS: backend.oss})
			manifestKey := w.Keys("gen/")[0]
			dataKey := w.Keys("data/")[0]
			for _, tc := range []struct {
				name string
				key  string // the object damaged, and named by the error
				edit func(b []byte) []byte
				want string
			}{
				{"data object with a flipped byte", dataKey, func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }, "checksum"},
				{"data object truncated", dataKey, func(b []byte) []byte { return b[:len(b)*2/3] }, "checksum"},
				{"data object empty", dataKey, func([]byte) []byte { return nil }, "not a campaignwatch snapshot"},
				{"data object of a newer format", dataKey, func(b []byte) []byte { b[4] = 9; return b }, "upgrade campaignwatch"},
				{"data object replaced by JSON", dataKey, func([]byte) []byte { return []byte(`{"campaigns":[]}`) }, "bad magic"},
				{"manifest truncated", manifestKey, func(b []byte) []byte { return b[:len(b)/2] }, "not valid JSON"},
				{"manifest of a newer schema", manifestKey, func(b []byte) []byte {
					return bytes.Replace(b, []byte(`"schema":1`), []byte(`"schema":2`), 1)
				}, "upgrade campaignwatch"},
				{"manifest without a schema", manifestKey, func(b []byte) []byte {
					return bytes.Replace(b, []byte(`"schema":1,`), nil, 1)
				}, "schema"},
				{"manifest of another generation", manifestKey, func(b []byte) []byte {
					return bytes.Replace(b, []byte(`"generation":1,`), []byte(`"generation":7,`), 1)
				}, "generation 7"},
				{"manifest with an unknown field", manifestKey, func(b []byte) []byte {
					return bytes.Replace(b, []byte(`{`), []byte(`{"extra":true,`), 1)
				}, "extra"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					good := w.ReadObject(tc.key)
					w.WriteObject(tc.key, tc.edit(bytes.Clone(good)))
					defer w.WriteObject(tc.key, good)
					w.wantBadStore(tc.key, tc.want)
				})
			}
			t.Run("data object missing", func(t *testing.T) {
				good := w.ReadObject(dataKey)
				w.deleteObject(dataKey)
				defer w.WriteObject(dataKey, good)
				w.wantBadStore(dataKey, "missing")
			})
			t.Run("a stranger in gen/", func(t *testing.T) {
				w.WriteObject("gen/notes.txt", []byte("hello"))
				defer w.deleteObject("gen/notes.txt")
				w.wantBadStore("gen/notes.txt", "did not write it")
			})
			// Repaired, the store works again and the change is found once.
			r := w.Check(0)
			if r.Report.ChangeOf(idSpring) == nil {
				t.Errorf("the run on the repaired store misses the change: %+v", r.Report.Changes)
			}
			w.WantCounts(idSpring, 1, 1)
		})
	}
}

// wantBadStore runs check and digest on a damaged store: exit 1, an error
// naming the object and want, no stored byte changed, nothing posted.
func (w *World) wantBadStore(key, want string) {
	w.t.Helper()
	before, posts := w.StoreState(), w.Posts()
	for _, args := range [][]string{{"check", "--json"}, {"digest", "--json"}} {
		r := w.Run(args...)
		if r.Code != 1 {
			w.t.Fatalf("%s on a damaged store: exit %d, want 1\n%s", args, r.Code, tail(r.Stderr, 2000))
		}
		last := lastLine(r.Stderr)
		if !strings.Contains(last, key) || !strings.Contains(last, want) {
			w.t.Errorf("%s: the reason does not name %s and %q:\n%s", args, key, want, last)
		}
		w.untouched(before, posts, strings.Join(args, " ")+" on a damaged store")
	}
}

func (w *World) deleteObject(key string) {
	w.t.Helper()
	if w.OSS != nil {
		req, _ := http.NewRequest(http.MethodDelete, w.OSS.URL+"/"+bucket+"/watch/"+key, nil)
		req.Header.Set("Authorization", "OSS "+ossAccessKeyID+":x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			w.t.Fatal(err)
		}
		resp.Body.Close()
		return
	}
	if err := removeFile(w.Dir, key); err != nil {
		w.t.Fatal(err)
	}
}
