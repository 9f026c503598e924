package handler

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// countingListener counts the connections the server holds open: Accept
// adds one, the server's Close of the connection takes it away.
type countingListener struct {
	net.Listener
	open, max atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	n := l.open.Add(1)
	for m := l.max.Load(); n > m && !l.max.CompareAndSwap(m, n); m = l.max.Load() {
	}
	return &countedConn{Conn: c, l: l}, nil
}

type countedConn struct {
	net.Conn
	l    *countingListener
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.l.open.Add(-1) })
	return c.Conn.Close()
}

// startServer serves h on 127.0.0.1 the way `serve` does (ServeOn), with
// lim; it returns the address and the listener's counts.
func startServer(t *testing.T, h *Handler, lim limits) (string, *countingListener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.ServeOn(ctx, cl, lim) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeOn: %v", err)
		}
	})
	return ln.Addr().String(), cl
}

// testLimits are deadlines short enough for a test to see them fire.
func testLimits() limits {
	return limits{MaxConns: 1000, ReadHeader: 300 * time.Millisecond, Read: 400 * time.Millisecond,
		Write: 400 * time.Millisecond, Idle: 300 * time.Millisecond, Run: time.Minute}
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func healthz(t *testing.T, addr string) int {
	t.Helper()
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz: %v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// closedByServer reads c until the server closes it; a client-side
// timeout (a safety net of a minute, far past any deadline) means the
// server held it.
func closedByServer(c net.Conn) error {
	_ = c.SetReadDeadline(time.Now().Add(time.Minute))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("still open a minute later: %w", err)
	}
	return nil // EOF or a reset: closed
}

// TestServeClosesIdleAndSlowConnections: 200 idle keep-alive connections
// and 200 that send a body slowly are closed by the idle and read
// deadlines, while GET /healthz keeps answering; nothing runs.
func TestServeClosesIdleAndSlowConnections(t *testing.T) {
	jobs := stockedJobs()
	h, _ := newTestHandler(t, jobs, testToken)
	addr, cl := startServer(t, h, testLimits())

	var conns []net.Conn
	for range 200 { // idle: one answered request, then silence
		c := dial(t, addr)
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != 200 || resp.Close {
			t.Fatalf("keep-alive GET /healthz: %v %+v", err, resp)
		}
		conns = append(conns, c)
	}
	for range 200 { // slow: a check's headers, then one byte of 1,000
		c := dial(t, addr)
		if _, err := io.WriteString(c, "POST /check HTTP/1.1\r\nHost: x\r\nAuthorization: "+bearer+"\r\nContent-Length: 1000\r\n\r\nx"); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if got := healthz(t, addr); got != 200 {
		t.Errorf("GET /healthz with 400 connections held: %d", got)
	}

	var wg sync.WaitGroup
	errs := make([]error, len(conns))
	for i, c := range conns {
		wg.Go(func() { errs[i] = closedByServer(c) })
	}
	wg.Wait()
	held := 0
	for _, err := range errs {
		if err != nil {
			held++
		}
	}
	if held > 0 {
		t.Errorf("%d of %d connections were held past the deadlines", held, len(conns))
	}
	if got := healthz(t, addr); got != 200 {
		t.Errorf("GET /healthz after the deadlines: %d", got)
	}
	if calls := jobs.Calls(); len(calls) != 0 {
		t.Errorf("a request whose body never came ran %q", calls)
	}
	// The server's side: every connection but the last healthz's (which
	// the server may still be closing) is gone.
	for deadline := time.Now().Add(time.Minute); cl.open.Load() > 1 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
	}
	if n := cl.open.Load(); n > 1 {
		t.Errorf("the server still holds %d connections", n)
	}
}

// TestServeCapsConnections: with MaxConns 4, 40 clients at once are all
// answered, and the server never holds more than 4 connections.
func TestServeCapsConnections(t *testing.T) {
	h, _ := newTestHandler(t, stockedJobs(), testToken)
	lim := testLimits()
	lim.MaxConns = 4
	addr, cl := startServer(t, h, lim)
	var wg sync.WaitGroup
	codes := make([]int, 40)
	for i := range codes {
		wg.Go(func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			defer c.Close()
			// Keep-alive: the server holds the connection until idle.
			_, _ = io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			_ = c.SetReadDeadline(time.Now().Add(time.Minute))
			if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
				codes[i] = resp.StatusCode
				_ = closedByServer(c)
			}
		})
	}
	wg.Wait()
	for i, code := range codes {
		if code != 200 {
			t.Errorf("client %d: status %d, want 200", i, code)
		}
	}
	if m := cl.max.Load(); m > 4 {
		t.Errorf("the server held %d connections at once; the cap is 4", m)
	}
}

// TestServeRunOutlastsSocketDeadlines: a check that takes longer than
// the read and write deadlines is neither cancelled nor cut off: its
// deadline is the run's.
func TestServeRunOutlastsSocketDeadlines(t *testing.T) {
	lim := testLimits()
	type runState struct {
		err         error
		hasDeadline bool
	}
	ran := make(chan runState, 1)
	jobs := stockedJobs()
	jobs.check = func(ctx context.Context, dryRun bool) (*campaign.Report, error) {
		time.Sleep(3 * (lim.Read + lim.Write)) // a long run, past both socket deadlines
		_, hasDeadline := ctx.Deadline()
		ran <- runState{ctx.Err(), hasDeadline}
		return sampleReport(campaign.ModeCheck, dryRun), nil
	}
	h, _ := newTestHandler(t, jobs, testToken)
	addr, _ := startServer(t, h, lim)
	req, _ := http.NewRequest("POST", "http://"+addr+"/check", nil)
	req.Header.Set("Authorization", bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /check that outlasts the socket deadlines: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), `"mode":"check"`) {
		t.Errorf("answer %d %s (%v), want 200 with the report", resp.StatusCode, body, err)
	}
	if st := <-ran; st.err != nil || !st.hasDeadline {
		t.Errorf("the run's context: err %v, deadline %v; want alive, with the run's deadline", st.err, st.hasDeadline)
	}
}

// readCounter is a request body that counts what was read of it.
type readCounter struct {
	r io.Reader
	n atomic.Int64
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestServeBodyIsReadOnlyAfterTheToken: a request without a good token is
// refused without a byte of its body read, and a body over the limit is
// answered 413 without reading past it (nothing, when its length says so
// up front).
func TestServeBodyIsReadOnlyAfterTheToken(t *testing.T) {
	big := strings.Repeat("x", 4*maxBodyBytes)
	for _, c := range []struct {
		name, auth    string
		contentLength int64
		status        int
		maxRead       int64
	}{
		{"no token", "", -1, 401, 0},
		{"wrong token", "Bearer nope", int64(len(big)), 401, 0},
		{"body over the limit, length unknown", bearer, -1, 413, maxBodyBytes + 1},
		{"body over the limit, length declared", bearer, int64(len(big)), 413, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			jobs := stockedJobs()
			h, _ := newTestHandler(t, jobs, testToken)
			body := &readCounter{r: strings.NewReader(big)}
			r := httptest.NewRequest("POST", "/check", body)
			r.ContentLength = c.contentLength
			if c.auth != "" {
				r.Header.Set("Authorization", c.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.status {
				t.Errorf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if n := body.n.Load(); n > c.maxRead {
				t.Errorf("%d bytes of the body were read; at most %d may be", n, c.maxRead)
			}
			if calls := jobs.Calls(); len(calls) != 0 {
				t.Errorf("ran %q", calls)
			}
		})
	}
}
