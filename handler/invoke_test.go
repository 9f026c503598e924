package handler

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aliyun/fc-runtime-go-sdk/fccontext"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/fcruntime/fctest"
)

func TestInvokeTimer(t *testing.T) {
	cases := []struct {
		name  string
		event string
		jobs  func(*fakeJobs)
		// want is the invocation's result when it succeeds.
		want     *campaign.Report
		wantErr  []string
		wantKind campaign.Kind
		calls    []string
	}{
		{name: "check", event: fixture("timer-check.json"),
			want: sampleReport("check", false), calls: []string{"Check(false)"}},
		{name: "empty payload checks", event: fixture("timer-empty-payload.json"),
			want: sampleReport("check", false), calls: []string{"Check(false)"}},
		{name: "digest", event: fixture("timer-digest.json"),
			want: sampleReport("digest", false), calls: []string{"SendDigest(false)"}},
		{name: "JSON mode", event: fixture("timer-json-mode.json"),
			want: sampleReport("digest", false), calls: []string{"SendDigest(false)"}},
		{name: "unknown payload runs nothing", event: fixture("malformed-timer-unknown-payload.json"),
			wantErr: []string{`timer payload "report" is not a job`}, wantKind: campaign.Invalid},
		{name: "event not JSON", event: fixture("malformed-not-json.json"),
			wantErr: []string{"event is not a JSON object"}, wantKind: campaign.Invalid},
		{name: "event of another trigger", event: fixture("malformed-unknown-event.json"),
			wantErr: []string{"none of the fields of a known trigger"}, wantKind: campaign.Invalid},
		{name: "receiver not reached fails the invocation", event: fixture("timer-check.json"),
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) { return failedReport(), nil }
			},
			wantErr:  []string{"check: receiver slack#2 could not be reached: post [redacted]: connection refused", "retry of this invocation"},
			wantKind: campaign.Unavailable, calls: []string{"Check(false)"}},
		{name: "digest receiver not reached", event: fixture("timer-digest.json"),
			jobs: func(f *fakeJobs) {
				f.sendDigest = func(context.Context, bool) (*campaign.Report, error) { return failedReport(), nil }
			},
			wantErr: []string{"digest: receiver slack#2 could not be reached"}, wantKind: campaign.Unavailable, calls: []string{"SendDigest(false)"}},
		{name: "failed run keeps its kind", event: fixture("timer-check.json"),
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) {
					return sampleReport("check", false), campaign.Errorf(campaign.Unavailable, "listing cams-a1:239001 failed: Throttling.User")
				}
			},
			wantErr: []string{"check failed: listing cams-a1:239001 failed: Throttling.User"}, wantKind: campaign.Unavailable, calls: []string{"Check(false)"}},
		{name: "failed run is redacted", event: fixture("timer-check.json"),
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) { return nil, errors.New("dial " + testSecret) }
			},
			wantErr: []string{"check failed: dial [redacted]"}, wantKind: campaign.Internal, calls: []string{"Check(false)"}},
		{name: "panicking run", event: fixture("timer-check.json"),
			jobs: func(f *fakeJobs) {
				f.check = func(context.Context, bool) (*campaign.Report, error) { panic("index out of range " + testSecret) }
			},
			wantErr: []string{"check failed: internal error"}, wantKind: campaign.Internal, calls: []string{"Check(false)"}},
		{name: "run without report", event: fixture("timer-check.json"),
			jobs:    func(f *fakeJobs) { f.check = func(context.Context, bool) (*campaign.Report, error) { return nil, nil } },
			wantErr: []string{"returned no report"}, wantKind: campaign.Internal, calls: []string{"Check(false)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			jobs := stockedJobs()
			if c.jobs != nil {
				c.jobs(jobs)
			}
			h, logs := newTestHandler(t, jobs, testToken)
			got, err := h.Invoke(context.Background(), json.RawMessage(c.event))
			if c.wantErr != nil {
				if err == nil {
					t.Fatalf("invocation succeeded with %+v", got)
				}
				for _, s := range c.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "index out of range") {
					t.Errorf("error leaks: %q", err)
				}
				if k := campaign.KindOf(err); k != c.wantKind {
					t.Errorf("kind %q, want %q", k, c.wantKind)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, c.want) {
					t.Errorf("result %+v, want %+v", got, c.want)
				}
			}
			if calls := jobs.Calls(); !reflect.DeepEqual(calls, c.calls) {
				t.Errorf("jobs run %q, want %q", calls, c.calls)
			}
			if strings.Contains(logs.String(), "s3cr3t") {
				t.Errorf("secret logged:\n%s", logs)
			}
		})
	}
}

