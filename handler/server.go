package handler

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Limits bound what clients can hold of `campaignwatch serve`.
type Limits struct {
	// MaxConns is the most connections open at once.
	MaxConns int
	// ReadHeader is the time to read a request's headers.
	ReadHeader time.Duration
	// Read is the time to read a whole request, headers and body.
	Read time.Duration
	// Write is the time to write an answer.
	Write time.Duration
	// Idle is how long a kept-alive connection waits for its next request.
	Idle time.Duration
	// Run is the deadline of a job started over HTTP.
	Run time.Duration
}

// shutdownGrace is what requests in flight get to finish once serving
// stops.
const shutdownGrace = 10 * time.Second

// ServeOn serves the routes over HTTP on ln within lim until ctx is done,
// then stops. It returns nil after a stop by ctx, else why serving failed.
func (h *Handler) ServeOn(ctx context.Context, ln net.Listener, lim Limits) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return campaign.Errorf(campaign.Unavailable, "serving on %s stopped: %v", ln.Addr(), err)
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		_ = srv.Shutdown(sctx)
		return nil
	}
}
