package webhook

import (
	"net/http"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// FuzzReadReply feeds the reply reader any status, Retry-After and body:
// it never panics, delivers exactly the 2xx answers, retries only 408,
// 425, 429 and 5xx, never waits beyond a day, and gives every failure a
// kind.
func FuzzReadReply(f *testing.F) {
	f.Add(200, "", []byte("ok"))
	f.Add(429, "7", []byte("slow down"))
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		r := readReply(status, h, body)
		ok := status >= 200 && status <= 299
		if (r.Err == nil) != ok {
			t.Fatalf("status %d: delivered = %v", status, r.Err == nil)
		}
		if ok {
			return
		}
		want := status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599)
		if r.Retry != want || r.Wait < 0 || r.Wait > 24*time.Hour {
			t.Fatalf("status %d: retry %v after %s", status, r.Retry, r.Wait)
		}
		if campaign.KindOf(r.Err) == "" {
			t.Fatalf("failure without a kind: %v", r.Err)
		}
	})
}
