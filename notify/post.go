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

	"golang.org/x/time/rate"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// endpoint describes one webhook to a poster.
type endpoint struct {
	// Name is the receiver's name for logs ("slack#2"); never the URL.
	Name string
	// Service names the service in errors: "Slack", "DingTalk".
	Service string
	// Prepare readies a copy of the request for one attempt at time now
	// (signing it: a URL query, body fields or headers); it is called
	// before every attempt, so that a signature is always fresh. nil posts
	// the request as it is.
	Prepare func(r *Request, now time.Time) error
	// Read turns the service's answer into a Reply.
	Read replyReader
	// Pace lists the rates posts keep to, all at once (Feishu: 5 a second
	// and 100 a minute). Empty means no pacing.
	Pace []Rate
	// Secrets are hidden from every error and log line (the webhook URL,
	// a signing secret).
	Secrets []string
}

// Rate is one pacing rule: on average one post per Every, at most Burst
// at once. A service that allows N posts in any window W keeps to it with
// Burst - 1 + W/Every <= N.
type Rate struct {
	Every time.Duration
	Burst int
}

// Request is one post: where, what and with which headers. ID is the
// message's identity (campaign.Message.ID), for services that pass it on.
type Request struct {
	URL    string
	Header http.Header
	Body   []byte
	ID     string
}

// clone copies r so that an attempt's signing leaves r as it was.
func (r Request) clone() Request {
	r.Header = r.Header.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	return r
}

// poster posts JSON bodies to one webhook: paced, retried as each Reply
// allows within Options.Attempts and ctx, with every error redacted. It is
// safe for concurrent use.
type poster struct {
	ep       endpoint
	opt      Options
	limiters []*rate.Limiter
	red      *Redactor
}

// newPoster returns a poster for ep; opt's unset fields get their defaults.
func newPoster(ep endpoint, opt Options) *poster {
	Process().Add(ep.Secrets...)
	p := &poster{ep: ep, opt: opt.WithDefaults(), red: Process()}
	for _, r := range ep.Pace {
		p.limiters = append(p.limiters, rate.NewLimiter(rate.Every(r.Every), max(r.Burst, 1)))
	}
	return p
}

// Post posts req (its URL, headers and body, prepared anew for each
// attempt by endpoint.Prepare). It returns nil once the service accepted it; an error of
// kind Unavailable when a later run may succeed (a wait past ctx's
// deadline or MaxWait, which retry.AskedWait reads when the service asked
// for it; 5xx after the last attempt, timeouts, network failures, ctx
// done; a 3xx, never followed); any other kind when the service refused
// the message for good. Errors never carry the webhook URL or a secret,
// and neither does the body posted: it passes the process's Redactor
// before it is signed (a channel name that a ${NAME} of the configuration
// filled is hidden).
func (p *poster) Post(ctx context.Context, req Request) error {
	req.Body = p.red.bytes(req.Body)
	return p.red.Error(p.post(ctx, req))
}

func (p *poster) post(ctx context.Context, req Request) error {
	log := p.opt.Logger.With(slog.String("receiver", p.ep.Name))
	policy := retry.Policy{
		Attempts: p.opt.Attempts, MaxWait: p.opt.MaxWait, Now: p.opt.Now, Sleep: p.opt.Sleep,
		OnRetry: func(attempt int, wait time.Duration, err error) {
			log.Info("notify: retrying", slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", p.red.String(err.Error())))
		},
	}
	err := policy.Do(ctx, func(ctx context.Context, attempt int) error {
		if err := p.pace(ctx); err != nil {
			return retry.Permanent(err)
		}
		reply := p.attempt(ctx, req)
		switch {
		case reply.Err == nil:
			return nil
		case !reply.Retry:
			log.Warn("notify: message refused", slog.Int("attempt", attempt), slog.String("error", p.red.String(reply.Err.Error())))
			return retry.Permanent(reply.Err)
		}
		return retry.After(reply.Err, reply.Wait)
	})
	var re *retry.Error
	if !errors.As(err, &re) {
		return err
	}
	switch re.Reason {
	case retry.Exhausted:
		return campaign.Wrap(campaign.Unavailable, re, fmt.Sprintf("gave up after %d attempts (a later run will retry)", re.Attempts))
	case retry.TooLong:
		what := fmt.Sprintf("waiting %s to retry", re.Wait)
		if re.Asked {
			what = fmt.Sprintf("%s asks to wait %s, which", p.ep.Service, re.Wait)
		}
		if _, ok := ctx.Deadline(); !ok {
			return campaign.Wrap(campaign.Unavailable, re, fmt.Sprintf("%s is longer than the %s allowed (a later run will retry)", what, p.opt.MaxWait))
		}
		return campaign.Wrap(campaign.Unavailable, re, what+" would pass the run's deadline (a later run will retry)")
	}
	return campaign.Wrap(campaign.Unavailable, re, p.ep.Service+": stopped waiting to retry ("+re.Cause.Error()+")")
}

// pace waits for every rate limiter, by the injected clock and sleep: it
// reserves a slot in each and waits for the latest.
func (p *poster) pace(ctx context.Context) error {
	now := p.opt.Now()
	var delay time.Duration
	reservations := make([]*rate.Reservation, 0, len(p.limiters))
	for _, l := range p.limiters {
		r := l.ReserveN(now, 1)
		reservations = append(reservations, r)
		delay = max(delay, r.DelayFrom(now))
	}
	cancel := func(at time.Time) {
		for _, r := range reservations {
			r.CancelAt(at)
		}
	}
	if delay <= 0 {
		return nil
	}
	if err := p.fitsDeadline(ctx, delay); err != nil {
		cancel(now)
		return campaign.Errorf(campaign.Unavailable, "%s: pacing: %v", p.ep.Service, err)
	}
	if err := p.opt.Sleep(ctx, delay); err != nil {
		cancel(p.opt.Now())
		return campaign.Errorf(campaign.Unavailable, "%s: stopped waiting for the rate limit: %w; a later run will retry", p.ep.Service, err)
	}
	return nil
}

// fitsDeadline fails when waiting d would pass ctx's deadline (by the
// one answer, retry.Policy.Fits, on the poster's clock), so that a run
// gives up at once rather than sleep into its timeout.
func (p *poster) fitsDeadline(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !(retry.Policy{Now: p.opt.Now}).Fits(ctx, d) {
		return fmt.Errorf("waiting %s would pass the run's deadline (a later run will retry)", d)
	}
	return nil
}

// attempt makes one HTTP request and reads its answer.
func (p *poster) attempt(ctx context.Context, r Request) Reply {
	r = r.clone()
	if p.ep.Prepare != nil {
		if err := p.ep.Prepare(&r, p.opt.Now()); err != nil {
			return Reply{Err: err}
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return Reply{Err: campaign.Errorf(campaign.Invalid, "%s: cannot build a request for the webhook URL; check its form", p.ep.Service)}
	}
	req.Header = r.Header
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := p.opt.HTTPClient.Do(req)
	if err != nil {
		// *url.Error quotes the whole URL: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		retry := ctx.Err() == nil
		return Reply{Retry: retry, Err: campaign.Errorf(campaign.Unavailable,
			"%s could not be reached: %w; check the network", p.ep.Service, err)}
	}
	defer resp.Body.Close()
	if isRedirect(resp.StatusCode) {
		return redirected(p.ep.Service, resp.StatusCode, resp.Header, req.URL)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
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
	return p.ep.Read(resp.StatusCode, onClock(resp.Header, p.opt.Now()), p.red.bytes(data))
}
