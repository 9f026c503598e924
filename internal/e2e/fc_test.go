package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestFunctionCompute is issue 5's end-to-end test: the binary serves the
// fake FC runtime API against the CAMS emulator, the OSS fake and both chat
// fakes; timer checks and digests, a malformed event followed by one that
// is still served, and every HTTP route and refusal.
func TestFunctionCompute(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	fc := w.StartFC(0)

	// Health first: it needs no token and no snapshot.
	if a := fc.HTTP(httpFixture(t, "http-healthz.json", nil)); a.StatusCode != 200 || !strings.Contains(a.Body, `"status":"ok"`) {
		t.Fatalf("GET /healthz: %d %s", a.StatusCode, a.Body)
	}
	// Nothing to show before the first check.
	if a := fc.HTTP(httpFixture(t, "http-campaigns.json", nil)); a.StatusCode != http.StatusNotFound || a.ErrorText() == "" {
		t.Errorf("GET /campaigns before any check: %d %s; want 404 with an error", a.StatusCode, a.Body)
	}

	// The timer check against an empty store is the baseline: one note per
	// receiver, no per-campaign alert.
	rep, errMsg := fc.Timer(fixture(t, "timer-check.json"))
	if errMsg != "" {
		t.Fatalf("first timer check failed: %s", errMsg)
	}
	if !rep.Baseline || rep.Campaigns != 12 || len(rep.Changes) != 0 || rep.Generation != 1 {
		t.Fatalf("first timer check: %+v; want a baseline of 12 campaigns, generation 1", rep)
	}
	if w.SlackCount("") != 1 || w.DingCount("") != 1 {
		t.Fatalf("baseline: Slack has %d messages, DingTalk %d; want one note each", w.SlackCount(""), w.DingCount(""))
	}

	// A budget change and a status change reach both receivers once.
	w.BudgetUp()
	w.Edit(chA, idNew, func(c *campaign.Campaign) { c.Status = "PAUSED" })
	rep, errMsg = fc.Timer(fixture(t, "timer-check.json"))
	if errMsg != "" {
		t.Fatalf("second timer check failed: %s", errMsg)
	}
	if c := rep.ChangeOf(idSpring); c == nil || c.Type != "budget_changed" || c.Old != "6200" || c.New != "8000" {
		t.Errorf("report's change of %s: %+v; want budget_changed 6200 -> 8000", idSpring, c)
	}
	if c := rep.ChangeOf(idNew); c == nil || c.Type != "status_changed" || c.Old != "AVAILABLE" || c.New != "PAUSED" {
		t.Errorf("report's change of %s: %+v; want status_changed AVAILABLE -> PAUSED", idNew, c)
	}
	if len(rep.Changes) != 2 {
		t.Errorf("report has %d changes, want 2: %+v", len(rep.Changes), rep.Changes)
	}
	for _, id := range []string{idSpring, idNew} {
		w.WantCounts(id, 1, 1)
	}
	if p := w.Slack.Payloads(); !strings.Contains(string(p[len(p)-1]), "US$62.00 → US$80.00") {
		t.Errorf("Slack's change message does not show the budget as money:\n%s", p[len(p)-1])
	}
	if m := w.Ding.Messages(); !strings.Contains(m[len(m)-1].Markdown.Text, "active → paused") {
		t.Errorf("DingTalk's change message does not show the status change:\n%s", m[len(m)-1].Markdown.Text)
	}

	// The timer digest (a JSON payload {"mode":"digest"} works too).
	slackBefore, dingBefore := w.SlackCount(""), w.DingCount("")
	rep, errMsg = fc.Timer(fixture(t, "timer-digest.json"))
	if errMsg != "" || rep.Mode != "digest" {
		t.Fatalf("timer digest: %+v %s", rep, errMsg)
	}
	if w.SlackCount("") <= slackBefore || w.DingCount("") <= dingBefore {
		t.Errorf("timer digest posted nothing (Slack %d, DingTalk %d messages)", w.SlackCount(""), w.DingCount(""))
	}
	if rep, errMsg = fc.Timer(fixture(t, "timer-json-mode.json")); errMsg != "" || rep.Mode != "digest" {
		t.Errorf(`timer {"mode":"digest"}: %+v %s`, rep, errMsg)
	}

	// A malformed event fails its invocation with a clear error, and the
	// next event is still served.
	for name, want := range map[string]string{
		"malformed-not-json.json":              "JSON",
		"malformed-unknown-event.json":         "Records",
		"malformed-timer-unknown-payload.json": "report",
	} {
		ans, isErr := fc.Invoke(fixture(t, name))
		if !isErr || !strings.Contains(string(ans), want) {
			t.Errorf("%s: answered %s (error %v); want a failed invocation naming %q", name, ans, isErr, want)
		}
		if a := fc.HTTP(httpFixture(t, "http-healthz.json", nil)); a.StatusCode != 200 {
			t.Fatalf("after %s: GET /healthz answered %d; the function stopped serving", name, a.StatusCode)
		}
	}

	// Every route.
	before, posts := w.StoreState(), w.Posts()
	a := fc.HTTP(httpFixture(t, "http-check-dry-run.json", nil))
	if r := decodeReport(t, a); a.StatusCode != 200 || !r.DryRun || len(r.Changes) != 0 {
		t.Errorf("POST /check?dryRun=true: %d %s", a.StatusCode, a.Body)
	}
	w.SameStore(before, "POST /check?dryRun=true")
	if w.Posts() != posts {
		t.Errorf("POST /check?dryRun=true posted %d messages", w.Posts()-posts)
	}

	w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
	a = fc.HTTP(httpFixture(t, "http-check.json", nil))
	if r := decodeReport(t, a); a.StatusCode != 200 || r.DryRun || r.ChangeOf(idFlash) == nil || r.Generation != 3 {
		t.Errorf("POST /check: %d %s; want the status change of %s in generation 3", a.StatusCode, a.Body, idFlash)
	}
	w.WantCounts(idFlash, 1, 1)

	a = fc.HTTP(httpFixture(t, "http-api-invocation.json", nil)) // POST /check through the FC API path
	if r := decodeReport(t, a); a.StatusCode != 200 || len(r.Changes) != 0 {
		t.Errorf("POST /2023-03-30/functions/campaignwatch/invocations/check: %d %s", a.StatusCode, a.Body)
	}

	a = fc.HTTP(httpFixture(t, "http-campaigns.json", nil))
	var cs struct {
		Generation int64            `json:"generation"`
		TakenAt    string           `json:"takenAt"`
		Campaigns  []map[string]any `json:"campaigns"`
	}
	if err := json.Unmarshal([]byte(a.Body), &cs); a.StatusCode != 200 || err != nil || cs.Generation != 3 || len(cs.Campaigns) != 12 || cs.TakenAt == "" {
		t.Errorf("GET /campaigns: %d %.300s", a.StatusCode, a.Body)
	} else {
		for _, f := range []string{"custSpaceId", "pageId", "campaignId", "campaignName", "status", "budget", "budgetType", "adAccountId", "createTime"} {
			if _, ok := cs.Campaigns[0][f]; !ok {
				t.Errorf("GET /campaigns: a campaign lacks %q: %v", f, cs.Campaigns[0])
			}
		}
	}
	a = fc.HTTP(httpFixture(t, "http-campaigns-csv.json", nil))
	if lines := strings.Split(strings.TrimSpace(a.Body), "\n"); a.StatusCode != 200 || len(lines) != 13 ||
		lines[0] != "custSpaceId,pageId,campaignId,campaignName,status,budget (USD),budgetType,adAccountId,createTime (UTC)" ||
		!strings.Contains(a.Body, idSpring+",spring-sale-retargeting,AVAILABLE,80.00,daily") {
		t.Errorf("GET /campaigns?format=csv: %d\n%s", a.StatusCode, a.Body)
	}
	a = fc.HTTP(httpFixture(t, "http-digest-get.json", nil))
	if a.StatusCode != 200 || !json.Valid([]byte(a.Body)) {
		t.Errorf("GET /digest: %d %.300s", a.StatusCode, a.Body)
	}
	a = fc.HTTP(httpFixture(t, "http-digest-markdown.json", nil))
	if a.StatusCode != 200 || !strings.Contains(a.Header("Content-Type"), "markdown") || !strings.Contains(a.Body, "Brand A") {
		t.Errorf("GET /digest?format=markdown: %d %v\n%.500s", a.StatusCode, a.Headers, a.Body)
	}
	a = fc.HTTP(httpFixture(t, "http-digest-post.json", nil))
	if r := decodeReport(t, a); a.StatusCode != 200 || r.Mode != "digest" {
		t.Errorf("POST /digest: %d %.300s", a.StatusCode, a.Body)
	}

	// Every refusal: the status, a JSON error, no data, nothing stored,
	// nothing sent.
	before, posts = w.StoreState(), w.Posts()
	big := make([]byte, 64<<10+1)
	for _, tc := range []struct {
		name   string
		event  []byte
		status int
		want   string
	}{
		{"missing token", httpEvent("GET", "/campaigns", nil, "", nil), 401, ""},
		{"wrong scheme", httpEvent("GET", "/campaigns", nil, "Basic "+httpToken, nil), 401, ""},
		{"wrong token", httpEvent("POST", "/check", nil, "Bearer "+strings.Repeat("x", len(httpToken)), nil), 401, ""},
		{"token in query", httpFixture(t, "http-token-in-query.json", func(ev map[string]any) {
			ev["queryParameters"] = map[string]any{"token": httpToken}
		}), 401, ""},
		{"token in query as access_token", httpEvent("POST", "/digest", map[string]string{"access_token": httpToken}, "", nil), 401, ""},
		{"unknown route", httpEvent("GET", "/admin", nil, bearer(), nil), 404, "/admin"},
		{"wrong method", httpEvent("DELETE", "/check", nil, bearer(), nil), 405, "POST"},
		{"GET /check", httpEvent("GET", "/check", nil, bearer(), nil), 405, "POST"},
		{"body over 64 KiB", httpEvent("POST", "/check", nil, bearer(), big), 413, "65536"},
		{"bad dryRun", httpEvent("POST", "/check", map[string]string{"dryRun": "yes"}, bearer(), nil), 400, "dryRun"},
		{"dryRun given twice", httpFixture(t, "http-multi-valued.json", nil), 400, "dryRun"},
		{"bad format", httpEvent("GET", "/campaigns", map[string]string{"format": "xml"}, bearer(), nil), 400, "format"},
		{"bad digest format", httpEvent("GET", "/digest", map[string]string{"format": "html"}, bearer(), nil), 400, "format"},
		{"bad base64", httpFixture(t, "malformed-http-bad-base64.json", nil), 400, "base64"},
		{"missing requestContext", httpFixture(t, "malformed-http-missing-request-context.json", nil), 400, "requestContext"},
	} {
		a := fc.HTTP(tc.event)
		if a.StatusCode != tc.status || a.ErrorText() == "" || !strings.Contains(a.ErrorText(), tc.want) {
			t.Errorf("%s: answered %d %s; want %d and a JSON error naming %q", tc.name, a.StatusCode, a.Body, tc.status, tc.want)
		}
		if strings.Contains(a.Body, "spring-sale") || strings.Contains(a.Body, idSpring) {
			t.Errorf("%s: the refusal carries campaign data: %s", tc.name, a.Body)
		}
		if tc.status == 405 && !strings.Contains(a.Header("Allow"), "POST") {
			t.Errorf("%s: 405 without Allow: POST", tc.name)
		}
		if tc.status == 401 && a.Header("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tc.name)
		}
	}
	w.SameStore(before, "refused requests")
	if w.Posts() != posts {
		t.Errorf("refused requests posted %d messages", w.Posts()-posts)
	}
}

