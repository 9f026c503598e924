// Package handler is campaignwatch's edge: it decodes Function Compute
// timer and HTTP trigger events, serves the HTTP routes (for the FC HTTP
// trigger and for `campaignwatch serve` alike), checks the bearer token,
// and maps outcomes to status codes. The runs themselves happen behind the
// jobs interface.
package handler

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/silence"
)

// maxBodyBytes is the largest request body the routes accept; a larger one
// is answered 413.
const maxBodyBytes = 64 << 10

// Options configure New.
type Options struct {
	// jobs runs what the triggers ask for. Required.
	Jobs jobs
	// Token is HTTP_AUTH_TOKEN. Empty: every protected route refuses
	// everyone with 401.
	Token string
	// Markdown renders a digest for GET /digest?format=markdown. Required.
	Markdown func(*campaign.Digest) string
	// Redact removes secrets from every error text answered or logged; nil
	// leaves texts as they are (only for tests: production passes the
	// shared redactor).
	Redact func(string) string
	// Logger gets one line per request and per timer invocation; nil
	// discards.
	Logger *slog.Logger
	// Silences serves the silence routes; nil answers them 503.
	Silences *silence.Service
	// History answers GET /history and GET /series; nil answers them 503.
	History history.Reader
	// Zone is the zone of dates in history queries (DIGEST_TIMEZONE); nil
	// means UTC. Channels resolve channel names in them.
	Zone     *time.Location
	Channels []campaign.Channel
	// Dashboard renders the pages under /ui/; nil answers them 404.
	Dashboard *dashboard.Dashboard
	// Sessions records dashboard sign-outs for every instance (the
	// snapshot store); nil keeps them in this process only (tests).
	Sessions campaign.Sessions
	// PublicURL is PUBLIC_URL: an Origin it names is the dashboard's own.
	PublicURL string
	// Now is the clock of history queries ("7d" back from now), of
	// sessions and of the sign-in limit; nil means time.Now.
	Now func() time.Time
	// Incidents returns the open guardrail incidents (GET /guardrails);
	// nil answers 503.
	Incidents func(ctx context.Context) ([]campaign.Incident, time.Time, error)
}

// Handler serves timer events, HTTP trigger events and plain HTTP requests.
// It is safe for concurrent use.
type Handler struct {
	jobs      jobs
	token     string
	markdown  func(*campaign.Digest) string
	redactFn  func(string) string
	log       *slog.Logger
	routes    []route
	silences  *silence.Service
	history   history.Reader
	zone      *time.Location
	channels  history.Channels
	clock     func() time.Time
	incidents func(ctx context.Context) ([]campaign.Incident, time.Time, error)

	dash      *dashboard.Dashboard
	sessions  *sessions
	signIn    *signInLimit
	publicURL string
}

// New returns a Handler. A missing jobs or Markdown is an error of kind
// campaign.Invalid.
func New(opt Options) (*Handler, error) {
	if opt.Jobs == nil {
		return nil, campaign.Errorf(campaign.Invalid, "handler.New: Options.Jobs is nil; pass the run's Jobs implementation")
	}
	if opt.Markdown == nil {
		return nil, campaign.Errorf(campaign.Invalid, "handler.New: Options.Markdown is nil; pass the digest's markdown renderer")
	}
	h := &Handler{
		jobs:      opt.Jobs,
		token:     opt.Token,
		markdown:  opt.Markdown,
		redactFn:  opt.Redact,
		log:       opt.Logger,
		silences:  opt.Silences,
		history:   opt.History,
		zone:      opt.Zone,
		channels:  opt.Channels,
		clock:     opt.Now,
		incidents: opt.Incidents,

		dash:      opt.Dashboard,
		signIn:    newSignInLimit(),
		publicURL: opt.PublicURL,
	}
	if h.zone == nil {
		h.zone = time.UTC
	}
	h.sessions = newSessions(opt.Token, opt.Sessions, h.now)
	if h.log == nil {
		h.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h.routes = h.routeTable()
	return h, nil
}

func (h *Handler) redact(s string) string {
	if h.redactFn == nil || s == "" {
		return s
	}
	return h.redactFn(s)
}

// Serve answers one request: routing (404, 405), bearer auth (401), the
// body (read only now when served over net/http; over 64 KiB: 413),
// parameters (400), then the route; the answer's body passes Redact. It never panics: a panic in
// a route or a job is answered 500 {"error":"internal error"} and logged
// with its stack. It logs one line per request with the request id in ctx.
func (h *Handler) Serve(ctx context.Context, req *request) (resp *response) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			h.log.ErrorContext(ctx, "panic while serving a request",
				"method", req.Method, "path", req.Path, "panic", h.redact(anyString(p)), "stack", h.redact(string(debug.Stack())))
			resp = h.errorResponse(http.StatusInternalServerError, "internal error")
		}
		if resp != nil && h.redactFn != nil { // the whole answer: a channel name may carry a secret
			if body := string(resp.Body); body != "" {
				if red := h.redactFn(body); red != body {
					resp.Body = []byte(red)
				}
			}
		}
		h.logRequest(ctx, req.Method, req.Path, resp.Status, start)
	}()
	return h.dispatch(ctx, req)
}

// logRequest logs the one line of a request.
func (h *Handler) logRequest(ctx context.Context, method, path string, status int, start time.Time) {
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h.log.Log(ctx, level, "request", "method", method, "path", path,
		"status", status, "duration", time.Since(start).Round(time.Millisecond).String())
}

func anyString(v any) string {
	switch x := v.(type) {
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}
