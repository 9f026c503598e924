// Package fctest is a fake of the Function Compute runtime API
// (2020-11-11) that github.com/aliyun/fc-runtime-go-sdk talks to, for
// tests: start it, point the function process at it with
// FC_RUNTIME_API=<Addr()>, and Invoke events as Function Compute would.
//
// It serves GET /2020-11-11/runtime/invocation/next (long-polling until an
// event is queued) and POST /2020-11-11/runtime/invocation/<id>/response
// and /<id>/error. Every event is sent with the headers the SDK needs
// (x-fc-request-id, x-fc-function-deadline, x-fc-function-timeout) and the
// function metadata it reads into fccontext.
package fctest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

const apiPrefix = "/2020-11-11/runtime/invocation/"

// Config describes the function the fake runtime invokes. Zero fields take
// the defaults of New.
type Config struct {
	// FunctionName defaults to "campaignwatch".
	FunctionName string
	// Region defaults to "ap-southeast-1".
	Region string
	// AccountID defaults to "1234567890123456".
	AccountID string
	// Timeout is the function timeout; each invocation's deadline is
	// now+Timeout. Defaults to 60s.
	Timeout time.Duration
	// AccessKeyID, AccessKeySecret and SecurityToken, when set, are sent as
	// the invocation's STS credentials (fccontext.Credentials). Left empty,
	// no credential headers are sent.
	AccessKeyID, AccessKeySecret, SecurityToken string
}

// Runtime is a running fake runtime API. Its methods are safe for
// concurrent use.
type Runtime struct {
	cfg    Config
	ln     net.Listener
	srv    *http.Server
	queue  chan *invocation
	closed chan struct{}
	once   sync.Once

	mu       sync.Mutex
	seq      int
	inflight map[string]*invocation
}

type invocation struct {
	id    string
	event []byte
	done  chan outcome
}

type outcome struct {
	body    []byte
	isError bool
}

// New starts a fake runtime API on 127.0.0.1 with the default Config. It
// panics if it cannot listen, as httptest.NewServer does.
func New() *Runtime { return NewWithConfig(Config{}) }

// NewWithConfig starts a fake runtime API on 127.0.0.1 describing the
// function cfg.
func NewWithConfig(cfg Config) *Runtime {
	if cfg.FunctionName == "" {
		cfg.FunctionName = "campaignwatch"
	}
	if cfg.Region == "" {
		cfg.Region = "ap-southeast-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "1234567890123456"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("fctest: cannot listen on 127.0.0.1: %v", err))
	}
	rt := &Runtime{
		cfg:      cfg,
		ln:       ln,
		queue:    make(chan *invocation),
		closed:   make(chan struct{}),
		inflight: make(map[string]*invocation),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+apiPrefix+"next", rt.next)
	mux.HandleFunc("POST "+apiPrefix+"{id}/response", func(w http.ResponseWriter, r *http.Request) { rt.answer(w, r, false) })
	mux.HandleFunc("POST "+apiPrefix+"{id}/error", func(w http.ResponseWriter, r *http.Request) { rt.answer(w, r, true) })
	rt.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = rt.srv.Serve(ln) }() // returns http.ErrServerClosed on Close
	return rt
}

// Addr is the host:port to put in FC_RUNTIME_API.
func (rt *Runtime) Addr() string { return rt.ln.Addr().String() }

// Invoke queues event for the function, waits until the function answers
// it and returns the answer: the response body, or, with isError true, the
// posted error ({"errorMessage","errorType"}). err is non-nil when ctx ends
// or the runtime is closed before the answer arrives.
func (rt *Runtime) Invoke(ctx context.Context, event []byte) (result []byte, isError bool, err error) {
	rt.mu.Lock()
	rt.seq++
	inv := &invocation{
		id:    fmt.Sprintf("fctest-%d-%d", time.Now().UnixNano(), rt.seq),
		event: append([]byte(nil), event...),
		done:  make(chan outcome, 1),
	}
	rt.mu.Unlock()
	select {
	case rt.queue <- inv:
	case <-ctx.Done():
		return nil, false, fmt.Errorf("fctest: no function asked for the next invocation: %w", ctx.Err())
	case <-rt.closed:
		return nil, false, errors.New("fctest: runtime closed")
	}
	defer func() {
		rt.mu.Lock()
		delete(rt.inflight, inv.id)
		rt.mu.Unlock()
	}()
	select {
	case o := <-inv.done:
		return o.body, o.isError, nil
	case <-ctx.Done():
		return nil, false, fmt.Errorf("fctest: invocation %s got no answer: %w", inv.id, ctx.Err())
	case <-rt.closed:
		return nil, false, errors.New("fctest: runtime closed")
	}
}

// Close stops the fake. Stop the function process first: the SDK retries
// GET next without pause once the runtime is gone.
func (rt *Runtime) Close() {
	rt.once.Do(func() {
		close(rt.closed)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = rt.srv.Shutdown(ctx) // long polls end on closed; a timeout leaves nothing to clean
	})
}

// next long-polls for the next queued invocation.
func (rt *Runtime) next(w http.ResponseWriter, r *http.Request) {
	var inv *invocation
	select {
	case inv = <-rt.queue:
	case <-r.Context().Done():
		return
	case <-rt.closed:
		http.Error(w, "runtime closed", http.StatusServiceUnavailable)
		return
	}
	rt.mu.Lock()
	rt.inflight[inv.id] = inv
	rt.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("x-fc-request-id", inv.id)
	h.Set("x-fc-function-deadline", strconv.FormatInt(time.Now().Add(rt.cfg.Timeout).UnixMilli(), 10))
	h.Set("x-fc-function-timeout", strconv.Itoa(int(rt.cfg.Timeout/time.Second)))
	h.Set("x-fc-function-name", rt.cfg.FunctionName)
	h.Set("x-fc-function-handler", "main")
	h.Set("x-fc-function-memory", "128")
	h.Set("x-fc-region", rt.cfg.Region)
	h.Set("x-fc-account-id", rt.cfg.AccountID)
	h.Set("x-fc-retry-count", "0")
	if rt.cfg.AccessKeyID != "" {
		h.Set("x-fc-access-key-id", rt.cfg.AccessKeyID)
		h.Set("x-fc-access-key-secret", rt.cfg.AccessKeySecret)
		h.Set("x-fc-security-token", rt.cfg.SecurityToken)
	}
	_, _ = w.Write(inv.event) // a lost function shows as Invoke's ctx ending
}

// answer takes the function's response or error for an invocation.
func (rt *Runtime) answer(w http.ResponseWriter, r *http.Request, isError bool) {
	id := r.PathValue("id")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read the answer: "+err.Error(), http.StatusBadRequest)
		return
	}
	rt.mu.Lock()
	inv := rt.inflight[id]
	delete(rt.inflight, id)
	rt.mu.Unlock()
	if inv == nil {
		http.Error(w, fmt.Sprintf("unknown or already answered request id %q", id), http.StatusBadRequest)
		return
	}
	inv.done <- outcome{body: body, isError: isError}
	w.WriteHeader(http.StatusOK)
}
