package slack

import (
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// FuzzReadReply feeds Slack-shaped replies to the reply reader: it must
// never panic, must deliver exactly on 2xx, must mark retries as
// Unavailable, and must keep the reason to one bounded line.
func FuzzReadReply(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		r := readReply(status, h, body)
		ok := status >= 200 && status <= 299
		if (r.Err == nil) != ok {
			t.Fatalf("status %d: err = %v", status, r.Err)
		}
		if r.Err == nil {
			return
		}
		if r.Retry != (campaign.KindOf(r.Err) == campaign.Unavailable) {
			t.Errorf("retry %v with kind %q", r.Retry, campaign.KindOf(r.Err))
		}
		if msg := r.Err.Error(); strings.ContainsAny(msg, "\n\r") || len(msg) > 1200 {
			t.Errorf("error is not one bounded line (%d bytes): %q", len(msg), msg)
		}
		if r.Wait < 0 {
			t.Errorf("negative wait %s", r.Wait)
		}
	})
}
