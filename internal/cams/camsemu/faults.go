package camsemu

import (
	"net/http"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// fault is one injected misbehaviour, applied to the next calls that match
// it. Faults apply in the order they were added, one per call.
type fault struct {
	channel   campaign.ChannelID // zero: every channel
	page      int                // 0: every page
	remaining int

	err        *apiError // answer this error instead
	short      bool      // answer only shortRows rows
	shortRows  int
	duplicate  bool   // repeat the page's first row in place of its last
	totalDelta int    // add to Total
	after      func() // run after the answer was written
	retryAfter string // the error answer's Retry-After header; "" for none
}

// takeFault returns the first fault matching the call and uses it once.
// s.mu must be held.
func (s *Server) takeFault(ch campaign.ChannelID, index int) *fault {
	for i, f := range s.faults {
		if (f.channel != campaign.ChannelID{} && f.channel != ch) || (f.page != 0 && f.page != index) {
			continue
		}
		f.remaining--
		if f.remaining <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

func (f *fault) apply(rows []Row, total int) ([]Row, int) {
	if f.short && f.shortRows < len(rows) {
		rows = rows[:f.shortRows]
	}
	if f.duplicate && len(rows) > 1 {
		rows[len(rows)-1] = rows[0]
	}
	return rows, total + f.totalDelta
}

func (s *Server) addFault(f *fault) {
	s.mu.Lock()
	s.faults = append(s.faults, f)
	s.mu.Unlock()
}

// Throttle answers the next n calls, of any channel, with a throttling
// error as the real gateway words it: status 400 gives Throttling.User,
// 429 gives Throttling, 503 gives ServiceUnavailable. Any other status is
// taken as 400.
func (s *Server) Throttle(n, status int) { s.ThrottleAfter(n, status, "") }

// ThrottleAfter is Throttle with a Retry-After header on each throttled
// answer, as a gateway in front of the API may send: retryAfter is whole
// seconds ("2") or an HTTP date ("Mon, 07 Dec 2026 08:00:00 GMT"); ""
// sends none.
func (s *Server) ThrottleAfter(n, status int, retryAfter string) {
	a, ok := throttleAnswers[status]
	if !ok {
		a = throttleAnswers[http.StatusBadRequest]
	}
	s.addFault(&fault{remaining: n, err: &a, retryAfter: retryAfter})
}

// FailPage answers the next times calls for page index of channel ch with
// HTTP 500 InternalError.
func (s *Server) FailPage(ch campaign.ChannelID, index, times int) {
	s.addFault(&fault{channel: ch, page: index, remaining: times, err: errInternal()})
}

// ShortPage makes the next call for page index of ch answer only rows rows
// (0: an empty page), though more were due, with Total unchanged: a page
// silently cut short.
func (s *Server) ShortPage(ch campaign.ChannelID, index, rows int) {
	s.addFault(&fault{channel: ch, page: index, remaining: 1, short: true, shortRows: max(rows, 0)})
}

// DuplicateRow makes the next call for page index of ch repeat the page's
// first campaign in place of its last.
func (s *Server) DuplicateRow(ch campaign.ChannelID, index int) {
	s.addFault(&fault{channel: ch, page: index, remaining: 1, duplicate: true})
}

// ShiftTotal makes the next call for page index of ch report Total plus
// delta, as a server whose count moves under a listing does.
func (s *Server) ShiftTotal(ch campaign.ChannelID, index, delta int) {
	s.addFault(&fault{channel: ch, page: index, remaining: 1, totalDelta: delta})
}

// AfterPage runs fn once, right after the next answer for page index of
// ch was written: the place to change data between two calls (fn may call
// SetCampaigns).
func (s *Server) AfterPage(ch campaign.ChannelID, index int, fn func()) {
	s.addFault(&fault{channel: ch, page: index, remaining: 1, after: fn})
}
