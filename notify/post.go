package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/cenkalti/backoff/v5"
	"golang.org/x/time/rate"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Endpoint describes one webhook to a Poster.
type Endpoint struct {
	// Name is the receiver's name for logs ("slack#2"); never the URL.
	Name string
	// Service names the service in errors: "Slack", "DingTalk".
	Service string
	// URL returns the URL of one attempt; it is called before every
	// attempt, so that a signature made from now is always fresh.
	URL func(now time.Time) (string, error)
	// Read turns the service's answer into a Reply.
	Read ReplyReader
	// Every and Burst pace the posts: on average one per Every, at most
	// Burst at once.
	Every time.Duration
	Burst int
	// Secrets are hidden from every error and log line (the webhook URL,
	// a signing secret).
	Secrets []string
}

// Poster posts JSON bodies to one webhook: paced, retried as each Reply
// allows within Options.Attempts and ctx, with every error redacted. It is
// safe for concurrent use.
type Poster struct {
	ep      Endpoint
	opt     Options
	limiter *rate.Limiter
	red     *Redactor
}

// NewPoster returns a Poster for ep; opt's unset fields get their defaults.
func NewPoster(ep Endpoint, opt Options) *Poster {
	burst := max(ep.Burst, 1)
	return &Poster{
		ep:      ep,
		opt:     opt.WithDefaults(),
		limiter: rate.NewLimiter(rate.Every(ep.Every), burst),
		red:     NewRedactor(ep.Secrets...),
	}
}

// Post posts body. It returns nil once the service accepted it; an error of
// kind Unavailable when a later run may succeed (throttling that lasts
// longer than MaxWait, 5xx after the last attempt, timeouts, network
// failures, ctx done); any other kind when the service refused the message
// for good. Errors never carry the webhook URL or a secret.
func (p *Poster) Post(ctx context.Context, body []byte) error {
	return p.red.Error(p.post(ctx, body))
}

func (p *Poster) post(ctx context.Context, body []byte) error {
	bo := backoff.NewExponentialBackOff()
	bo.InitialInterval = 500 * time.Millisecond
	bo.MaxInterval = 10 * time.Second
	bo.Reset()
	log := p.opt.Logger.With(slog.String("receiver", p.ep.Name))
	for attempt := 1; ; attempt++ {
		if err := p.pace(ctx); err != nil {
			return err
		}
		reply := p.attempt(ctx, body)
		if reply.Err == nil {
			return nil
		}
		reason := p.red.String(reply.Err.Error())
		if !reply.Retry {
			log.Warn("notify: message refused", slog.Int("attempt", attempt), slog.String("error", reason))
			return reply.Err
		}
		if attempt >= p.opt.Attempts {
			return campaign.Wrap(campaign.Unavailable, reply.Err,
				fmt.Sprintf("%s: gave up after %d attempts (a later run will retry)", p.ep.Service, attempt))
		}
		wait := reply.Wait
		if wait <= 0 {
			wait = bo.NextBackOff()
		}
		if wait > p.opt.MaxWait {
			return campaign.Wrap(campaign.Unavailable, reply.Err,
				fmt.Sprintf("%s asks to wait %s, longer than the %s allowed (a later run will retry)", p.ep.Service, wait, p.opt.MaxWait))
		}
		if err := p.fitsDeadline(ctx, wait); err != nil {
			return campaign.Wrap(campaign.Unavailable, reply.Err, err.Error())
		}
		log.Info("notify: retrying", slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", reason))
		if err := p.opt.Sleep(ctx, wait); err != nil {
			return campaign.Wrap(campaign.Unavailable, reply.Err, p.ep.Service+": stopped waiting to retry ("+err.Error()+")")
		}
	}
}

// pace waits for the rate limiter, by the injected clock and sleep.
func (p *Poster) pace(ctx context.Context) error {
	now := p.opt.Now()
	r := p.limiter.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return nil
	}
	if err := p.fitsDeadline(ctx, delay); err != nil {
		r.CancelAt(now)
		return campaign.Errorf(campaign.Unavailable, "%s: pacing: %v", p.ep.Service, err)
	}
	if err := p.opt.Sleep(ctx, delay); err != nil {
		r.CancelAt(p.opt.Now())
		return campaign.Errorf(campaign.Unavailable, "%s: stopped waiting for the rate limit: %w; a later run will retry", p.ep.Service, err)
	}
	return nil
}

// fitsDeadline fails when waiting d would pass ctx's deadline, so that a
// run gives up at once rather than sleep into its timeout.
func (p *Poster) fitsDeadline(ctx context.Context, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && p.opt.Now().Add(d).After(dl) {
		return fmt.Errorf("waiting %s would pass the run's deadline (a later run will retry)", d)
	}
	return ctx.Err()
}

// attempt makes one HTTP request and reads its answer.
func (p *Poster) attempt(ctx context.Context, body []byte) Reply {
	u, err := p.ep.URL(p.opt.Now())
	if err != nil {
		return Reply{Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return Reply{Err: campaign.Errorf(campaign.Invalid, "%s: cannot build a request for the webhook URL; check its form", p.ep.Service)}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := p.opt.HTTPClient.Do(req)
	if err != nil {
		// *url.Error quotes the whole URL: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		retry := ctx.Err() == nil
		return Reply{Retry: retry, Err: campaign.Errorf(campaign.Unavailable,
			"%s could not be reached: %w; check the network, a later run will retry", p.ep.Service, err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxReplyBytes))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Reply{Retry: ctx.Err() == nil, Err: campaign.Errorf(campaign.Unavailable,
			"%s: reading the reply (HTTP %d) failed: %w", p.ep.Service, resp.StatusCode, err)}
	}
	// Redact before the reader quotes the reply: Excerpt cuts it short,
	// and a token cut in half could no longer be recognised.
	return p.ep.Read(resp.StatusCode, resp.Header, p.red.bytes(data))
}

// CheckURL says what is wrong with a webhook URL without quoting it (the
// URL is a secret): empty, or not an absolute http(s) URL.
func CheckURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("is empty")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("is not an absolute https URL")
	}
	return u, nil
}
