package handler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// routeCase is one request and what its sender must see.
type routeCase struct {
	name string
	// token is the configured HTTP_AUTH_TOKEN; nil means testToken.
	token  *string
	method string
	path   string
	query  map[string]string
	// auth is the Authorization header; "" sends none.
	auth string
	body string
	// jobs adjusts stockedJobs for the case.
	jobs func(*fakeJobs)

	status int
	// wantJSON, when set, must equal the decoded JSON body.
	wantJSON any
	// wantText, when set, must equal the body.
	wantText string
	// errorOnly: the body is exactly {"error": "..."} and nothing else.
	errorOnly    bool
	wantContains []string
	wantAbsent   []string
	wantHeader   map[string]string
	// calls are the jobs the request must have run, in order.
	calls []string
}

const bearer = "Bearer " + testToken

func ptr[T any](v T) *T { return &v }

func toJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func routeCases(t *testing.T) []routeCase {
	snap := sampleSnapshot()
	return []routeCase{
		{name: "healthz needs no token", method: "GET", path: "/healthz",
			status: 200, wantJSON: map[string]any{"status": "ok"}, calls: nil},
		{name: "healthz with an empty configured token", token: ptr(""), method: "GET", path: "/healthz",
			status: 200, wantJSON: map[string]any{"status": "ok"}},
		{name: "healthz wrong method", method: "POST", path: "/healthz",
			status: 405, errorOnly: true, wantHeader: map[string]string{"Allow": "GET"}},

		// Refusals of the protected routes: 401 and no data, no job run.
		{name: "check without Authorization", method: "POST", path: "/check",
			status: 401, errorOnly: true, wantContains: []string{"missing Authorization header"}, wantHeader: map[string]string{"WWW-Authenticate": `Bearer realm="campaignwatch"`}},
		{name: "check with the Basic scheme", method: "POST", path: "/check", auth: "Basic dGVzdC10b2tlbjo=",
			status: 401, errorOnly: true, wantContains: []string{"Bearer scheme"}},
		{name: "check with the bare token", method: "POST", path: "/check", auth: testToken,
			status: 401, errorOnly: true, wantContains: []string{"Bearer scheme"}},
		{name: "check with a wrong token", method: "POST", path: "/check", auth: "Bearer test-tokem",
			status: 401, errorOnly: true, wantContains: []string{"wrong bearer token"}, wantAbsent: []string{testToken}},
		{name: "check with a longer token", method: "POST", path: "/check", auth: bearer + "x",
			status: 401, errorOnly: true},
		{name: "check with an empty bearer token", method: "POST", path: "/check", auth: "Bearer ",
			status: 401, errorOnly: true},
		{name: "campaigns with the token in the query only", method: "GET", path: "/campaigns", query: map[string]string{"token": testToken},
			status: 401, errorOnly: true, wantContains: []string{"query string"}, wantAbsent: []string{"spring-sale"}},
		{name: "campaigns with the token in the query and a good header", method: "GET", path: "/campaigns",
			query: map[string]string{"access_token": testToken}, auth: bearer,
			status: 401, errorOnly: true, wantAbsent: []string{"spring-sale"}},
		{name: "empty configured token refuses even an empty bearer", token: ptr(""), method: "POST", path: "/check", auth: "Bearer ",
			status: 401, errorOnly: true, wantContains: []string{"configures no bearer token"}},
		{name: "empty configured token refuses campaigns", token: ptr(""), method: "GET", path: "/campaigns", auth: bearer,
			status: 401, errorOnly: true},
		{name: "digest without a token", method: "GET", path: "/digest",
			status: 401, errorOnly: true},
		{name: "post digest without a token", method: "POST", path: "/digest",
			status: 401, errorOnly: true},

		// Routing.
		{name: "unknown route", method: "GET", path: "/nope", auth: bearer,
			status: 404, errorOnly: true, wantContains: []string{"no route GET /nope"}},
		{name: "trailing slash is another route", method: "POST", path: "/check/", auth: bearer,
			status: 404, errorOnly: true},
		{name: "check answers POST only", method: "GET", path: "/check", auth: bearer,
			status: 405, errorOnly: true, wantHeader: map[string]string{"Allow": "POST"}},
		{name: "digest answers GET and POST", method: "PUT", path: "/digest", auth: bearer,
			status: 405, errorOnly: true, wantHeader: map[string]string{"Allow": "GET, POST"}},
		{name: "body over 64 KiB", method: "POST", path: "/check", auth: bearer, body: strings.Repeat("x", maxBodyBytes+1),
			status: 413, errorOnly: true},
		{name: "body of exactly 64 KiB", method: "POST", path: "/check", auth: bearer, body: strings.Repeat("x", maxBodyBytes),
			status: 200, wantJSON: toJSON(t, sampleReport("check", false)), calls: []string{"Check(false)"}},

		// POST /check.
		{name: "check", method: "POST", path: "/check", auth: bearer,
			status: 200, wantJSON: toJSON(t, sampleReport("check", false)), wantHeader: map[string]string{"Content-Type": "application/json"},
			calls: []string{"Check(false)"}},
		{name: "check accepts a lower-case scheme", method: "POST", path: "/check", auth: "bearer " + testToken,
			status: 200, calls: []string{"Check(false)"}},
		{name: "check dry run", method: "POST", path: "/check", query: map[string]string{"dryRun": "true"}, auth: bearer,
			status: 200, wantJSON: toJSON(t, sampleReport("check", true)), calls: []string{"Check(true)"}},
		{name: "check dryRun=false", method: "POST", path: "/check", query: map[string]string{"dryRun": "false"}, auth: bearer,
			status: 200, calls: []string{"Check(false)"}},
		{name: "check dryRun=yes", method: "POST", path: "/check", query: map[string]string{"dryRun": "yes"}, auth: bearer,
			status: 400, errorOnly: true, wantContains: []string{`dryRun=\"yes\"`, "true, false"}},
		{name: "check dryRun given twice", method: "POST", path: "/check", query: map[string]string{"dryRun": "true,false"}, auth: bearer,
			status: 400, errorOnly: true},
		{name: "check with a misspelt dryrun runs nothing", method: "POST", path: "/check", query: map[string]string{"dryrun": "true"}, auth: bearer,
			status: 400, errorOnly: true, wantContains: []string{`unknown query parameter \"dryrun\"`}},
		{name: "check whose receiver could not be reached", method: "POST", path: "/check", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) { return failedReport(), nil }
			},
			status: 502, wantContains: []string{`"receiver":"slack#2"`, `"error":"post [redacted]: connection refused"`, `"mode":"check"`},
			wantAbsent: []string{"s3cr3t"}, calls: []string{"Check(false)"}},
		{name: "check that failed after listing answers the report too", method: "POST", path: "/check", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) {
					return sampleReport("check", false), campaign.Errorf(campaign.Unavailable, "listing cams-a1:239001 failed: Throttling.User; the next run retries")
				}
			},
			status: 503, wantContains: []string{`"error":"listing cams-a1:239001 failed: Throttling.User; the next run retries"`, `"report":{"mode":"check"`},
			calls: []string{"Check(false)"}},
		{name: "check superseded by another run", method: "POST", path: "/check", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) {
					return nil, campaign.Wrap(campaign.Conflict, campaign.ErrConflict, "commit generation 8")
				}
			},
			calls: []string{"Check(false)"}, status: 409, errorOnly: true, wantContains: []string{"another run committed first"}},
		{name: "check with bad configuration", method: "POST", path: "/check", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) {
					return nil, campaign.Errorf(campaign.Invalid, "snapshot g0000007.json: not JSON")
				}
			},
			calls: []string{"Check(false)"}, status: 400, errorOnly: true},
		{name: "error without a kind is internal, and redacted", method: "POST", path: "/check", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) {
					return nil, errors.New("dial " + testSecret + ": refused")
				}
			},
			calls: []string{"Check(false)"}, status: 500, errorOnly: true, wantContains: []string{"[redacted]"}, wantAbsent: []string{"s3cr3t"}},
		{name: "panic in a job is a bare 500", method: "POST", path: "/check", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) { panic("nil map in store " + testSecret) }
			},
			calls: []string{"Check(false)"}, status: 500, wantJSON: map[string]any{"error": "internal error"}},

		// GET /campaigns.
		{name: "campaigns", method: "GET", path: "/campaigns", auth: bearer,
			status: 200, wantJSON: map[string]any{"generation": 7.0, "takenAt": "2024-05-20T01:00:00Z", "campaigns": toJSON(t, snap.Campaigns)},
			calls: []string{"Latest"}},
		{name: "campaigns format=json", method: "GET", path: "/campaigns", query: map[string]string{"format": "json"}, auth: bearer,
			calls: []string{"Latest"}, status: 200, wantContains: []string{`"generation":7`}},
		{name: "campaigns as CSV", method: "GET", path: "/campaigns", query: map[string]string{"format": "csv"}, auth: bearer,
			calls: []string{"Latest"}, status: 200, wantHeader: map[string]string{"Content-Type": "text/csv; charset=utf-8"},
			wantText: "custSpaceId,pageId,campaignId,campaignName,status,budget (USD),budgetType,adAccountId,createTime (UTC)\n" +
				"cams-a1,239001,233001,spring-sale,AVAILABLE,62.00,daily,act_1,2024-05-18T02:40:00Z\n" +
				`cams-a1,239001,233002,"summer, ""big"" sale",PAUSED,1500.00,lifetime,act_1,2024-05-18T02:40:01Z` + "\n"},
		{name: "campaigns of an empty snapshot", method: "GET", path: "/campaigns", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.latest = func(context.Context) (*campaign.Snapshot, error) {
					return &campaign.Snapshot{Generation: 1, TakenAt: takenAt}, nil
				}
			},
			calls: []string{"Latest"}, status: 200, wantJSON: map[string]any{"generation": 1.0, "takenAt": "2024-05-20T01:00:00Z", "campaigns": []any{}}},
		{name: "campaigns before any snapshot", method: "GET", path: "/campaigns", auth: bearer,
			jobs:  func(f *fakeJobs) { f.latest = func(context.Context) (*campaign.Snapshot, error) { return nil, nil } },
			calls: []string{"Latest"}, status: 404, errorOnly: true, wantContains: []string{"no snapshot has been committed yet"}},
		{name: "campaigns when the store is down", method: "GET", path: "/campaigns", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.latest = func(context.Context) (*campaign.Snapshot, error) {
					return nil, campaign.Errorf(campaign.Unavailable, "OSS answered 503; try again")
				}
			},
			calls: []string{"Latest"}, status: 503, errorOnly: true},
		{name: "campaigns format=xml", method: "GET", path: "/campaigns", query: map[string]string{"format": "xml"}, auth: bearer,
			status: 400, errorOnly: true, wantContains: []string{"json, csv"}},

		// GET and POST /digest.
		{name: "digest preview", method: "GET", path: "/digest", auth: bearer,
			status: 200, wantJSON: toJSON(t, sampleDigest()), calls: []string{"PreviewDigest"}},
		{name: "digest as markdown", method: "GET", path: "/digest", query: map[string]string{"format": "markdown"}, auth: bearer,
			calls: []string{"PreviewDigest"}, status: 200, wantText: "# Budget digest 2024-05-20\n\n2 campaigns\n",
			wantHeader: map[string]string{"Content-Type": "text/markdown; charset=utf-8"}},
		{name: "digest format=json", method: "GET", path: "/digest", query: map[string]string{"format": "json"}, auth: bearer,
			calls: []string{"PreviewDigest"}, status: 200, wantJSON: toJSON(t, sampleDigest())},
		{name: "digest format=html", method: "GET", path: "/digest", query: map[string]string{"format": "html"}, auth: bearer,
			status: 400, errorOnly: true},
		{name: "digest before any snapshot", method: "GET", path: "/digest", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.previewDigest = func(context.Context) (*campaign.Digest, error) {
					return nil, campaign.Errorf(campaign.NotFound, "no snapshot yet")
				}
			},
			calls: []string{"PreviewDigest"}, status: 404, errorOnly: true},
		{name: "send digest", method: "POST", path: "/digest", auth: bearer,
			status: 200, wantJSON: toJSON(t, sampleReport("digest", false)), calls: []string{"SendDigest(false)"}},
		{name: "send digest dry run", method: "POST", path: "/digest", query: map[string]string{"dryRun": "true"}, auth: bearer,
			status: 200, calls: []string{"SendDigest(true)"}},
		{name: "send digest dryRun=1", method: "POST", path: "/digest", query: map[string]string{"dryRun": "1"}, auth: bearer,
			status: 400, errorOnly: true},
		{name: "send digest whose receiver failed", method: "POST", path: "/digest", auth: bearer,
			jobs: func(f *fakeJobs) {
				f.sendDigest = func(context.Context, bool) (*campaign.Report, error) { return failedReport(), nil }
			},
			calls: []string{"SendDigest(false)"}, status: 502, wantAbsent: []string{"s3cr3t"}, wantContains: []string{`"receiver":"slack#2"`}},
	}
}

