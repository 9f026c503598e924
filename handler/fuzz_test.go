package handler

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// FuzzDecodeEvent feeds raw events to DecodeEvent and Invoke: neither may
// panic; a failure is always of kind Invalid; a decoded event is exactly
// one well-formed shape; an HTTP-shaped event is always answered with an
// HTTP response, never an invocation error. Seeds:
// testdata/fuzz/FuzzDecodeEvent (the fixtures of ../testdata/events).
func FuzzDecodeEvent(f *testing.F) {
	// Logs go nowhere: a buffer would grow with every input.
	h, err := New(Options{Jobs: stockedJobs(), Token: testToken, Markdown: testMarkdown, Redact: testRedact,
		Logger: logging.New(io.Discard, logging.Options{Redact: testRedact})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev, err := decodeEvent(raw)
		if err != nil {
			if k := campaign.KindOf(err); k != campaign.Invalid {
				t.Fatalf("kind %q for %q: %v", k, raw, err)
			}
			if ev.Timer != nil || ev.HTTP != nil {
				t.Fatalf("a failed decode returned an event: %+v", ev)
			}
		} else {
			switch ev.Trigger {
			case triggerTimer:
				if ev.Timer == nil || ev.HTTP != nil || (ev.Timer.Mode != campaign.ModeCheck && ev.Timer.Mode != campaign.ModeDigest) {
					t.Fatalf("bad timer event %+v", ev)
				}
			case triggerHTTP:
				if ev.HTTP == nil || ev.Timer != nil || ev.HTTP.Method == "" || !strings.HasPrefix(ev.HTTP.Path, "/") ||
					ev.HTTP.Query == nil || ev.HTTP.Header == nil {
					t.Fatalf("bad HTTP event %+v", ev)
				}
			default:
				t.Fatalf("decoded an event of unknown trigger: %+v", ev)
			}
		}
		out, ierr := h.Invoke(context.Background(), json.RawMessage(raw))
		if ev.Trigger == triggerHTTP {
			resp, ok := out.(httpResponse)
			if ierr != nil || !ok || resp.StatusCode < 200 || resp.StatusCode > 599 {
				t.Fatalf("HTTP event answered %#v, %v", out, ierr)
			}
			if err != nil && resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("malformed HTTP event answered %d", resp.StatusCode)
			}
		} else if (err != nil) != (ierr != nil) {
			t.Fatalf("decode error %v but invoke error %v", err, ierr)
		}
	})
}

// FuzzReadQuery holds readQuery to an independent reading of a raw query:
// it accepts a query only when every non-empty &-separated pair has no
// semicolon and unescapes, name and value, without error; what it returns
// is exactly those pairs (repeated names comma-joined); and POST /check
// takes the result only as no parameter or one dryRun of true or false.
// Seeds: testdata/fuzz/FuzzReadQuery.
func FuzzReadQuery(f *testing.F) {
	check := endpoint{params: map[string][]string{"dryRun": dryRunValues}}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := readQuery(raw)
		want := map[string]string{}
		var wantErr bool
		segs := strings.Split(raw, "&")
		if len(segs) > maxQueryParams {
			wantErr = true
		}
		for _, seg := range segs {
			if seg == "" || wantErr {
				continue
			}
			if strings.Contains(seg, ";") {
				wantErr = true
				break
			}
			k, v, _ := strings.Cut(seg, "=")
			dk, err1 := url.QueryUnescape(k)
			dv, err2 := url.QueryUnescape(v)
			if err1 != nil || err2 != nil {
				wantErr = true
				break
			}
			if old, ok := want[dk]; ok {
				dv = old + "," + dv
			}
			want[dk] = dv
		}
		if wantErr != (err != nil) {
			t.Fatalf("readQuery(%q) error %v; the pairs say error=%v", raw, err, wantErr)
		}
		if err != nil {
			if k := campaign.KindOf(err); k != campaign.Invalid {
				t.Fatalf("kind %q: %v", k, err)
			}
			return
		}
		if !maps.Equal(got, want) {
			t.Fatalf("readQuery(%q) = %q, want %q", raw, got, want)
		}
		if check.checkParams(&request{Method: "POST", Path: "/check", Query: got}) == "" {
			if v, ok := got["dryRun"]; len(got) > 1 || ok && v != "true" && v != "false" {
				t.Fatalf("POST /check took %q", got)
			}
		}
	})
}
