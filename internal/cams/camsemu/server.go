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
	// Latency is added to every answer.
	Latency time.Duration
	// Region names the host in error answers (default "ap-southeast-1").
	Region string
	// Now is the clock that x-acs-date is checked against (default
	// time.Now).
	Now func() time.Time
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

// ServeHTTP answers one API call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.opts.Now()
	s.mu.Lock()
	s.stats.record(time.Now())
	s.mu.Unlock()

	if s.opts.Latency > 0 {
		t := time.NewTimer(s.opts.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		s.writeError(w, errInvalidParameter("body", "unreadable"))
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		s.writeError(w, errMethodNotAllowed(r.Method))
		return
	}
	if aerr := s.verify(r, body, now); aerr != nil {
		s.refuse(w, aerr)
		return
	}
	if a := r.Header.Get("x-acs-action"); a != Action {
		s.refuse(w, errInvalidAction(a))
		return
	}
	if v := r.Header.Get("x-acs-version"); v != Version {
		s.refuse(w, errInvalidVersion(v))
		return
	}
	q, aerr := parseQuery(r)
	if aerr != nil {
		s.refuse(w, aerr)
		return
	}
	s.list(w, q)
}

// list answers a verified, well-formed request.
func (s *Server) list(w http.ResponseWriter, q query) {
	s.mu.Lock()
	f := s.takeFault(q.channel, q.index)
	if f != nil && f.err != nil {
		s.mu.Unlock()
		s.writeError(w, f.err)
		return
	}
	all, known := s.data[q.channel]
	if !known {
		s.mu.Unlock()
		s.writeJSON(w, http.StatusOK, map[string]any{
			"RequestId": s.requestID(), "Code": "InvalidCustSpaceId.NotFound", "Success": false,
			"Message": fmt.Sprintf("The channel %s does not exist or does not belong to you.", q.channel),
		})
		return
	}
	var matched []campaign.Campaign
	for _, c := range all {
		if q.filters.match(c) {
			matched = append(matched, c)
		}
	}
	s.mu.Unlock()

	size := min(q.size, s.opts.MaxPageSize)
	stride := size
	if s.opts.OffsetBySizeAsked {
		stride = q.size
	}
	rows := []Row{}
	if start := (q.index - 1) * stride; start < len(matched) {
		for _, c := range matched[start:min(start+size, len(matched))] {
			row := rowOf(c)
			row.CustSpaceID = ""
			rows = append(rows, row)
		}
	}
	total := len(matched)
	if f != nil {
		rows, total = f.apply(rows, total)
	}
	s.writeJSON(w, http.StatusOK, listResponse{
		RequestID: s.requestID(), Code: "OK", Message: "OK", Success: true,
		AccessDeniedDetail: "", Total: total, Data: rows,
	})
	if f != nil && f.after != nil {
		f.after()
	}
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
func (s *Server) refuse(w http.ResponseWriter, e *apiError) {
	s.mu.Lock()
	s.stats.refused++
	s.mu.Unlock()
	s.writeError(w, e)
}

func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	code := e.code
	s.writeJSON(w, e.status, map[string]string{
		"RequestId": s.requestID(),
		"HostId":    "cams." + s.opts.Region + ".aliyuncs.com",
		"Code":      code,
		"Message":   e.message,
		"Recommend": "https://api.alibabacloud.com/troubleshoot?q=" + code + "&product=cams",
	})
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) requestID() string {
	n := s.reqID.Add(1)
	return fmt.Sprintf("E5A1C0DE-%04X-4%03X-8000-%012X", n>>32&0xffff, n>>20&0xfff, n&0xffffffffffff)
}
