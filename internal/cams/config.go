package cams

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Defaults of Config, as interface.md documents them.
const (
	DefaultRegion      = "ap-southeast-1"
	DefaultPageSize    = 50
	DefaultConcurrency = 4
	DefaultQPS         = 10
)

// Config configures a Client. Zero values take the defaults.
type Config struct {
	// Region is CAMS_REGION (default ap-southeast-1); the endpoint is
	// cams.<Region>.aliyuncs.com over HTTPS.
	Region string
	// Endpoint is CAMS_ENDPOINT: a host ("cams.example.com", HTTPS) or a
	// URL ("http://127.0.0.1:8080"); it overrides Region.
	Endpoint string
	// PageSize is Page.Size asked for (CAMS_PAGE_SIZE, default 50).
	PageSize int
	// Concurrency is how many channels are listed at once
	// (CAMS_CONCURRENCY, default 4).
	Concurrency int
	// QPS is the ceiling on API calls per second, all channels and retries
	// together (CAMS_QPS, default 10).
	QPS float64
	// Credential signs the calls; nil means credentials-go's default chain
	// (ALIBABA_CLOUD_ACCESS_KEY_ID, _SECRET and _SECURITY_TOKEN first).
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
	// take the defaults of DefaultRetry.
	Retry Retry
}

// Retry is the retry policy for throttling, 5xx and timeouts: exponential
// backoff with jitter, never sleeping past the run's deadline.
type Retry struct {
	// Attempts is the most calls made for one page, the first included.
	Attempts int
	// Initial is the first backoff; each next one is Multiplier times
	// longer, up to Max, each randomised by ±50%.
	Initial, Max time.Duration
	Multiplier   float64
}

// DefaultRetry is the retry policy used for the zero fields of Config.Retry.
var DefaultRetry = Retry{Attempts: 6, Initial: 200 * time.Millisecond, Max: 10 * time.Second, Multiplier: 2}

// endpoint is where calls go.
type endpoint struct {
	protocol string // "https" or "http"
	host     string // host[:port]
}

// withDefaults fills zero fields and checks the rest. Every problem is
// reported, each naming its variable.
func (cfg Config) withDefaults() (Config, endpoint, error) {
	var errs []error
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	ep, err := resolveEndpoint(cfg.Region, cfg.Endpoint)
	errs = append(errs, err)
	if cfg.PageSize == 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.PageSize < 1 || cfg.PageSize > 1000 {
		errs = append(errs, campaign.Errorf(campaign.Invalid, "CAMS_PAGE_SIZE=%d: want a page size from 1 to 1000", cfg.PageSize))
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Concurrency < 1 || cfg.Concurrency > 256 {
		errs = append(errs, campaign.Errorf(campaign.Invalid, "CAMS_CONCURRENCY=%d: want from 1 to 256 channels at once", cfg.Concurrency))
	}
	if cfg.QPS == 0 {
		cfg.QPS = DefaultQPS
	}
	if !(cfg.QPS > 0 && cfg.QPS <= 10000) {
		errs = append(errs, campaign.Errorf(campaign.Invalid, "CAMS_QPS=%g: want a ceiling above 0 and at most 10000 calls per second", cfg.QPS))
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 15 * time.Second
	}
	cfg.Retry = cfg.Retry.withDefaults()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, ep, errors.Join(errs...)
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = DefaultRetry.Attempts
	}
	if r.Initial <= 0 {
		r.Initial = DefaultRetry.Initial
	}
	if r.Max <= 0 {
		r.Max = DefaultRetry.Max
	}
	if r.Multiplier < 1 {
		r.Multiplier = DefaultRetry.Multiplier
	}
	return r
}

// resolveEndpoint turns CAMS_REGION and CAMS_ENDPOINT into where calls go.
func resolveEndpoint(region, override string) (endpoint, error) {
	if override == "" {
		if strings.ContainsAny(region, "/:?# ") {
			return endpoint{}, campaign.Errorf(campaign.Invalid, "CAMS_REGION=%q: want a region id such as ap-southeast-1", region)
		}
		return endpoint{protocol: "https", host: "cams." + region + ".aliyuncs.com"}, nil
	}
	if !strings.Contains(override, "://") {
		override = "https://" + override
	}
	u, err := url.Parse(override)
	bad := func(why string) (endpoint, error) {
		shown := "(not shown)"
		if err == nil {
			shown = u.Redacted() // never a password in an error
		}
		return endpoint{}, campaign.Errorf(campaign.Invalid, "CAMS_ENDPOINT=%q: %s; want a host or a URL such as http://127.0.0.1:8080", shown, why)
	}
	switch {
	case err != nil:
		return bad("not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("the scheme must be http or https")
	case u.Host == "":
		return bad("no host")
	case u.User != nil:
		return bad("credentials do not belong in the endpoint")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return bad("the API has no path, query or fragment")
	}
	return endpoint{protocol: u.Scheme, host: u.Host}, nil
}

// String renders the endpoint as a URL, for logs and tests.
func (e endpoint) String() string { return fmt.Sprintf("%s://%s", e.protocol, e.host) }
