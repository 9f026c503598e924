// Package feishutest is a fake Feishu/Lark custom bot for tests: a real
// HTTP server on 127.0.0.1 that checks posts as Feishu does (the hook
// token; with a secret, the body's timestamp within an hour and its sign;
// a keyword when one is set; a JSON body with msg_type interactive or text
// of at most 20 KB; at most 5 messages a second and 100 a minute) and
// answers as Feishu does: JSON with code and msg. It records what it
// accepted. Failures can be queued. Like a group whose owner lets only
// the owner and admins mention everyone, it can refuse cards that @all
// (SetAllowAll).
package feishutest

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

// Token is the fake bot's hook token. It looks like a real one, so that
// tests can check it never leaks.
const Token = "f4ke0b07-70ke-4e5e-c4e7-fe15hu5ecret01"

// MaxBodyBytes is the largest body the bot takes (20 KB).
const MaxBodyBytes = 20 << 10

// Reply is one answer: a code and msg, or (Status other than 0 or 200) a
// bare HTTP failure.
type Reply struct {
	Status int
	Code   int
	Msg    string
}

// Canned answers as Feishu gives them.
var (
	OK          = Reply{Code: 0, Msg: "success"}
	TooOften    = Reply{Code: 11232, Msg: "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}
	BadRequest  = Reply{Status: http.StatusBadRequest, Code: 9499, Msg: "Bad Request"}
	TooLarge    = Reply{Status: http.StatusBadRequest, Code: 9499, Msg: "request body too large, limit 20KB"}
	BadToken    = Reply{Code: 19001, Msg: "param invalid: incoming webhook access token invalid"}
	SignInvalid = Reply{Code: 19021, Msg: "sign match fail or timestamp is not within one hour from current time"}
	Keyword     = Reply{Code: 19024, Msg: "Key Words Not Found"}
	// AllDenied answers a card that mentions everyone (<at id=all>) in a
	// group that does not let the bot do that. Feishu documents the
	// refusal but not the custom bot's code for it: this is the code its
	// message API gives for what a group's settings forbid (assumed).
	AllDenied   = Reply{Code: 230018, Msg: "These operations are NOT allowed at current group settings."}
	Unavailable = Reply{Status: http.StatusServiceUnavailable}
)

// Message is an accepted message, decoded.
type Message struct {
	MsgType string `json:"msg_type"`
	Card    struct {
		Header struct {
			Title struct {
				Content string `json:"content"`
			} `json:"title"`
		} `json:"header"`
		Elements []json.RawMessage `json:"elements"`
	} `json:"card"`
	Content struct {
		Text string `json:"text"`
	} `json:"content"`
	Timestamp string `json:"timestamp"`
	Sign      string `json:"sign"`
	// Body is the request body as received.
	Body []byte `json:"-"`
}

// Title is the card's header (the message's title).
func (m Message) Title() string { return m.Card.Header.Title.Content }

// Server is the fake bot. It is safe for concurrent use.
type Server struct {
	notifytest.Robot[Reply, Message]
	srv    *httptest.Server
	secret string

	perSecond int
	perMinute int
	keyword   string
	denyAll   bool
}

// New starts a fake bot; secret "" means it does not check signatures.
// Close it when done.
func New(secret string) *Server {
	s := &Server{secret: secret, perSecond: 5, perMinute: 100}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the bot's webhook URL (FEISHU_WEBHOOK_URL).
func (s *Server) URL() string { return s.srv.URL + "/open-apis/bot/v2/hook/" + Token }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetLimits sets how many messages a second and a minute the bot takes
// (5 and 100 by default).
func (s *Server) SetLimits(perSecond, perMinute int) {
	s.Lock()
	defer s.Unlock()
	s.perSecond, s.perMinute = perSecond, perMinute
}

// SetKeyword makes the bot refuse messages without keyword (code 19024).
func (s *Server) SetKeyword(keyword string) {
	s.Lock()
	defer s.Unlock()
	s.keyword = keyword
}

// SetAllowAll says whether the group lets the bot mention everyone: with
// false, a card whose lark_md holds <at id=all> is refused (AllDenied).
// Groups allow it by default.
func (s *Server) SetAllowAll(allow bool) {
	s.Lock()
	defer s.Unlock()
	s.denyAll = !allow
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.Lock()
	defer s.Unlock()
	if q, ok := s.Take(); ok {
		answer(w, q)
		return
	}
	if err != nil || r.Method != http.MethodPost {
		answer(w, Reply{Status: http.StatusNotFound})
		return
	}
	answer(w, s.check(r, body))
}

// check decides a request's answer as Feishu does; the lock is held.
func (s *Server) check(r *http.Request, body []byte) Reply {
	token, ok := strings.CutPrefix(r.URL.Path, "/open-apis/bot/v2/hook/")
	if !ok || token != Token {
		return BadToken
	}
	if len(body) > MaxBodyBytes {
		return TooLarge
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		return BadRequest
	}
	now := s.Now()
	if s.secret != "" {
		ts, err := strconv.ParseInt(m.Timestamp, 10, 64)
		if err != nil {
			return SignInvalid
		}
		if d := now.Sub(time.Unix(ts, 0)); d > time.Hour || d < -time.Hour {
			return SignInvalid
		}
		mac := hmac.New(sha256.New, []byte(m.Timestamp+"\n"+s.secret))
		if !hmac.Equal([]byte(m.Sign), []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))) {
			return SignInvalid
		}
	}
	var text string
	switch m.MsgType {
	case "interactive":
		if m.Title() == "" || len(m.Card.Elements) == 0 {
			return BadRequest
		}
		text = string(body)
	case "text":
		if m.Content.Text == "" {
			return BadRequest
		}
		text = m.Content.Text
	default:
		return BadRequest
	}
	if s.keyword != "" && !strings.Contains(text, s.keyword) {
		return Keyword
	}
	if s.denyAll && m.MsgType == "interactive" && mentionsAll(m.Card.Elements) {
		return AllDenied
	}
	if !s.Admit(notifytest.Limit{Max: s.perSecond, Per: time.Second}, notifytest.Limit{Max: s.perMinute, Per: time.Minute}) {
		return TooOften
	}
	m.Body = body
	s.Accept(m)
	return OK
}

func answer(w http.ResponseWriter, r Reply) {
	if r.Status != 0 && r.Status != http.StatusOK && r.Code == 0 {
		http.Error(w, http.StatusText(r.Status), r.Status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Status != 0 {
		w.WriteHeader(r.Status)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"code": r.Code, "msg": r.Msg, "data": map[string]any{}})
}

// mentionsAll reports whether a card's elements mention everyone: an
// <at id=all> in the lark_md of a div's text.
func mentionsAll(els []json.RawMessage) bool {
	for _, raw := range els {
		var el struct {
			Text *struct {
				Tag     string `json:"tag"`
				Content string `json:"content"`
			} `json:"text"`
		}
		if json.Unmarshal(raw, &el) == nil && el.Text != nil && el.Text.Tag == "lark_md" &&
			strings.Contains(strings.ToLower(el.Text.Content), "<at id=all>") {
			return true
		}
	}
	return false
}
