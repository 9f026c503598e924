package handler

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestPostTest(t *testing.T) {
	var asked [][]string
	jobs := stockedJobs()
	jobs.test = func(_ context.Context, names []string) ([]campaign.Delivery, error) {
		asked = append(asked, names)
		if slices.Contains(names, "nobody") {
			return nil, campaign.Errorf(campaign.Invalid, "no receiver is named \"nobody\"")
		}
		out := []campaign.Delivery{{Receiver: "slack", Messages: 1}}
		if slices.Contains(names, "broken") || names == nil {
			out = append(out, campaign.Delivery{Receiver: "broken", Error: "refused " + testSecret})
		}
		return out, nil
	}
	h, _ := newTestHandler(t, jobs, testToken)
	for _, tc := range []struct {
		name, query string
		status      int
		wantNames   []string
		wantBody    []string
	}{
		{"every receiver, one failed", "", http.StatusBadGateway, nil, []string{`"receiver":"broken"`, "[redacted]"}},
		{"the named ones", "?receiver=slack", http.StatusOK, []string{"slack"}, []string{`{"notifications":[{"receiver":"slack","messages":1,"error":""}]}`}},
		{"repeated", "?receiver=slack&receiver=broken", http.StatusBadGateway, []string{"slack", "broken"}, nil},
		{"unknown name", "?receiver=nobody", http.StatusBadRequest, []string{"nobody"}, []string{`"error"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked = nil
			req := httptest.NewRequest(http.MethodPost, "http://x/test"+tc.query, nil)
			req.Header.Set("Authorization", bearer)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if len(asked) != 1 || !slices.Equal(asked[0], tc.wantNames) {
				t.Fatalf("asked for %q, want %q", asked, tc.wantNames)
			}
			body := rec.Body.String()
			var v map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatalf("body is not JSON: %s", body)
			}
			for _, want := range tc.wantBody {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %s: %s", want, body)
				}
			}
			if strings.Contains(body, testSecret) {
				t.Errorf("body carries the secret: %s", body)
			}
		})
	}
	asked = nil
	req := httptest.NewRequest(http.MethodPost, "http://x/test", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized || len(asked) != 0 {
		t.Fatalf("without a token: %d, asked %q", rec.Code, asked)
	}
}
