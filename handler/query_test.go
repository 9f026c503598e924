package handler

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// manyParams is name=value followed by more than 10,000 other parameters:
// the count at which url.ParseQuery gives up and returns nothing.
func manyParams(first string) string {
	var b strings.Builder
	b.WriteString(first)
	for i := range 10_001 {
		fmt.Fprintf(&b, "&p%d=1", i)
	}
	return b.String()
}

// malformedQueries are raw query strings that each route must refuse with
// 400 and run nothing for; p is the route's parameter and v a value it
// accepts, so that each query is one slip away from a good one.
func malformedQueries(p, v string) []string {
	return []string{
		p + "=" + v + ";",                           // a stray semicolon
		p + "=" + v + ";x=1",                        // a semicolon separator
		p + "=" + v[:len(v)-1] + "%" + v[len(v)-1:], // a broken escape inside the value
		p + "=" + v + "%",                           // a broken escape at the end
		p + "=" + v + "%2",                          // half an escape
		manyParams(p + "=" + v),                     // more parameters than are read
		p + "=" + v + "&" + p + "=" + v,             // the same value twice
		p + "=" + v + "&" + p + "=other",            // two values
		p + "=" + v + "&x=1",                        // an unknown parameter beside a good one
		p[:len(p)-1] + "=" + v,                      // a misspelt name
		p,                                           // no value
		p + "=",                                     // an empty value
		p + "=" + strings.ToUpper(v),                // another case
		p + "=+" + v,                                // a value with a space
		"%zz=" + v + "&" + p + "=" + v,              // a broken escape in another name
	}
}

// queryRoutes are the routes with the parameter each takes and a value
// of it; healthz takes none, so any parameter is refused.
var queryRoutes = []struct{ method, path, param, value string }{
	{"POST", "/check", "dryRun", "true"},
	{"POST", "/digest", "dryRun", "true"},
	{"GET", "/campaigns", "format", "json"},
	{"GET", "/digest", "format", "markdown"},
	{"GET", "/healthz", "x", "1"},
}

// TestMalformedQueryRunsNothing: over net/http (serve), a query string that
// the route cannot read exactly is answered 400 {"error": ...} and no job
// runs: a typo never runs a real check.
func TestMalformedQueryRunsNothing(t *testing.T) {
	for _, rt := range queryRoutes {
		for _, q := range malformedQueries(rt.param, rt.value) {
			t.Run(rt.method+" "+rt.path+"?"+campaign.Clip(q, 43), func(t *testing.T) {
				jobs := stockedJobs()
				h, _ := newTestHandler(t, jobs, testToken)
				srv := httptest.NewServer(h)
				defer srv.Close()
				status, header, body := sendRaw(t, srv, rt.method, rt.path+"?"+q)
				checkRoute(t, routeCase{status: http.StatusBadRequest, errorOnly: true}, status, header, body)
				if calls := jobs.Calls(); len(calls) != 0 {
					t.Errorf("a refused request ran %q", calls)
				}
			})
		}
	}
}

// TestExactQueriesAreRead: what the strict reading still accepts, over
// net/http: escapes that decode to an accepted value, and empty pairs.
func TestExactQueriesAreRead(t *testing.T) {
	for _, c := range []struct {
		target string
		calls  []string
	}{
		{"/check?dryRun=true", []string{"Check(true)"}},
		{"/check?%64ry%52un=tru%65", []string{"Check(true)"}},
		{"/check?dryRun=true&", []string{"Check(true)"}},
		{"/check?&dryRun=false", []string{"Check(false)"}},
		{"/check?", []string{"Check(false)"}},
		{"/digest?dryRun=true", []string{"SendDigest(true)"}},
	} {
		t.Run(c.target, func(t *testing.T) {
			jobs := stockedJobs()
			h, _ := newTestHandler(t, jobs, testToken)
			srv := httptest.NewServer(h)
			defer srv.Close()
			status, _, body := sendRaw(t, srv, "POST", c.target)
			if status != http.StatusOK {
				t.Errorf("status %d, want 200: %s", status, body)
			}
			if got := jobs.Calls(); !reflect.DeepEqual(got, c.calls) {
				t.Errorf("jobs run: %q, want %q", got, c.calls)
			}
		})
	}
}

