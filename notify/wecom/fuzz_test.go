package wecom

import (
	"net/http"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// FuzzReadReply feeds the reply reader any status and body: it never
// panics, delivers only HTTP 200 with errcode 0, and gives every failure
// a kind.
func FuzzReadReply(f *testing.F) {
	f.Add(200, []byte(`{"errcode":0,"errmsg":"ok"}`))
	f.Add(200, []byte(`{"errcode":45009,"errmsg":"api freq out of limit"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		r := readReply(status, http.Header{}, body)
		if r.Err == nil {
			code, _, err := decodeReply(body)
			if err != nil || code != codeOK || status != http.StatusOK {
				t.Fatalf("delivered: status %d, body %q", status, body)
			}
			return
		}
		if campaign.KindOf(r.Err) == "" {
			t.Fatalf("failure without a kind: %v", r.Err)
		}
	})
}