// TestInvokeHTTPFixtures answers every HTTP trigger fixture as FC would
// see it.
func TestInvokeHTTPFixtures(t *testing.T) {
	cases := []struct {
		file   string
		status int
		body   string
		calls  []string
	}{
		{"http-healthz.json", 200, `"status":"ok"`, nil},
		{"http-check.json", 200, `"mode":"check","dryRun":false`, []string{"Check(false)"}},
		{"http-check-dry-run.json", 200, `"mode":"check","dryRun":true`, []string{"Check(true)"}},
		{"http-campaigns.json", 200, `"campaignName":"spring-sale"`, []string{"Latest"}},
		{"http-campaigns-csv.json", 200, "custSpaceId,pageId,campaignId", []string{"Latest"}},
		{"http-digest-get.json", 200, `"date":"2024-05-20"`, []string{"PreviewDigest"}},
		{"http-digest-markdown.json", 200, "# Budget digest 2024-05-20", []string{"PreviewDigest"}},
		{"http-digest-post.json", 200, `"mode":"digest","dryRun":false`, []string{"SendDigest(false)"}},
		{"http-api-invocation.json", 200, `"dryRun":true`, []string{"Check(true)"}},
		{"http-base64-body.json", 200, `"mode":"check"`, []string{"Check(false)"}},
		{"http-token-in-query.json", 401, `"error":"credentials in the query string are refused`, nil},
		{"http-multi-valued.json", 400, `dryRun is given more than once (\"true,false\")`, nil},
		{"malformed-http-bad-base64.json", 400, `"error":"HTTP trigger event: body is marked isBase64Encoded but is not valid base64`, nil},
		{"malformed-http-missing-request-context.json", 400, `"error":"HTTP trigger event: requestContext is missing`, nil},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			jobs := stockedJobs()
			h, _ := newTestHandler(t, jobs, testToken)
			out, err := h.Invoke(context.Background(), json.RawMessage(fixture(c.file)))
			if err != nil {
				t.Fatalf("an HTTP event must be answered, not failed: %v", err)
			}
			resp := out.(httpResponse)
			if resp.StatusCode != c.status || !strings.Contains(resp.Body, c.body) {
				t.Errorf("answered %d %s; want %d containing %s", resp.StatusCode, resp.Body, c.status, c.body)
			}
			if calls := jobs.Calls(); !reflect.DeepEqual(calls, c.calls) {
				t.Errorf("jobs run %q, want %q", calls, c.calls)
			}
		})
	}
}

func TestInvokeRequestID(t *testing.T) {
	cases := []struct {
		name  string
		fcID  string
		event string
		want  string
	}{
		{"FC request id", "fc-req-42", fixture("http-check.json"), "fc-req-42"},
		{"FC request id for a timer", "fc-req-43", fixture("timer-check.json"), "fc-req-43"},
		{"HTTP event's id without an FC context", "", fixture("http-check.json"), "1-6649a1b0-1a2b3c02"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			jobs := stockedJobs()
			h, logs := newTestHandler(t, jobs, testToken)
			ctx := context.Background()
			if c.fcID != "" {
				ctx = fccontext.NewContext(ctx, &fccontext.FcContext{RequestID: c.fcID})
			}
			if _, err := h.Invoke(ctx, json.RawMessage(c.event)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(jobs.requestIDs, []string{c.want}) {
				t.Errorf("the job saw request ids %q, want %q", jobs.requestIDs, c.want)
			}
			if !strings.Contains(logs.String(), "requestId="+c.want) {
				t.Errorf("log lacks requestId=%s:\n%s", c.want, logs)
			}
		})
	}
}

func TestServeLogsOneLinePerRequest(t *testing.T) {
	h, logs := newTestHandler(t, stockedJobs(), testToken)
	resp := h.Serve(context.Background(), &request{Method: "GET", Path: "/healthz", Header: map[string][]string{}})
	if resp.Status != 200 {
		t.Fatalf("status %d", resp.Status)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one log line, got:\n%s", logs)
	}
	for _, s := range []string{"msg=request", "method=GET", "path=/healthz", "status=200", "duration="} {
		if !strings.Contains(lines[0], s) {
			t.Errorf("log line lacks %q: %s", s, lines[0])
		}
	}
}