func decodeReport(t testing.TB, a HTTPAnswer) *Report {
	t.Helper()
	var r Report
	if err := json.Unmarshal([]byte(a.Body), &r); err != nil {
		t.Errorf("answer %d is not a report: %.300s", a.StatusCode, a.Body)
	}
	return &r
}

// TestFunctionComputeRefusesAFileStore: inside Function Compute a file://
// store (here the default, SNAPSHOT_URL unset) fails every invocation with
// a plain sentence naming SNAPSHOT_URL and oss://, before anything is
// listed, posted or written.
func TestFunctionComputeRefusesAFileStore(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	delete(w.Env, "SNAPSHOT_URL")
	fc := w.StartFC(0)
	for range 2 {
		_, errMsg := fc.Timer(fixture(t, "timer-check.json"))
		if !strings.Contains(errMsg, "SNAPSHOT_URL is not set") || !strings.Contains(errMsg, "inside Function Compute snapshots must live in OSS") {
			t.Fatalf("invocation error %q; want it to say that SNAPSHOT_URL must be oss:// here", errMsg)
		}
	}
	if seen := w.CAMS.Seen(); len(seen) != 0 {
		t.Fatalf("the function listed (%d calls) with a store it cannot keep", len(seen))
	}
	if n := w.SlackCount("") + w.DingCount(""); n == 0 {
		t.Fatal("the health receivers were not told that campaignwatch cannot start")
	}
}
