package handler

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// ServeHTTP serves the same routes as the HTTP trigger over net/http, for
// `campaignwatch serve`. A body over MaxBodyBytes is answered 413 without
// being read further. Each request gets a fresh request id, logged and
// answered in the X-Request-Id header.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := newRequestID()
	ctx := logging.WithRequestID(r.Context(), id)
	req := &Request{
		Method:    r.Method,
		Path:      r.URL.Path,
		Header:    make(http.Header, len(r.Header)),
		RequestID: id,
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
	var resp *Response
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		resp = h.errorResponse(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is over %d bytes, the most accepted", MaxBodyBytes))
		h.logRequest(ctx, req.Method, req.Path, resp.Status, start)
	case err != nil:
		resp = h.errorResponse(http.StatusBadRequest, "the request body could not be read: "+err.Error())
		h.logRequest(ctx, req.Method, req.Path, resp.Status, start)
	default:
		req.Body = body
		resp = h.Serve(ctx, req)
	}
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("X-Request-Id", id)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body) // the client went away; nothing to do
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