// sendRaw sends method target (path and raw query, sent as written) with
// the test token.
func sendRaw(t *testing.T, srv *httptest.Server, method, target string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", bearer)
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

// queryEvent is an FC 3.0 HTTP trigger event with rawPath and the
// queryParameters object written as raw JSON (so that it can repeat a key).
func queryEvent(method, rawPath, params string) []byte {
	path, _, _ := strings.Cut(rawPath, "?")
	return []byte(`{"version":"v1","rawPath":` + mustMarshal(rawPath) + `,"body":"","isBase64Encoded":false,` +
		`"headers":{"Authorization":` + mustMarshal(bearer) + `},"queryParameters":` + params + `,` +
		`"requestContext":{"requestId":"1-test","http":{"method":` + mustMarshal(method) + `,"path":` + mustMarshal(path) + `}}}`)
}

// manyParamsJSON is {"dryRun":"true"} with more than 10,000 other
// parameters.
func manyParamsJSON() string {
	var b strings.Builder
	b.WriteString(`{"dryRun":"true"`)
	for i := range 10_001 {
		fmt.Fprintf(&b, `,"p%d":"1"`, i)
	}
	return b.String() + "}"
}

// TestMalformedQueryEventsRunNothing: the Function Compute path reads the
// query as strictly as serve. The trigger hands over what it parsed as a
// map (a repeated parameter comma-joined), so what serve sees as a broken
// query arrives as an odd value, an extra key, a repeated key or a query
// left in rawPath; each is 400 and runs nothing.
func TestMalformedQueryEventsRunNothing(t *testing.T) {
	for _, c := range []struct {
		name, method, rawPath, params string
	}{
		{"value with a semicolon", "POST", "/check", `{"dryRun":"true;"}`},
		{"value with a semicolon separator", "POST", "/check", `{"dryRun":"true;x=1"}`},
		{"semicolon split by the trigger", "POST", "/check", `{"dryRun":"true","x":"1"}`},
		{"undecoded escape", "POST", "/check", `{"dryRun":"tru%e"}`},
		{"trailing percent", "POST", "/check", `{"dryRun":"true%"}`},
		{"more than 10,000 parameters", "POST", "/check", manyParamsJSON()},
		{"repeated, comma-joined", "POST", "/check", `{"dryRun":"true,true"}`},
		{"two values, comma-joined", "POST", "/check", `{"dryRun":"true,false"}`},
		{"key given twice", "POST", "/check", `{"dryRun":"false","dryRun":"true"}`},
		{"key given twice, same value", "POST", "/check", `{"dryRun":"true","dryRun":"true"}`},
		{"empty value", "POST", "/check", `{"dryRun":""}`},
		{"padded value", "POST", "/check", `{"dryRun":" true"}`},
		{"padded name", "POST", "/check", `{"dryRun ":"true"}`},
		{"value not a string", "POST", "/check", `{"dryRun":true}`},
		{"values as an array", "POST", "/check", `{"dryRun":["true"]}`},
		{"query left in rawPath, malformed", "POST", "/check?dryRun=tru%e", `{}`},
		{"query left in rawPath, with a semicolon", "POST", "/check?dryRun=true;", `{}`},
		{"rawPath and queryParameters disagree", "POST", "/check?dryRun=false", `{"dryRun":"true"}`},
		{"digest: value with a semicolon", "POST", "/digest", `{"dryRun":"true;"}`},
		{"campaigns: value with a semicolon", "GET", "/campaigns", `{"format":"json;"}`},
		{"digest: repeated format", "GET", "/digest", `{"format":"markdown","format":"json"}`},
		{"healthz: a parameter", "GET", "/healthz", `{"x":"1"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			jobs := stockedJobs()
			h, _ := newTestHandler(t, jobs, testToken)
			status, header, body := invokeRaw(t, h, queryEvent(c.method, c.rawPath, c.params))
			checkRoute(t, routeCase{status: http.StatusBadRequest, errorOnly: true}, status, header, body)
			if calls := jobs.Calls(); len(calls) != 0 {
				t.Errorf("a refused event ran %q", calls)
			}
		})
	}
	// What still reads exactly: a query in rawPath alone, or agreeing.
	for _, c := range []struct {
		name, rawPath, params string
	}{
		{"query in rawPath only", "/check?dryRun=true", `{}`},
		{"rawPath and queryParameters agree", "/check?dryRun=true", `{"dryRun":"true"}`},
		{"queryParameters only", "/check", `{"dryRun":"true"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			jobs := stockedJobs()
			h, _ := newTestHandler(t, jobs, testToken)
			status, _, body := invokeRaw(t, h, queryEvent("POST", c.rawPath, c.params))
			if status != http.StatusOK {
				t.Errorf("status %d, want 200: %s", status, body)
			}
			if got := jobs.Calls(); !reflect.DeepEqual(got, []string{"Check(true)"}) {
				t.Errorf("jobs run: %q, want a dry run", got)
			}
		})
	}
}

// invokeRaw invokes event and returns the HTTP answer FC would send.
func invokeRaw(t *testing.T, h *Handler, event []byte) (int, http.Header, []byte) {
	t.Helper()
	out, err := h.Invoke(t.Context(), event)
	if err != nil {
		t.Fatalf("Invoke of an HTTP event returned an error: %v", err)
	}
	raw, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var wire httpResponse
	if err := json.Unmarshal(raw, &wire); err != nil || wire.IsBase64Encoded {
		t.Fatalf("FC response does not round-trip: %s (%v)", raw, err)
	}
	header := http.Header{}
	for k, v := range wire.Headers {
		header.Set(k, v)
	}
	return wire.StatusCode, header, []byte(wire.Body)
}
