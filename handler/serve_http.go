package handler

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// ServeHTTP serves the same routes as the HTTP trigger over net/http, with
// DefaultLimits for a run; `campaignwatch serve` uses ServeOn, which also
// sets the connection limits. The body is read only after the token was
// checked, and one over maxBodyBytes is answered 413 without being read
// further. Each request gets a fresh request id, logged and answered in
// the X-Request-Id header.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.serveHTTP(w, r, DefaultLimits())
}

func (h *Handler) serveHTTP(w http.ResponseWriter, r *http.Request, lim limits) {
	id := newRequestID()
	ctx := logging.WithRequestID(r.Context(), id)
	req := &request{
		Method:    r.Method,
		Path:      r.URL.Path,
		Header:    make(http.Header, len(r.Header)),
		RequestID: id,
		Client:    peer(r.RemoteAddr),
		conn:      &httpConn{w: w, r: r, lim: lim},
	}
	// Read strictly, into the trigger's form (repeated values
	// comma-joined), so that both paths see one value per name and the
	// routes refuse what could not be read.
	if req.Query, req.queryErr = readQuery(r.URL.RawQuery); req.queryErr != nil {
		req.Query = map[string]string{}
	}
	for k, vs := range r.Header {
		req.Header.Set(k, strings.Join(vs, ","))
	}
	// net/http keeps Host out of Header; the trigger's event has it there.
	req.Header.Set("Host", r.Host)
	resp := h.Serve(ctx, req)
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("X-Request-Id", id)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body) // the client went away; nothing to do
}

// peer is the host part of a socket address: the client, without the
// port that changes with every connection.
func peer(remoteAddr string) string {
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		return host
	}
	return remoteAddr
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
