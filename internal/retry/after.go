package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxAfter caps what RetryAfter returns, so that an absurd header cannot
// overflow a duration; callers see that it is too long to wait.
const maxAfter = 24 * time.Hour

// RetryAfter reads a Retry-After header (RFC 9110, section 10.2.3): whole
// seconds ("30") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"), which
// is turned into the time left from now (0 when it has passed). ok is false
// when the header is missing or malformed. The result is at most a day.
func RetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(maxAfter/time.Second) {
			return maxAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), maxAfter), true
}
