package handler

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
)

// TestSilenceRoutes drives GET/POST /silences and DELETE /silences/{id}
// over HTTP against a file store: 201 and the silence, 400 naming the
// field, 204 on expiry, 404 for an unknown id, 401 without the token.
func TestSilenceRoutes(t *testing.T) {
	st, err := snapshot.Open(context.Background(), "file://"+t.TempDir(), snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := newTestHandler(t, stockedJobs(), testToken)
	h.silences = &silence.Service{Store: st, Known: silence.Known{
		Channels:  []campaign.Channel{{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"}},
		Receivers: []string{"finance"},
	}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	do := func(method, path, body, auth string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := do("GET", "/silences", "", ""); code != http.StatusUnauthorized {
		t.Fatalf("GET /silences without a token: %d, want 401", code)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"for":"3h","comment":"x"}`, "channels: a silence needs at least one matcher"},
		{`{"for":"45d","comment":"x","types":["added"]}`, "for: a silence lasts at most 30 days"},
		{`{"for":"3h","types":["added"]}`, "comment: say why"},
		{`{"for":"soon","comment":"x","types":["added"]}`, `for: \"soon\" is not a duration`},
		{`{"for":"3h","comment":"x","channels":"Brand A"}`, "channels: got a JSON string, want an array of strings"},
		{`{"for":"3h","comment":"x","team":"a"}`, `\"team\": unknown field`},
	} {
		code, body := do("POST", "/silences", tc.body, bearer)
		if code != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("POST %s: %d %s, want 400 naming %q", tc.body, code, body, tc.want)
		}
	}
	code, body := do("POST", "/silences", `{"for":"3h","comment":"restructuring Brand A","channels":["Brand A"],"types":["guardrail"]}`, bearer)
	if code != http.StatusCreated {
		t.Fatalf("POST: %d %s", code, body)
	}
	var made silence.View
	if err := json.Unmarshal([]byte(body), &made); err != nil || made.ID == "" || made.CreatedBy != "dashboard" || !made.Active ||
		made.Channels[0] != "cams-a1:239001" || made.EndsAt.Sub(made.StartsAt) != 3*time.Hour {
		t.Fatalf("POST answered %s (%v)", body, err)
	}
	code, body = do("GET", "/silences", "", bearer)
	if code != http.StatusOK || !strings.Contains(body, `"id":"`+made.ID+`"`) || !strings.Contains(body, `"active":true`) {
		t.Fatalf("GET /silences: %d %s", code, body)
	}
	if code, body := do("DELETE", "/silences/"+made.ID, "", bearer); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", code, body)
	}
	if code, body := do("DELETE", "/silences/feedbeef", "", bearer); code != http.StatusNotFound {
		t.Fatalf("DELETE of an unknown id: %d %s", code, body)
	}
	if _, body := do("GET", "/silences", "", bearer); strings.Contains(body, made.ID) {
		t.Fatalf("an expired silence is listed as active: %s", body)
	}
	if _, body := do("GET", "/silences?all=true", "", bearer); !strings.Contains(body, made.ID) || !strings.Contains(body, `"active":false`) {
		t.Fatalf("GET /silences?all=true lacks the expired silence: %s", body)
	}
	if code, _ := do("GET", "/silences?all=yes", "", bearer); code != http.StatusBadRequest {
		t.Fatalf("?all=yes: %d, want 400", code)
	}
}
