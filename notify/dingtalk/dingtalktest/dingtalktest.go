// Package dingtalktest is a fake DingTalk custom robot for tests: a real
// HTTP server on 127.0.0.1 that checks posts as DingTalk does (the
// access_token; with a secret, the timestamp within an hour and the sign;
// a keyword when one is set; a JSON body with msgtype markdown or text of
// at most 20,000 bytes; at most 20 messages a minute, then 10 minutes of
// throttling) and answers as DingTalk does: HTTP 200 with errcode and
// errmsg. It records what it accepted. Failures can be queued.
package dingtalktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// Token is the fake robot's access_token. It looks like a real one, so
// that tests can check it never leaks.
const Token = "f4ke0acce55t0ken5ecretd1ngta1k0123456789abcdef0123456789abcdef01"

// Reply is one answer: an errcode and errmsg, or (Status other than 0 or
// 200) a bare HTTP failure.
type Reply struct {
	Status  int
	ErrCode int
	ErrMsg  string
}

// Canned answers as DingTalk gives them.
var (
	OK          = Reply{ErrCode: 0, ErrMsg: "ok"}
	Throttled   = Reply{ErrCode: 130101, ErrMsg: "send too fast, exceed 20 times per minute"}
	SignInvalid = Reply{ErrCode: 310000, ErrMsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}
	Keyword     = Reply{ErrCode: 310000, ErrMsg: "keywords not in content"}
	NoToken     = Reply{ErrCode: 300001, ErrMsg: "token is not exist"}
	TooLarge    = Reply{ErrCode: 460101, ErrMsg: "message too long, exceed 20000 bytes"}
	BadJSON     = Reply{ErrCode: 40035, ErrMsg: "缺少参数 json"}
	Unavailable = Reply{Status: http.StatusServiceUnavailable}
	// Busy is "system busy", which DingTalk's documentation says to retry.
	Busy = Reply{ErrCode: -1, ErrMsg: "系统繁忙"}
)

// Message is an accepted message, decoded.
type Message struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
	Text struct {
		Content string `json:"content"`
	} `json:"text"`
	At struct {
		AtMobiles []string `json:"atMobiles"`
		AtUserIDs []string `json:"atUserIds"`
		IsAtAll   bool     `json:"isAtAll"`
	} `json:"at"`
	// Body is the request body as received.
	Body []byte `json:"-"`
}

// Mentions returns whom m mentions as a group sees it: "@all" when
// at.isAtAll, then "@" and each of at.atMobiles and at.atUserIds, each
// only when the text names it too ("@13800000000"), since DingTalk
// notifies but does not show a mention the text leaves out. Nil when m
// mentions nobody.
func (m Message) Mentions() []string {
	text := m.Markdown.Text + m.Text.Content
	var out []string
	add := func(name string) {
		if strings.Contains(text, "@"+name) {
			out = append(out, "@"+name)
		}
	}
	if m.At.IsAtAll {
		add("all")
	}
	for _, n := range m.At.AtMobiles {
		add(n)
	}
	for _, n := range m.At.AtUserIDs {
		add(n)
	}
	return out
}

// Server is the fake robot. It is safe for concurrent use.
type Server struct {
	notifytest.Robot[Reply, Message]
	srv    *httptest.Server
	secret string

	limit     int
	keyword   string
	throttled time.Time
}

// New starts a fake robot; secret "" means it does not check signatures.
// Close it when done.
func New(secret string) *Server {
	s := &Server{secret: secret, limit: 20}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the robot's webhook URL (DINGTALK_WEBHOOK_URL).
func (s *Server) URL() string { return s.srv.URL + "/robot/send?access_token=" + Token }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetLimit sets how many messages a minute the robot takes (20 by default).
func (s *Server) SetLimit(perMinute int) {
	s.Lock()
	defer s.Unlock()
	s.limit = perMinute
}

// SetKeyword makes the robot refuse messages without keyword (errcode
// 310000), as a robot with a keyword setting does.
func (s *Server) SetKeyword(keyword string) {
	s.Lock()
	defer s.Unlock()
	s.keyword = keyword
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.Lock()
	defer s.Unlock()
	if q, ok := s.Take(); ok {
		answer(w, q)
		return
	}
	if err != nil || r.Method != http.MethodPost || r.URL.Path != "/robot/send" {
		answer(w, Reply{Status: http.StatusNotFound})
		return
	}
	answer(w, s.check(r, body))
}

// check decides a request's answer as DingTalk does; the lock is held.
func (s *Server) check(r *http.Request, body []byte) Reply {
	q := r.URL.Query()
	if q.Get("access_token") != Token {
		return NoToken
	}
	now := s.Now()
	if s.secret != "" {
		ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if err != nil {
			return Reply{ErrCode: 310000, ErrMsg: "invalid timestamp"}
		}
		if d := now.Sub(time.UnixMilli(ts)); d > time.Hour || d < -time.Hour {
			return Reply{ErrCode: 310000, ErrMsg: "invalid timestamp, timestamp is too old or in the future"}
		}
		mac := hmac.New(sha256.New, []byte(s.secret))
		mac.Write([]byte(q.Get("timestamp") + "\n" + s.secret))
		want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
		// q.Get has already URL-decoded the sign.
		if !hmac.Equal([]byte(q.Get("sign")), []byte(want)) {
			return SignInvalid
		}
	}
	if len(body) > 20000 {
		return TooLarge
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return BadJSON
	}
	var text string
	switch m.MsgType {
	case "markdown":
		if m.Markdown.Title == "" || m.Markdown.Text == "" {
			return Reply{ErrCode: 40035, ErrMsg: "缺少参数 markdown.title 或 markdown.text"}
		}
		text = m.Markdown.Title + m.Markdown.Text
	case "text":
		if m.Text.Content == "" {
			return Reply{ErrCode: 40035, ErrMsg: "缺少参数 text.content"}
		}
		text = m.Text.Content
	default:
		return Reply{ErrCode: 40035, ErrMsg: "msgtype is missing or unknown"}
	}
	if s.keyword != "" && !strings.Contains(text, s.keyword) {
		return Keyword
	}
	if now.Before(s.throttled) {
		return Throttled
	}
	if !s.Admit(notifytest.Limit{Max: s.limit, Per: time.Minute}) {
		s.throttled = now.Add(10 * time.Minute)
		return Throttled
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
