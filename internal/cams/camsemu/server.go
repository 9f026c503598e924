// Package camsemu is an emulator of the Chat App Message Service endpoint
// for ListMessageCampaign (version 2020-06-06): a small real HTTP server
// on 127.0.0.1 that checks the ACS3-HMAC-SHA256 signature darabonba-openapi
// sends, answers the API's response shape, honours every filter, caps
// Page.Size, and can be told to be slow, throttle, fail a page or change
// its data between calls. Tests and `campaignwatch demo` use it.
package camsemu

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The API the emulator answers.
const (
	Action  = "ListMessageCampaign"
	Version = "2020-06-06"
)

// Options configure a Server. Zero values take the defaults named.
type Options struct {
	// AccessKeyID and AccessKeySecret are the only credentials accepted
	// (default "emu-access-key-id" / "emu-access-key-secret").
	AccessKeyID, AccessKeySecret string
	// SecurityToken, when set, must come in x-acs-security-token, as STS
	// credentials (and Function Compute's role) send it.
	SecurityToken string
	// MaxPageSize silently caps Page.Size (default 50).
	MaxPageSize int
	// OffsetBySizeAsked makes Page.Index count in the Size the client asked
	// for rather than the capped size, as some servers do: a client that
	// keeps asking for more than the cap then skips rows.
	OffsetBySizeAsked bool
	// Latency is how long after a call arrives its answer leaves (the
	// emulator's own work included).
	Latency time.Duration
	// Region names the host in error answers (default "ap-southeast-1").
	Region string
	// Now is the clock that x-acs-date is checked against (default
	// time.Now).
	Now func() time.Time
	// Admin turns on the unauthenticated admin routes under /_emulator/
	// (AdminPath), through which a person changes the campaigns.
	Admin bool
}

// Server is a running emulator. Its methods are safe for concurrent use.
type Server struct {
	opts   Options
	http   *httptest.Server
	nonces nonceCache
	reqID  atomic.Uint64

	mu     sync.Mutex
	data   map[campaign.ChannelID][]campaign.Campaign
	faults []*fault
	stats  stats
}

// New starts an emulator on 127.0.0.1 with no campaigns. Close it when done.
func New(opts Options) *Server {
	s := NewHandler(opts)
	s.http = httptest.NewServer(s)
	return s
}

// NewHandler returns an emulator that is not listening: serve it with any
// http.Server. URL and Endpoint are empty; Close does nothing.
func NewHandler(opts Options) *Server {
	if opts.AccessKeyID == "" && opts.AccessKeySecret == "" {
		opts.AccessKeyID, opts.AccessKeySecret = "emu-access-key-id", "emu-access-key-secret"
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 50
	}
	if opts.Region == "" {
		opts.Region = "ap-southeast-1"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{opts: opts, data: make(map[campaign.ChannelID][]campaign.Campaign)}
}

// URL is the base URL, "http://127.0.0.1:PORT": a CAMS_ENDPOINT value.
func (s *Server) URL() string {
	if s.http == nil {
		return ""
	}
	return s.http.URL
}

// Endpoint is the host and port, "127.0.0.1:PORT".
func (s *Server) Endpoint() string { return strings.TrimPrefix(s.URL(), "http://") }

// AccessKey returns the credentials the emulator accepts.
func (s *Server) AccessKey() (id, secret, securityToken string) {
	return s.opts.AccessKeyID, s.opts.AccessKeySecret, s.opts.SecurityToken
}

// Close stops the server and waits for answers in flight.
func (s *Server) Close() {
	if s.http != nil {
		s.http.Close()
	}
}

// SetCampaigns replaces the campaigns of one channel, in the order they
// will be listed; the copies are tagged with the channel. A channel never
// set is unknown: listing it answers Success:false.
func (s *Server) SetCampaigns(custSpaceID, pageID string, cs []campaign.Campaign) {
	id := campaign.ChannelID{CustSpaceID: custSpaceID, PageID: pageID}
	cp := make([]campaign.Campaign, len(cs))
	for i, c := range cs {
		c.CustSpaceID, c.PageID = custSpaceID, pageID
		cp[i] = c
	}
	s.mu.Lock()
	s.data[id] = cp
	s.mu.Unlock()
}

// Load adds the campaigns to their channels (each campaign's CustSpaceID
// and PageID), replacing those channels' previous campaigns.
func (s *Server) Load(cs []campaign.Campaign) {
	byChannel := make(map[campaign.ChannelID][]campaign.Campaign)
	var order []campaign.ChannelID
	for _, c := range cs {
		id := campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
		if _, ok := byChannel[id]; !ok {
			order = append(order, id)
		}
		byChannel[id] = append(byChannel[id], c)
	}
	for _, id := range order {
		s.SetCampaigns(id.CustSpaceID, id.PageID, byChannel[id])
	}
}

// Campaigns returns a copy of one channel's campaigns.
func (s *Server) Campaigns(custSpaceID, pageID string) []campaign.Campaign {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]campaign.Campaign(nil), s.data[campaign.ChannelID{CustSpaceID: custSpaceID, PageID: pageID}]...)
}

