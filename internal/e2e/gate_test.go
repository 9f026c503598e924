package e2e

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
)

// Gate is a reverse proxy in front of one fake service. By default it
// forwards every request unchanged (the Host header included, since the CAMS
// emulator checks a signature over it); rules added with On change what
// happens to the requests they match.
type Gate struct {
	URL    string
	target *url.URL
	srv    *httptest.Server
	client *http.Client
	closed chan struct{}
	once   sync.Once

	mu    sync.Mutex
	rules []*Rule
	seen  []string // "METHOD /path?query" of every request
}

// Action is what a rule does with a request it matches.
type Action int

const (
	// Hold keeps the request before it reaches the service, until the rule
	// is released (then it is forwarded) or the client goes away (then the
	// service never sees it).
	Hold Action = iota
	// HoldAnswer forwards the request, then keeps the service's answer
	// until the rule is released or the client goes away (the service
	// acted, the client never learns it).
	HoldAnswer
	// Answer answers with the rule's Status, ContentType and Body without
	// forwarding.
	Answer
	// Hang keeps the request until the client gives up; the service never
	// sees it.
	Hang
)

// Rule is one injected behaviour.
type Rule struct {
	Match func(r *http.Request) bool
	Do    Action
	// Skip lets the first Skip matching requests through unchanged.
	Skip int
	// Times is how many matching requests (after Skip) the rule applies to;
	// 0 means every one.
	Times int
	// For Answer.
	Status      int
	ContentType string
	Body        string
	// Header adds headers to an Answer (a redirect's Location).
	Header map[string]string

	matched int
	applied int
	reached chan struct{}
	reachOn sync.Once
	release chan struct{}
	relOnce sync.Once
	drop    chan struct{}
	dropOn  sync.Once
	gate    *Gate
}

// Reached is closed when the rule first applies to a request.
func (r *Rule) Reached() <-chan struct{} { return r.reached }

// Applied counts the requests the rule applied to.
func (r *Rule) Applied() int {
	r.gate.mu.Lock()
	defer r.gate.mu.Unlock()
	return r.applied
}

// Release lets held requests (and later ones) go on.
func (r *Rule) Release() { r.relOnce.Do(func() { close(r.release) }) }

// NewGate starts a gate in front of target (a base URL) and closes it at
// the end of the test.
func NewGate(t testing.TB, target string) *Gate {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("gate target %q: %v", target, err)
	}
	g := &Gate{target: u, closed: make(chan struct{}),
		client: &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 32}}}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	g.URL = g.srv.URL
	t.Cleanup(g.Close)
	return g
}

// Close releases every held request and stops the gate.
func (g *Gate) Close() {
	g.once.Do(func() {
		close(g.closed)
		g.srv.CloseClientConnections()
		g.srv.Close()
	})
}

// On adds a rule; rules are tried in the order added.
func (g *Gate) On(r *Rule) *Rule {
	r.reached = make(chan struct{})
	r.release = make(chan struct{})
	r.drop = make(chan struct{})
	r.gate = g
	g.mu.Lock()
	g.rules = append(g.rules, r)
	g.mu.Unlock()
	return r
}

// Clear removes every rule. Requests still held are dropped, never
// forwarded: after a kill, the dead process's requests must not reach the
// service.
func (g *Gate) Clear() {
	g.mu.Lock()
	rules := g.rules
	g.rules = nil
	g.mu.Unlock()
	for _, r := range rules {
		r.dropOn.Do(func() { close(r.drop) })
	}
}

// Seen returns the requests received so far.
func (g *Gate) Seen() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.seen...)
}

func (g *Gate) pick(r *http.Request) *Rule {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seen = append(g.seen, r.Method+" "+r.URL.RequestURI())
	for _, rule := range g.rules {
		if rule.Match != nil && !rule.Match(r) {
			continue
		}
		if rule.Times > 0 && rule.applied >= rule.Times {
			continue
		}
		rule.matched++
		if rule.matched <= rule.Skip {
			return nil
		}
		rule.applied++
		return rule
	}
	return nil
}

func (g *Gate) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rule := g.pick(r)
	if rule != nil {
		rule.reachOn.Do(func() { close(rule.reached) })
		switch rule.Do {
		case Answer:
			ct := rule.ContentType
			if ct == "" {
				ct = "application/json;charset=utf-8"
			}
			w.Header().Set("Content-Type", ct)
			for k, v := range rule.Header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(rule.Body)))
			w.WriteHeader(rule.Status)
			_, _ = io.WriteString(w, rule.Body)
			return
		case Hang:
			select {
			case <-r.Context().Done():
			case <-g.closed:
			}
			return
		case Hold:
			if !g.wait(r, rule) {
				panic(http.ErrAbortHandler) // no answer: the connection is cut
			}
		}
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, g.target.Scheme+"://"+g.target.Host+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	out.ContentLength = int64(len(body))
	resp, err := g.client.Do(out)
	if err != nil {
		http.Error(w, "gate: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, "gate: "+err.Error(), http.StatusBadGateway)
		return
	}
	if rule != nil && rule.Do == HoldAnswer && !g.wait(r, rule) {
		panic(http.ErrAbortHandler) // the service acted; the client never learns it
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

// wait holds a request until the rule is released (true) or the client
// went away, the rule was cleared or the gate closed (false).
func (g *Gate) wait(r *http.Request, rule *Rule) bool {
	select {
	case <-rule.drop:
		return false
	case <-rule.release:
		return r.Context().Err() == nil
	case <-r.Context().Done():
		return false
	case <-g.closed:
		return false
	}
}
