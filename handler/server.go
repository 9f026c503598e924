package handler

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// limits bound what clients can hold of `campaignwatch serve`: how many
// connections, and for how long each. A zero field takes its value from
// DefaultLimits.
type limits struct {
	// MaxConns is the most connections open at once; more wait, unread,
	// in the kernel's queue until one closes, and use no descriptor.
	MaxConns int
	// ReadHeader is the time to read a request's headers.
	ReadHeader time.Duration
	// Read is the time to read a whole request, headers and body.
	Read time.Duration
	// Write is the time to answer, from the end of the headers; for a
	// route that runs a job, from the end of the run.
	Write time.Duration
	// Idle is how long a kept-alive connection waits for its next
	// request.
	Idle time.Duration
	// Run is the deadline of a job started over HTTP (the run's context
	// ends then); the connection is kept for the run and Write beyond.
	Run time.Duration
}

// DefaultLimits are serve's: 256 connections; 10 s for the headers and
// 30 s for the whole request (a body is at most 64 KiB); 30 s to write an
// answer; 60 s idle; and 600 s for a check or digest, the function
// timeout s.yaml deploys with.
func DefaultLimits() limits {
	return limits{MaxConns: 256, ReadHeader: 10 * time.Second, Read: 30 * time.Second,
		Write: 30 * time.Second, Idle: 60 * time.Second, Run: 600 * time.Second}
}

func (l limits) withDefaults() limits {
	d := DefaultLimits()
	if l.MaxConns <= 0 {
		l.MaxConns = d.MaxConns
	}
	for _, f := range []struct{ v, d *time.Duration }{
		{&l.ReadHeader, &d.ReadHeader}, {&l.Read, &d.Read}, {&l.Write, &d.Write}, {&l.Idle, &d.Idle}, {&l.Run, &d.Run},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return l
}

// shutdownGrace is what requests in flight get to finish once serving
// stops.
const shutdownGrace = 10 * time.Second

// ServeOn serves the routes over HTTP on ln within lim until ctx is done,
// then stops accepting and gives requests in flight 10 s to finish. It
// returns nil after a stop by ctx, else an error of kind
// campaign.Unavailable saying why serving failed.
func (h *Handler) ServeOn(ctx context.Context, ln net.Listener, lim limits) error {
	return ServeEach(ctx, ln, lim, h.log, func(context.Context) (*Handler, error) { return h, nil })
}

// ServeEach is ServeOn with the Handler of each request given by pick:
// the one of the configuration as it stands then. While pick fails, every
// request is answered 503 without the reason, which is for the operator's
// log (pick logs it).
func ServeEach(ctx context.Context, ln net.Listener, lim limits, log *slog.Logger, pick func(context.Context) (*Handler, error)) error {
	lim = lim.withDefaults()
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h, err := pick(r.Context())
			if err != nil {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte(`{"error":"campaignwatch is misconfigured; the logs say what to fix"}` + "\n"))
				return
			}
			h.serveHTTP(w, r, lim)
		}),
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(netutil.LimitListener(ln, lim.MaxConns)) }()
	select {
	case err := <-done:
		return campaign.Errorf(campaign.Unavailable, "serving on %s stopped: %v", ln.Addr(), err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		_ = srv.Shutdown(sctx) // past the grace, the process ends the rest
		return nil
	}
}

// httpConn is what a request served over net/http adds to the routes'
// steps: a body still on the socket, read only once the token is good,
// and socket deadlines to fit a run to. A Function Compute event has
// none: its body is in the event and its deadline is the invocation's.
type httpConn struct {
	w   http.ResponseWriter
	r   *http.Request
	lim limits
}

// readBody reads the body, at most maxBodyBytes of it: a declared length
// over the limit is refused without reading, a longer body is cut at the
// limit (and the connection closed after the answer). Either is a
// *http.MaxBytesError.
func (c *httpConn) readBody() ([]byte, error) {
	if c.r.ContentLength > maxBodyBytes {
		return nil, &http.MaxBytesError{Limit: maxBodyBytes}
	}
	return io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, maxBodyBytes))
}

// startRun gives a job the run's deadline, lim.Run: the returned context
// ends then, and the socket's deadlines move past it. The read deadline
// matters too: net/http cancels the request's context when a read on the
// connection times out, which would cancel the run. done re-arms the write
// deadline for writing the answer.
func (c *httpConn) startRun(ctx context.Context) (context.Context, func()) {
	deadline := time.Now().Add(c.lim.Run)
	rc := http.NewResponseController(c.w)
	// Errors: the writer cannot set deadlines (a test's recorder); there
	// is then no socket deadline to cut the run off either.
	_ = rc.SetReadDeadline(deadline.Add(c.lim.Write))
	_ = rc.SetWriteDeadline(deadline.Add(c.lim.Write))
	rctx, cancel := context.WithDeadline(ctx, deadline)
	return rctx, func() {
		cancel()
		_ = rc.SetWriteDeadline(time.Now().Add(c.lim.Write))
	}
}

// isTooLarge reports whether err is a body over maxBodyBytes.
func isTooLarge(err error) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(err, &tooLarge)
}
