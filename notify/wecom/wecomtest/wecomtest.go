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
	"time"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
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
	// Busy is "system busy", which WeCom's documentation says to retry.
	Busy = Reply{ErrCode: -1, ErrMsg: "system busy"}
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
	notifytest.Robot[Reply, Message]
	srv   *httptest.Server
	limit int
}

// New starts a fake robot. Close it when done.
func New() *Server {
	s := &Server{limit: 20}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the robot's webhook URL (WECOM_WEBHOOK_URL).
func (s *Server) URL() string { return s.srv.URL + "/cgi-bin/webhook/send?key=" + Key }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetLimit sets how many messages a minute the robot takes (20 by default).
func (s *Server) SetLimit(perMinute int) {
	s.Lock()
	defer s.Unlock()
	s.limit = perMinute
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.Lock()
	defer s.Unlock()
	if q, ok := s.Take(); ok {
		answer(w, q)
		return
	}
	if err != nil || r.Method != http.MethodPost || r.URL.Path != "/cgi-bin/webhook/send" {
		answer(w, Reply{Status: http.StatusNotFound})
		return
	}
	answer(w, s.check(r, body))
}

// check decides a request's answer as WeCom does; the lock is held.
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
	if !s.Admit(notifytest.Limit{Max: s.limit, Per: time.Minute}) {
		return OverLimit
	}
	m.Body = body
	s.Accept(m)
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
