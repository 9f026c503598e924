package notify

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// Default values of Options.
const (
	defaultMaxWait  = 30 * time.Second
	defaultAttempts = 3
	defaultTimeout  = 15 * time.Second
)

// Options are what every notifier is built with. The zero value works:
// an HTTP client with a 15-second timeout, no logging, the real clock.
type Options struct {
	// HTTPClient posts the messages; nil means a client with a 15 s
	// timeout. WithDefaults replaces it by a copy that follows no
	// redirect: a 3xx answer is a failed delivery.
	HTTPClient *http.Client
	// Logger gets a line per retry and per refused message, naming the
	// receiver, never its URL. nil discards.
	Logger *slog.Logger
	// Now is the clock (DingTalk signs with it; pacing reads it).
	Now func() time.Time
	// Sleep waits d or until ctx is done, returning ctx's error then.
	Sleep func(ctx context.Context, d time.Duration) error
	// MaxWait bounds any one wait (a service's Retry-After, DingTalk's
	// 10-minute throttle, the backoff) of a post whose ctx has no
	// deadline; with a deadline, the deadline bounds every wait. A longer
	// wait fails the post at once with kind Unavailable, saying how long
	// the service asked for (retry.AskedWait), so that the caller may
	// wait it out itself. 0 means 30 s.
	MaxWait time.Duration
	// Attempts bounds the tries per message, the first included. 0 means 3.
	Attempts int
	// Version is campaignwatch's version, sent in every post's User-Agent
	// ("campaignwatch/v1.2.3"). "" means "dev".
	Version string
	// Notes remembers the notes each receiver was given (the store's, so
	// that a note is given once across runs and instances); nil
	// remembers them in this process only.
	Notes Notes
}

// WithDefaults returns o with every unset field given its default.
func (o Options) WithDefaults() Options {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: defaultTimeout}
	}
	o.HTTPClient = withoutRedirects(o.HTTPClient)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = retry.Sleep
	}
	if o.MaxWait <= 0 {
		o.MaxWait = defaultMaxWait
	}
	if o.Attempts <= 0 {
		o.Attempts = defaultAttempts
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	return o
}
