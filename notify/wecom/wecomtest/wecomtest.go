// Package wecomtest is a fake WeCom group robot for tests: a real HTTP
// server on 127.0.0.1 that checks posts as WeCom does (the key; a JSON
// body with msgtype markdown of at most 4,096 bytes of content, or text of
// at most 2,048 with its mention lists; at most 20 messages a minute) and
// answers as WeCom does: HTTP 200 with errcode and errmsg. It records what
// it accepted. Failures can be queued.
package wecomtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Key is the fake robot's key. It looks like a real one, so that tests can
// check it never leaks.
const Key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"

// Reply is one answer: an errcode and errmsg, or (Status other than 0 or
// 200) a bare HTTP failure.
type Reply struct {
	Status  int
	ErrCode int
	ErrMsg  string
}

// Canned answers as WeCom gives them.
var (
	OK          = Reply{ErrCode: 0, ErrMsg: "ok"}
	OverLimit   = Reply{ErrCode: 45009, ErrMsg: "api freq out of limit, more info at https://open.work.weixin.qq.com/devtool/query?e=45009"}
	InvalidKey  = Reply{ErrCode: 93000, ErrMsg: "invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}
	TooLong     = Reply{ErrCode: 40058, ErrMsg: "markdown.content exceed max length 4096"}
	BadType     = Reply{ErrCode: 40008, ErrMsg: "invalid message type"}
	Empty       = Reply{ErrCode: 44004, ErrMsg: "empty content"}
	BadJSON     = Reply{ErrCode: 40035, ErrMsg: "invalid json"}
	Unavailable = Reply{Status: http.StatusServiceUnavailable}
)

// Message is an accepted message, decoded.
type Message struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
	Text struct {
		Content          string   `json:"content"`
		Mentioned        []string `json:"mentioned_list"`
		MentionedMobiles []string `json:"mentioned_mobile_list"`
	} `json:"text"`
	// Body is the request body as received.
	Body []byte `json:"-"`
}

// Server is the fake robot. It is safe for concurrent use.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	now      func() time.Time
	limit    int
	queue    []Reply
	requests int
	sent     []time.Time
	accepted []Message
}

// New starts a fake robot. Close it when done.
func New() *Server {
	s := &Server{now: time.Now, limit: 20}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the robot's webhook URL (WECOM_WEBHOOK_URL).
func (s *Server) URL() string { return s.srv.URL + "/cgi-bin/webhook/send?key=" + Key }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetClock sets the server's clock, which counts the per-minute limit.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetLimit sets how many messages a minute the robot takes (20 by default).
func (s *Server) SetLimit(perMinute int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit = perMinute
}

// Enqueue queues answers given, in order, to the next requests instead of
// the normal checks.
func (s *Server) Enqueue(r ...Reply) {
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

// Messages returns the accepted messages in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.accepted...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if len(s.queue) > 0 {
		q := s.queue[0]
		s.queue = s.queue[1:]
		answer(w, q)
		return
	}
	if err != nil || r.Method != http.MethodPost || r.URL.Path != "/cgi-bin/webhook/send" {
		answer(w, Reply{Status: http.StatusNotFound})
		return
	}
	answer(w, s.check(r, body))
}

// check decides a request's answer as WeCom does; s.mu is held.
func (s *Server) check(r *http.Request, body []byte) Reply {
	if r.URL.Query().Get("key") != Key {
		return InvalidKey
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return BadJSON
	}
	switch m.MsgType {
	case "markdown":
		if m.Markdown.Content == "" {
			return Empty
		}
		if len(m.Markdown.Content) > 4096 {
			return TooLong
		}
	case "text":
		if m.Text.Content == "" {
			return Empty
		}
		if len(m.Text.Content) > 2048 {
			return Reply{ErrCode: 40058, ErrMsg: "text.content exceed max length 2048"}
		}
	default:
		return BadType
	}
	now := s.now()
	recent := s.sent[:0]
	for _, t := range s.sent {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	s.sent = recent
	if len(s.sent) >= s.limit {
		return OverLimit
	}
	s.sent = append(s.sent, now)
	m.Body = body
	s.accepted = append(s.accepted, m)
	return OK
}

func answer(w http.ResponseWriter, r Reply) {
	if r.Status != 0 && r.Status != http.StatusOK {
		http.Error(w, http.StatusText(r.Status), r.Status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"errcode": r.ErrCode, "errmsg": r.ErrMsg})
}