// transport sends a routeCase to a handler one way and returns what the
// client sees.
type transport func(t *testing.T, h *Handler, c routeCase) (status int, header http.Header, body []byte)

func viaServe(_ *testing.T, h *Handler, c routeCase) (int, http.Header, []byte) {
	req := &request{Method: c.method, Path: c.path, Query: c.query, Header: http.Header{}, Body: []byte(c.body)}
	if req.Query == nil {
		req.Query = map[string]string{}
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp := h.Serve(context.Background(), req)
	return resp.Status, resp.Header, resp.Body
}

func viaInvoke(t *testing.T, h *Handler, c routeCase) (int, http.Header, []byte) {
	headers := map[string]string{"User-Agent": "curl/8.5.0"}
	if c.auth != "" {
		headers["authorization"] = c.auth // FC may deliver any case
	}
	query := c.query
	if query == nil {
		query = map[string]string{}
	}
	event, err := json.Marshal(map[string]any{
		"version": "v1", "rawPath": c.path, "body": c.body, "isBase64Encoded": false,
		"headers": headers, "queryParameters": query,
		"requestContext": map[string]any{"requestId": "1-test", "http": map[string]any{"method": c.method, "path": c.path}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.Invoke(context.Background(), event)
	if err != nil {
		t.Fatalf("Invoke of an HTTP event returned an error: %v", err)
	}
	resp, ok := out.(httpResponse)
	if !ok {
		t.Fatalf("Invoke returned %T, want HTTPResponse", out)
	}
	// What FC sends on: the JSON of the result.
	raw, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var wire struct {
		StatusCode      int               `json:"statusCode"`
		Headers         map[string]string `json:"headers"`
		IsBase64Encoded bool              `json:"isBase64Encoded"`
		Body            string            `json:"body"`
	}
	if err := json.Unmarshal(raw, &wire); err != nil || wire.IsBase64Encoded || wire.StatusCode != resp.StatusCode {
		t.Fatalf("FC response does not round-trip: %s (%v)", raw, err)
	}
	header := http.Header{}
	for k, v := range wire.Headers {
		header.Set(k, v)
	}
	return wire.StatusCode, header, []byte(wire.Body)
}

func viaHTTP(t *testing.T, h *Handler, c routeCase) (int, http.Header, []byte) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	q := url.Values{}
	for k, v := range c.query {
		q.Set(k, v)
	}
	u := srv.URL + c.path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(c.method, u, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

func TestRoutes(t *testing.T) {
	transports := []struct {
		name string
		send transport
	}{{"serve", viaServe}, {"fc-http-trigger", viaInvoke}, {"net-http", viaHTTP}}
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			for _, c := range routeCases(t) {
				t.Run(c.name, func(t *testing.T) {
					jobs := stockedJobs()
					if c.jobs != nil {
						c.jobs(jobs)
					}
					token := testToken
					if c.token != nil {
						token = *c.token
					}
					h, logs := newTestHandler(t, jobs, token)
					status, header, body := tr.send(t, h, c)
					checkRoute(t, c, status, header, body)
					if got := jobs.Calls(); !reflect.DeepEqual(got, c.calls) {
						t.Errorf("jobs run: %q, want %q", got, c.calls)
					}
					if strings.Contains(logs.String(), "s3cr3t") {
						t.Errorf("the secret reached the log:\n%s", logs)
					}
				})
			}
		})
	}
}

func checkRoute(t *testing.T, c routeCase, status int, header http.Header, body []byte) {
	t.Helper()
	if status != c.status {
		t.Errorf("status %d, want %d; body: %s", status, c.status, body)
	}
	for k, want := range c.wantHeader {
		if got := header.Get(k); got != want {
			t.Errorf("header %s: %q, want %q", k, got, want)
		}
	}
	if c.wantText != "" && string(body) != c.wantText {
		t.Errorf("body:\n%s\nwant:\n%s", body, c.wantText)
	}
	if c.wantJSON != nil {
		var got any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("body is not JSON: %v\n%s", err, body)
		}
		if !reflect.DeepEqual(got, c.wantJSON) {
			t.Errorf("body:\n%s\nwant:\n%s", body, mustMarshal(c.wantJSON))
		}
	}
	if c.errorOnly || status >= 400 && c.wantJSON == nil && c.status != 502 && c.status != 503 {
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("error body is not JSON: %v\n%s", err, body)
		}
		if msg, ok := got["error"].(string); !ok || msg == "" || (c.errorOnly && len(got) != 1) {
			t.Errorf(`error body %s, want exactly {"error": "<reason>"}`, body)
		}
		if ct := header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("error Content-Type %q, want application/json", ct)
		}
	}
	for _, s := range c.wantContains {
		if !bytes.Contains(body, []byte(s)) {
			t.Errorf("body lacks %q:\n%s", s, body)
		}
	}
	for _, s := range c.wantAbsent {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("body contains %q:\n%s", s, body)
		}
	}
}

func mustMarshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestCampaignsCSVCellsAreNeverFormulas(t *testing.T) {
	got := string(campaignsCSV([]campaign.Campaign{{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "1",
		CampaignName: "=HYPERLINK(\"http://evil\")", Status: "AVAILABLE", Budget: -5, BudgetType: "daily"}}))
	if !strings.Contains(got, `"'=HYPERLINK(""http://evil"")"`) || !strings.Contains(got, ",-0.05,") {
		t.Fatalf("csv = %s", got)
	}
}
