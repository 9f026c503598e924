// Package slacktest is a fake Slack incoming webhook for tests: a real HTTP
// server on 127.0.0.1 that checks payloads as Slack does, answers as Slack
// does (body "ok"; plain-text errors such as invalid_payload, no_text,
// invalid_blocks, no_service; 429 with Retry-After; 500), and records what
// it accepted. Failures can be queued.
package slacktest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// The path of the fake's webhook. Its last segment looks like a webhook
// token, so that tests can check it never leaks.
const hookPath = "/services/T0FAKE0001/B0FAKE0002/fAkEtOkEnXyZ0123456789ab"

// Response is one queued answer.
type Response struct {
	Status int
	Body   string
	// RetryAfter, when > 0, is sent as the Retry-After header in seconds.
	RetryAfter int
}

// Canned answers as Slack gives them.
var (
	OK             = Response{Status: http.StatusOK, Body: "ok"}
	InvalidPayload = Response{Status: http.StatusBadRequest, Body: "invalid_payload"}
	ServerError    = Response{Status: http.StatusInternalServerError, Body: "internal_error"}
	NoService      = Response{Status: http.StatusNotFound, Body: "no_service"}
)

// RateLimited is Slack's 429 asking to wait seconds.
func RateLimited(seconds int) Response {
	return Response{Status: http.StatusTooManyRequests, Body: "rate_limited", RetryAfter: seconds}
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	queue    []Response
	requests int
	accepted [][]byte
}

// New starts a fake webhook; Close it when done.
func New() *Server {
	s := &Server{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the webhook URL to configure (SLACK_WEBHOOK_URL).
func (s *Server) URL() string { return s.srv.URL + hookPath }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Enqueue queues answers given, in order, to the next requests instead of
// the normal checks; a request that meets an empty queue is checked and
// answered as Slack would.
func (s *Server) Enqueue(r ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, r...)
}

// Requests counts every request received, refused ones included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Payloads returns the bodies of the accepted messages, in order.
func (s *Server) Payloads() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]byte, len(s.accepted))
	copy(out, s.accepted)
	return out
}

// Messages returns the accepted messages, decoded, in order.
func (s *Server) Messages() []slack.WebhookMessage {
	var out []slack.WebhookMessage
	for _, p := range s.Payloads() {
		var m slack.WebhookMessage
		_ = json.Unmarshal(p, &m) // accepted payloads decoded once already
		out = append(out, m)
	}
	return out
}

// mentionToken is a Slack mention in mrkdwn: <!here>, <!channel>,
// <!everyone>, <@U…> or <!subteam^S…>, with an optional |label.
var mentionToken = regexp.MustCompile(`<(?:!here|!channel|!everyone|@[A-Z0-9]+|!subteam\^[A-Z0-9]+)(?:\|[^>]*)?>`)

// Mentions returns, for each accepted message in order, the mention
// tokens its blocks carry ("<!here>", "<@U024BE7LH>"), as Slack would
// notify them; nil for a message that mentions nobody.
func (s *Server) Mentions() [][]string {
	var out [][]string
	for _, p := range s.Payloads() {
		out = append(out, Mentions(p))
	}
	return out
}

// Mentions returns the mention tokens in the blocks of a webhook body, in
// order; nil when there are none or the body is not a message.
func Mentions(body []byte) []string {
	var p payload
	if json.Unmarshal(body, &p) != nil {
		return nil
	}
	var out []string
	find := func(o *object) {
		if o != nil && o.Type == "mrkdwn" {
			out = append(out, mentionToken.FindAllString(o.Text, -1)...)
		}
	}
	for _, b := range p.Blocks {
		find(b.Text)
		for i := range b.Fields {
			find(&b.Fields[i])
		}
		for i := range b.Elements {
			find(&b.Elements[i])
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	s.requests++
	var queued *Response
	if len(s.queue) > 0 {
		q := s.queue[0]
		s.queue = s.queue[1:]
		queued = &q
	}
	s.mu.Unlock()
	if queued != nil {
		reply(w, *queued)
		return
	}
	switch {
	case r.URL.Path != hookPath:
		reply(w, NoService)
		return
	case r.Method != http.MethodPost:
		reply(w, Response{Status: http.StatusMethodNotAllowed, Body: "invalid_method"})
		return
	case err != nil:
		reply(w, InvalidPayload)
		return
	}
	if problem := Check(body); problem != "" {
		reply(w, Response{Status: http.StatusBadRequest, Body: problem})
		return
	}
	s.mu.Lock()
	s.accepted = append(s.accepted, body)
	s.mu.Unlock()
	reply(w, OK)
}

func reply(w http.ResponseWriter, r Response) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if r.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(r.RetryAfter))
	}
	w.WriteHeader(r.Status)
	_, _ = io.WriteString(w, r.Body)
}

// payload is the part of a webhook message Slack checks.
type payload struct {
	Text   *string `json:"text"`
	Blocks []block `json:"blocks"`
}

type block struct {
	Type     string   `json:"type"`
	Text     *object  `json:"text"`
	Fields   []object `json:"fields"`
	Elements []object `json:"elements"`
}

type object struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// Check validates a webhook body as Slack does and returns Slack's error
// text, or "" when it is acceptable: JSON (else invalid_payload); text or
// blocks (else no_text); at most 50 blocks, a plain_text header of at most
// 150 characters, section text of at most 3,000 characters, at most 10
// fields of at most 2,000 characters, context with 1 to 10 elements (else
// invalid_blocks).
func Check(body []byte) string {
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return "invalid_payload"
	}
	if (p.Text == nil || *p.Text == "") && len(p.Blocks) == 0 {
		return "no_text"
	}
	if len(p.Blocks) > 50 {
		return "invalid_blocks"
	}
	for _, b := range p.Blocks {
		if !validBlock(b) {
			return "invalid_blocks"
		}
	}
	return ""
}

func validBlock(b block) bool {
	chars := utf8.RuneCountInString
	switch b.Type {
	case "header":
		return b.Text != nil && b.Text.Type == "plain_text" && b.Text.Text != "" && chars(b.Text.Text) <= 150
	case "section":
		if b.Text == nil && len(b.Fields) == 0 {
			return false
		}
		if b.Text != nil && (b.Text.Text == "" || chars(b.Text.Text) > 3000 || !textType(b.Text.Type)) {
			return false
		}
		if len(b.Fields) > 10 {
			return false
		}
		for _, f := range b.Fields {
			if f.Text == "" || chars(f.Text) > 2000 || !textType(f.Type) {
				return false
			}
		}
		return true
	case "context":
		if len(b.Elements) == 0 || len(b.Elements) > 10 {
			return false
		}
		for _, e := range b.Elements {
			if e.Text == "" || !textType(e.Type) {
				return false
			}
		}
		return true
	case "divider":
		return true
	}
	return false
}

func textType(t string) bool { return t == "plain_text" || t == "mrkdwn" }
