package notify_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/notify"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter string
		retry      bool
		wait       time.Duration
	}{
		{"ok", 200, "", false, 0},
		{"429 with Retry-After", 429, "7", true, 7 * time.Second},
		{"429 without Retry-After", 429, "", true, notify.DefaultRetryAfter},
		{"429 with a date past", 429, "Wed, 21 Oct 2015 07:28:00 GMT", true, 0},
		{"429 negative", 429, "-3", true, notify.DefaultRetryAfter},
		{"429 huge", 429, "99999999", true, 24 * time.Hour},
		{"500", 500, "", true, 0},
		{"503 ignores Retry-After", 503, "5", true, 0},
		{"408", 408, "", true, 0},
		{"400", 400, "", false, 0},
		{"403", 403, "", false, 0},
		{"404", 404, "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.retryAfter != "" {
				h.Set("Retry-After", tt.retryAfter)
			}
			retry, wait := notify.Classify(tt.status, h)
			if retry != tt.retry || wait != tt.wait {
				t.Errorf("Classify(%d, %q) = %v, %s; want %v, %s", tt.status, tt.retryAfter, retry, wait, tt.retry, tt.wait)
			}
		})
	}
}

// TestClassifyReadsAnHTTPDate: a Retry-After given as an HTTP date is the
// time left until it (to the second the date carries).
func TestClassifyReadsAnHTTPDate(t *testing.T) {
	h := http.Header{}
	h.Set("Retry-After", time.Now().Add(30*time.Second).UTC().Format(http.TimeFormat))
	retry, wait := notify.Classify(429, h)
	if !retry || wait < 28*time.Second || wait > 30*time.Second {
		t.Errorf("Classify(429, %q) = %v, %s; want true and about 30s", h.Get("Retry-After"), retry, wait)
	}
}

// FuzzRetryAfter checks that any Retry-After a server sends gives a wait
// between zero and a day.
func FuzzRetryAfter(f *testing.F) {
	h := http.Header{}
	for _, v := range []string{"30", "Wed, 21 Oct 2015 07:28:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "-1", "1e9"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h.Set("Retry-After", v)
		if d := notify.RetryAfter(h); d < 0 || d > 24*time.Hour {
			t.Errorf("RetryAfter(%q) = %s, want within [0, 24h]", v, d)
		}
	})
}