func TestPanicIsLoggedWithStack(t *testing.T) {
	jobs := stockedJobs()
	jobs.latest = func(context.Context) (*campaign.Snapshot, error) { panic("boom") }
	h, logs := newTestHandler(t, jobs, testToken)
	req := &request{Method: "GET", Path: "/campaigns", Header: map[string][]string{"Authorization": {bearer}}}
	if resp := h.Serve(context.Background(), req); resp.Status != 500 || string(resp.Body) != `{"error":"internal error"}`+"\n" {
		t.Errorf("answered %d %s", resp.Status, resp.Body)
	}
	if s := logs.String(); !strings.Contains(s, "panic=boom") || !strings.Contains(s, "routes.go") {
		t.Errorf("panic not logged with its stack:\n%s", s)
	}
}

func TestNewRefusesMissingParts(t *testing.T) {
	cases := []struct {
		name string
		opt  Options
		want string
	}{
		{"no jobs", Options{Markdown: testMarkdown}, "Options.Jobs is nil"},
		{"no markdown", Options{Jobs: stockedJobs()}, "Options.Markdown is nil"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := New(c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestThroughFCRuntime runs Invoke under the real SDK loop against the fake
// runtime API: what Function Compute receives is a JSON HTTP response (not
// base64), a report, or a posted error. The SDK loop never returns, so the
// fake stays open until the test binary exits.
func TestThroughFCRuntime(t *testing.T) {
	jobs := stockedJobs()
	jobs.sendDigest = func(context.Context, bool) (*campaign.Report, error) { return failedReport(), nil }
	h, _ := newTestHandler(t, jobs, testToken)
	rt := fctest.New()
	t.Setenv("FC_RUNTIME_API", rt.Addr())
	go fc.Start(h.Invoke)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cases := []struct {
		name    string
		event   string
		isError bool
		want    []string
	}{
		{"healthz", fixture("http-healthz.json"), false, []string{`"statusCode":200`, `"isBase64Encoded":false`, `"body":"{\"status\":\"ok\"}\n"`}},
		{"refused HTTP request", fixture("http-token-in-query.json"), false, []string{`"statusCode":401`}},
		{"timer check", fixture("timer-check.json"), false, []string{`"mode":"check"`, `"notifications":[{"receiver":"slack","messages":1,"error":""}]`}},
		{"timer digest whose receiver failed", fixture("timer-digest.json"), true, []string{`"errorMessage":"digest: receiver slack#2 could not be reached: post [redacted]`}},
		{"unknown payload", fixture("malformed-timer-unknown-payload.json"), true, []string{`"errorMessage":"timer payload \"report\" is not a job`}},
		{"not JSON", fixture("malformed-not-json.json"), true, []string{`"errorMessage"`}},
		{"served after errors", fixture("http-healthz.json"), false, []string{`"statusCode":200`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			result, isError, err := rt.Invoke(ctx, []byte(c.event))
			if err != nil {
				t.Fatal(err)
			}
			if isError != c.isError {
				t.Errorf("isError %v, want %v: %s", isError, c.isError, result)
			}
			for _, s := range c.want {
				if !strings.Contains(string(result), s) {
					t.Errorf("answer lacks %s:\n%s", s, result)
				}
			}
			if strings.Contains(string(result), "s3cr3t") {
				t.Errorf("answer leaks the secret: %s", result)
			}
		})
	}
}

func TestMisconfiguredAnswersHTTPWith503AndFailsTimers(t *testing.T) {
	inv := Misconfigured(errors.New("CAMS_CHANNELS is not set; secret-value"), func(s string) string {
		return strings.ReplaceAll(s, "secret-value", "[REDACTED]")
	})
	res, err := inv(context.Background(), []byte(`{"version":"v1","rawPath":"/healthz","headers":{},"queryParameters":{},"body":"","isBase64Encoded":false,"requestContext":{"requestId":"r","http":{"method":"GET","path":"/healthz"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp := res.(httpResponse)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(resp.Body, `"error"`) || strings.Contains(resp.Body, "CAMS_CHANNELS") {
		t.Fatalf("HTTP answer = %+v", resp)
	}
	_, err = inv(context.Background(), []byte(`{"triggerTime":"2026-11-26T09:00:00Z","triggerName":"t","payload":"check"}`))
	if err == nil || !strings.Contains(err.Error(), "CAMS_CHANNELS") || strings.Contains(err.Error(), "secret-value") {
		t.Fatalf("timer error = %v", err)
	}
}

func TestInvokeExplainsAnEventThatIsNotJSON(t *testing.T) {
	h, _ := newTestHandler(t, &fakeJobs{}, "")
	_, err := h.Invoke(context.Background(), []byte("hello"))
	if campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "not a JSON object") {
		t.Fatalf("err = %v", err)
	}
}