// ServeHTTP answers one API call, Latency after it arrived.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.isAdmin(r) {
		s.serveAdmin(w, r)
		return
	}
	arrived := time.Now()
	defer s.begin()()
	a := s.answer(r)
	// The emulator's own work counts towards the latency, as a real
	// server's does: the answer leaves Latency after the call arrived.
	if err := SleepUntil(r.Context(), arrived.Add(s.opts.Latency)); err != nil {
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
	if a.after != nil {
		a.after()
	}
}

// answer is a response ready to send, and what to run once it was sent.
type answer struct {
	status     int
	body       []byte
	after      func()
	retryAfter string // the Retry-After header; "" for none
}

// answer checks the call and computes its answer.
func (s *Server) answer(r *http.Request) answer {
	now := s.opts.Now()
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return s.errorAnswer(errInvalidParameter("body", "unreadable"))
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		return s.errorAnswer(errMethodNotAllowed(r.Method))
	}
	if aerr := s.verify(r, body, now); aerr != nil {
		return s.refuse(aerr)
	}
	if a := r.Header.Get("x-acs-action"); a != Action {
		return s.refuse(errInvalidAction(a))
	}
	if v := r.Header.Get("x-acs-version"); v != Version {
		return s.refuse(errInvalidVersion(v))
	}
	q, aerr := parseQuery(r)
	if aerr != nil {
		return s.refuse(aerr)
	}
	return s.list(q)
}

// list answers a verified, well-formed request.
func (s *Server) list(q query) answer {
	s.mu.Lock()
	f := s.takeFault(q.channel, q.index)
	if f != nil && f.err != nil {
		s.mu.Unlock()
		a := s.errorAnswer(f.err)
		a.retryAfter = f.retryAfter
		return a
	}
	all, known := s.data[q.channel]
	// SetCampaigns replaces a channel's slice and never writes into it:
	// the page can be cut from it without the lock.
	s.mu.Unlock()
	if !known {
		return s.jsonAnswer(http.StatusOK, map[string]any{
			"RequestId": s.requestID(), "Code": "InvalidCustSpaceId.NotFound", "Success": false,
			"Message": fmt.Sprintf("The channel %s does not exist or does not belong to you.", q.channel),
		})
	}

	size := min(q.size, s.opts.MaxPageSize)
	stride := size
	if s.opts.OffsetBySizeAsked {
		stride = q.size
	}
	// One pass: count every match, keep only the page's window.
	start := (q.index - 1) * stride
	rows := make([]Row, 0, max(0, min(size, len(all)-start)))
	total := 0
	for _, c := range all {
		if !q.filters.match(c) {
			continue
		}
		if total >= start && total < start+size {
			row := rowOf(c)
			row.CustSpaceID = ""
			rows = append(rows, row)
		}
		total++
	}
	if f != nil {
		rows, total = f.apply(rows, total)
	}
	a := s.jsonAnswer(http.StatusOK, listResponse{
		RequestID: s.requestID(), Code: "OK", Message: "OK", Success: true,
		AccessDeniedDetail: "", Total: total, Data: rows,
	})
	if f != nil {
		a.after = f.after
	}
	return a
}

// listResponse is the API's success shape.
type listResponse struct {
	AccessDeniedDetail string `json:"AccessDeniedDetail"`
	Message            string `json:"Message"`
	RequestID          string `json:"RequestId"`
	Total              int    `json:"Total"`
	Data               []Row  `json:"Data"`
	Code               string `json:"Code"`
	Success            bool   `json:"Success"`
}

// refuse answers an error and counts it as refused.
func (s *Server) refuse(e *apiError) answer {
	s.mu.Lock()
	s.stats.refused++
	s.mu.Unlock()
	return s.errorAnswer(e)
}

// errorAnswer is an error in the gateway's shape.
func (s *Server) errorAnswer(e *apiError) answer {
	return s.jsonAnswer(e.status, map[string]string{
		"RequestId": s.requestID(),
		"HostId":    "cams." + s.opts.Region + ".aliyuncs.com",
		"Code":      e.code,
		"Message":   e.message,
		"Recommend": "https://api.alibabacloud.com/troubleshoot?q=" + e.code + "&product=cams",
	})
}

func (s *Server) jsonAnswer(status int, v any) answer {
	b, err := json.Marshal(v)
	if err != nil {
		return answer{status: http.StatusInternalServerError, body: []byte(`{"Code":"InternalError","Message":"encoding the answer failed"}`)}
	}
	return answer{status: status, body: b}
}

func (s *Server) requestID() string {
	n := s.reqID.Add(1)
	return fmt.Sprintf("E5A1C0DE-%04X-4%03X-8000-%012X", n>>32&0xffff, n>>20&0xfff, n&0xffffffffffff)
}
