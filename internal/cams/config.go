package cams

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	retrypolicy "github.com/campaignwatch/campaignwatch/internal/retry"
)

// Config configures a Client. Region or Endpoint, PageSize, Concurrency
// and QPS are the configuration's checked values (internal/config holds
// their defaults and limits); the other fields may be left zero.
type Config struct {
	// Region is the API's region; the endpoint is
	// cams.<Region>.aliyuncs.com over HTTPS.
	Region string
	// Endpoint, when set, is a host ("cams.example.com", HTTPS) or a URL
	// ("http://127.0.0.1:8080"); it overrides Region.
	Endpoint string
	// PageSize is Page.Size asked for (> 0).
	PageSize int
	// Concurrency is how many channels are listed at once (> 0).
	Concurrency int
	// QPS is the ceiling on API calls per second, all channels and retries
	// together (> 0).
	QPS float64
	// Credential signs the calls. Required.
	Credential credentials.Credential
	// HTTPClient carries the calls; nil means a pooled client of the
	// Client's own.
	HTTPClient *http.Client
	// Logger gets per-channel progress (Debug) and one line per listing
	// (Info); nil discards.
	Logger *slog.Logger

	// Progress, when set, is told how far each List call has come: once at
	// its start, after every page and after every channel. Calls are
	// serialised; it must return quickly. Nil (the default) observes
	// nothing.
	Progress func(Progress)

	// CallTimeout bounds one API call (default 15s); a call that times out
	// is retried.
	CallTimeout time.Duration
	// Retry shapes the retries of throttled and failed calls; zero fields
	// take the defaults of defaultRetry.
	Retry retry
}

// retry is the retry policy for throttling, 5xx and timeouts: the one
// every outbound call uses (internal/retry: exponential backoff with
// jitter, never sleeping past the run's deadline). Attempts is the most
// calls made for one page, the first included; Initial, Max and
// Multiplier shape the backoff.
type retry = retrypolicy.Policy

// defaultRetry is the retry policy used for the zero fields of Config.Retry.
var defaultRetry = retry{Attempts: 6, Initial: 200 * time.Millisecond, Max: 10 * time.Second, Multiplier: 2}

// endpoint is where calls go.
type endpoint struct {
	protocol string // "https" or "http"
	host     string // host[:port]
}

// withDefaults fills the zero operational fields (timeout, retry,
// logger). A configuration value that is not positive is a programming
// error, of kind Internal: the configuration checks them.
func (cfg Config) withDefaults() (Config, endpoint, error) {
	if cfg.PageSize < 1 || cfg.Concurrency < 1 || !(cfg.QPS > 0) || (cfg.Region == "" && cfg.Endpoint == "") {
		return cfg, endpoint{}, campaign.Errorf(campaign.Internal,
			"cams.New: Region or Endpoint, PageSize, Concurrency and QPS must be set and positive (got %q, %d, %d, %g); pass the configuration's checked values",
			cfg.Region, cfg.PageSize, cfg.Concurrency, cfg.QPS)
	}
	ep, err := resolveEndpoint(cfg.Region, cfg.Endpoint)
	if err != nil {
		return cfg, endpoint{}, err
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 15 * time.Second
	}
	cfg.Retry = retryDefaults(cfg.Retry)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, ep, nil
}

// retryDefaults fills r's zero fields from defaultRetry.
func retryDefaults(r retry) retry {
	if r.Attempts <= 0 {
		r.Attempts = defaultRetry.Attempts
	}
	if r.Initial <= 0 {
		r.Initial = defaultRetry.Initial
	}
	if r.Max <= 0 {
		r.Max = defaultRetry.Max
	}
	if r.Multiplier < 1 {
		r.Multiplier = defaultRetry.Multiplier
	}
	if r.Now == nil {
		r.Now = time.Now // the clock a Retry-After date is read on, too (askedWait)
	}
	return r
}

// resolveEndpoint turns the region and the endpoint override into where
// calls go. The configuration has checked both; what cannot be parsed
// here is an error of kind Internal that never shows a password.
func resolveEndpoint(region, override string) (endpoint, error) {
	if override == "" {
		if strings.ContainsAny(region, "/:?# ") {
			return endpoint{}, campaign.Errorf(campaign.Internal, "cams: region %q is not a region id", region)
		}
		return endpoint{protocol: "https", host: "cams." + region + ".aliyuncs.com"}, nil
	}
	if !strings.Contains(override, "://") {
		override = "https://" + override
	}
	u, err := url.Parse(override)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return endpoint{}, campaign.Errorf(campaign.Internal, "cams: the endpoint is not a host or an http(s) URL with a host only")
	}
	return endpoint{protocol: u.Scheme, host: u.Host}, nil
}

// String renders the endpoint as a URL, for logs and tests.
func (e endpoint) String() string { return fmt.Sprintf("%s://%s", e.protocol, e.host) }
