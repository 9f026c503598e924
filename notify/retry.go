package notify

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// defaultRetryAfter is the wait after a 429 that names none.
const defaultRetryAfter = time.Second

// Classify is the one decision, shared by every service, whether an HTTP
// status is worth another attempt, and how long to wait first. 2xx is not
// a failure (false). 408, 425, 429 and 5xx are worth retrying; a 429 waits
// its Retry-After (whole seconds or an HTTP date; defaultRetryAfter
// when missing or malformed), the others wait 0, meaning "back off as usual". Every other
// status is a refusal that retrying will not change.
func Classify(status int, header http.Header) (retry bool, wait time.Duration) {
	switch {
	case status == http.StatusTooManyRequests:
		return true, retryAfter(header)
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly, status >= 500 && status <= 599:
		return true, 0
	}
	return false, 0
}

// retryAfter reads a Retry-After header, in whole seconds or as an HTTP
// date (retry.RetryAfter; a date is read against the machine's clock,
// which a poster never leaves to it: see onClock); a missing or malformed value gives
// defaultRetryAfter, a date already past the usual backoff's first step.
// Very large values are kept (capped at a day) so that callers can see
// they are too long.
func retryAfter(header http.Header) time.Duration {
	d, ok := retry.RetryAfter(header, time.Now())
	if !ok {
		return defaultRetryAfter
	}
	return d
}

// onClock returns h with a Retry-After given as an HTTP date turned into
// the whole seconds left until it on the poster's clock (now, rounded up),
// so that a reply reader's Classify waits by the injected clock rather
// than the machine's. Any other header is returned as it is.
func onClock(h http.Header, now time.Time) http.Header {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return h
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return h
	}
	d, ok := retry.RetryAfter(h, now)
	if !ok {
		return h
	}
	h = h.Clone()
	h.Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	return h
}

// Reply is what a service's answer to one post means. Service packages
// build it from the status and body (replyReader); poster acts on it.
type Reply struct {
	// Err is nil when the message was delivered; otherwise it says what
	// the service answered and what to do, with its campaign kind.
	Err error
	// Retry says another attempt may succeed.
	Retry bool
	// Wait is the least time to wait before that attempt; 0 means the
	// usual backoff.
	Wait time.Duration
}

// replyReader turns a service's HTTP answer into a Reply. body is at most
// maxReplyBytes long, and poster has already redacted it (a service's
// error page may quote the webhook URL), so that a reader may quote and
// cut it.
type replyReader func(status int, header http.Header, body []byte) Reply

// maxReplyBytes is how much of a reply's body poster reads.
const maxReplyBytes = 64 << 10
