// Package webhooktest is a fake receiving end of campaignwatch's generic
// webhook for tests: a real HTTP server on 127.0.0.1 that checks posts as
// a careful receiver does (a JSON body of version 1 within MaxBodyBytes;
// the User-Agent, delivery id and timestamp headers; with a secret, the
// timestamp within five minutes and the signature; at most a set number
// of posts a minute, answering 429 with Retry-After past it) and keeps
// each delivery id once, counting duplicates. Failures can be queued.
package webhooktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// Path is the fake endpoint's path. It ends in a token, as many real
// endpoints do, so that tests can check it never leaks.
const Path = "/hooks/campaignwatch/wh0ok7oken5ecret0123456789"

// MaxBodyBytes is the largest body the endpoint takes.
const MaxBodyBytes = 4 << 20

// Reply is one queued answer: a status, with Retry-After in seconds when
// RetryAfter is set.
type Reply struct {
	Status     int
	RetryAfter string
}

// Message is an accepted post, decoded.
type Message struct {
	Version    int               `json:"version"`
	Kind       string            `json:"kind"`
	Receiver   string            `json:"receiver"`
	RunID      string            `json:"runId"`
	Generation int64             `json:"generation"`
	Part       int               `json:"part"`
	Parts      int               `json:"parts"`
	Changes    []json.RawMessage `json:"changes"`
	Watching   int               `json:"watching"`
	Digest     json.RawMessage   `json:"digest"`
	// Delivery, UserAgent: the headers it came with.
	Delivery  string `json:"-"`
	UserAgent string `json:"-"`
	// Body is the request body as received.
	Body []byte `json:"-"`
}

// Server is the fake endpoint. It is safe for concurrent use.
type Server struct {
	notifytest.Robot[Reply, Message]
	srv    *httptest.Server
	secret string

	limit      int
	seen       map[string]bool
	duplicates int
	deliveries []string
}

// New starts a fake endpoint; secret "" means it does not check
// signatures. Close it when done.
func New(secret string) *Server {
	s := &Server{secret: secret, seen: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the endpoint's URL (WEBHOOK_URL).
func (s *Server) URL() string { return s.srv.URL + Path }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetLimit makes the endpoint answer 429 with Retry-After past perMinute
// posts in a minute; 0 (the default) means no limit.
func (s *Server) SetLimit(perMinute int) {
	s.Lock()
	defer s.Unlock()
	s.limit = perMinute
}

// Duplicates counts valid posts whose delivery id had been accepted
// before: the endpoint answered 200 and dropped them. Messages has each
// delivery id once.
func (s *Server) Duplicates() int {
	s.Lock()
	defer s.Unlock()
	return s.duplicates
}

// Deliveries returns the X-Campaignwatch-Delivery header of every
// request received, refused ones included, in order.
func (s *Server) Deliveries() []string {
	s.Lock()
	defer s.Unlock()
	return append([]string(nil), s.deliveries...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	s.Lock()
	defer s.Unlock()
	s.deliveries = append(s.deliveries, r.Header.Get("X-Campaignwatch-Delivery"))
	if q, ok := s.Take(); ok {
		if q.RetryAfter != "" {
			w.Header().Set("Retry-After", q.RetryAfter)
		}
		http.Error(w, http.StatusText(q.Status), q.Status)
		return
	}
	if err != nil || r.Method != http.MethodPost || r.URL.Path != Path {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	status, why := s.check(r, body)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	if status != http.StatusOK {
		http.Error(w, why, status)
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "ok")
}

// check decides a request's status; the lock is held.
func (s *Server) check(r *http.Request, body []byte) (int, string) {
	if len(body) > MaxBodyBytes {
		return http.StatusRequestEntityTooLarge, "body too large"
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return http.StatusUnsupportedMediaType, "want application/json"
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "campaignwatch/") {
		return http.StatusBadRequest, "no campaignwatch User-Agent"
	}
	id := r.Header.Get("X-Campaignwatch-Delivery")
	if id == "" {
		return http.StatusBadRequest, "no X-Campaignwatch-Delivery"
	}
	tsRaw := r.Header.Get("X-Campaignwatch-Timestamp")
	ts, err := strconv.ParseInt(tsRaw, 10, 64)
	if err != nil {
		return http.StatusBadRequest, "no X-Campaignwatch-Timestamp"
	}
	now := s.Now()
	if s.secret != "" {
		if d := now.Sub(time.Unix(ts, 0)); d > 5*time.Minute || d < -5*time.Minute {
			return http.StatusUnauthorized, "stale timestamp"
		}
		mac := hmac.New(sha256.New, []byte(s.secret))
		mac.Write([]byte(tsRaw + "."))
		mac.Write(body)
		want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		if !hmac.Equal([]byte(r.Header.Get("X-Campaignwatch-Signature")), []byte(want)) {
			return http.StatusUnauthorized, "bad signature"
		}
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil || m.Version != 1 || m.Kind == "" || m.Part < 1 || m.Part > m.Parts {
		return http.StatusUnprocessableEntity, "not a campaignwatch body of version 1"
	}
	var limits []notifytest.Limit
	if s.limit > 0 {
		limits = append(limits, notifytest.Limit{Max: s.limit, Per: time.Minute})
	}
	if !s.Admit(limits...) {
		return http.StatusTooManyRequests, "slow down"
	}
	if s.seen[id] {
		s.duplicates++
		return http.StatusOK, ""
	}
	s.seen[id] = true
	m.Delivery, m.UserAgent, m.Body = id, r.Header.Get("User-Agent"), body
	s.Accept(m)
	return http.StatusOK, ""
}
