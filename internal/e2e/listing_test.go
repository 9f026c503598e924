package e2e

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

var (
	channelA = campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	channelB = campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
)

// idGone is a Brand B campaign that the listing-fault tests delete, so that
// the good run after a failed one must report a removal too.
const idGone = "2330020005"

// throttled is the gateway's throttling answer.
const throttled = `{"RequestId":"E2E-THROTTLE","HostId":"cams.ap-southeast-1.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control.","Recommend":"https://api.alibabacloud.com/troubleshoot?q=Throttling.User&product=cams"}`

// internalError is the gateway's answer to a failing call.
const internalError = `{"RequestId":"E2E-500","HostId":"cams.ap-southeast-1.aliyuncs.com","Code":"InternalError","Message":"The request processing has failed due to some unknown error, exception or failure.","Recommend":"https://api.alibabacloud.com/troubleshoot?q=InternalError&product=cams"}`

// page matches the calls for page index of channel ch.
func page(ch campaign.ChannelID, index int) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		q := r.URL.Query()
		return q.Get("CustSpaceId") == ch.CustSpaceID && q.Get("PageId") == ch.PageID &&
			strings.Contains(q.Get("Page"), `"Index":`+strconv.Itoa(index)+`,`)
	}
}

// baseline runs the first check and fails the test unless it succeeds.
func (w *World) baseline() {
	w.t.Helper()
	r := w.Check(0)
	if !r.Report.Baseline {
		w.t.Fatalf("first check is not a baseline: %+v", r.Report)
	}
}

// changeTwo makes the changes the listing-fault tests look for after the
// fault: a budget change in Brand A and a removal in Brand B.
func (w *World) changeTwo() {
	w.BudgetUp()
	w.Remove(chB, idGone)
}

// failedListing checks a run that must fail for its listing: exit 1, the
// reason naming the channel (and want) on stderr, the failing channel
// incomplete, no change announced, nothing posted, nothing stored.
func (w *World) failedListing(r Result, channel, want string, before map[string]string, posts int) {
	w.t.Helper()
	if r.Code != 1 {
		w.t.Fatalf("run exited %d, want 1\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, tail(r.Stderr, 3000))
	}
	last := lastLine(r.Stderr)
	if !strings.Contains(last, channel) || !strings.Contains(last, want) || !strings.Contains(last, "nothing was committed") {
		w.t.Errorf("the reason on stderr does not name %q and %q and say nothing was committed:\n%s", channel, want, last)
	}
	if r.Report == nil {
		w.t.Fatalf("no report printed with --json:\n%s", r.Stdout)
	}
	if len(r.Report.Changes) != 0 || r.Report.Error == "" {
		w.t.Errorf("failed run's report: %d changes, error %q; want none and the error", len(r.Report.Changes), r.Report.Error)
	}
	incomplete := 0
	for _, ch := range r.Report.Channels {
		if !ch.Complete {
			incomplete++
			if ch.Error == "" {
				w.t.Errorf("incomplete channel %s:%s has no error in the report", ch.CustSpaceID, ch.PageID)
			}
		}
	}
	if incomplete == 0 {
		w.t.Errorf("no channel is marked incomplete: %+v", r.Report.Channels)
	}
	if w.Posts() != posts {
		w.t.Errorf("the failed run posted %d messages", w.Posts()-posts)
	}
	w.SameStore(before, "failed listing")
}

// reportsBoth checks the good run after a fault: both changes, once each at
// each receiver.
func (w *World) reportsBoth() {
	w.t.Helper()
	r := w.Check(0)
	if c := r.Report.ChangeOf(idSpring); c == nil || c.Type != "budget_changed" {
		w.t.Errorf("the good run does not report the budget change: %+v", r.Report.Changes)
	}
	if c := r.Report.ChangeOf(idGone); c == nil || c.Type != "removed" {
		w.t.Errorf("the good run does not report the removal: %+v", r.Report.Changes)
	}
	w.WantCounts(idSpring, 1, 1)
	w.WantCounts(idGone, 1, 1)
	if r2 := w.Check(0); len(r2.Report.Changes) != 0 {
		w.t.Errorf("a third run reports changes again: %+v", r2.Report.Changes)
	}
	w.WantCounts(idSpring, 1, 1)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestListingFaults: a listing that fails part-way commits nothing and
// alerts nothing, and the next good run reports every change.
func TestListingFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, channel, want string
		inject              func(w *World)
	}{
		{"500 on one page of one channel", "Brand B", "page 2", func(w *World) {
			// Every attempt the client makes, however many it makes.
			w.CAMS.On(&Rule{Do: Answer, Status: http.StatusInternalServerError, Body: internalError, Match: page(channelB, 2)})
		}},
		{"Total shifts mid-way", "Brand A", "Total moved", func(w *World) {
			w.Emu.ShiftTotal(channelA, 2, +1)
		}},
		{"campaigns change between pages", "Brand A", "Total moved", func(w *World) {
			w.Emu.AfterPage(channelA, 1, func() { w.Remove(chA, "2330010006") })
		}},
		{"a page cut short", "Brand A", "fewer", func(w *World) {
			w.Emu.ShortPage(channelA, 2, 1)
		}},
		{"an empty page before Total", "Brand B", "empty page", func(w *World) {
			w.Emu.ShortPage(channelB, 3, 0)
		}},
		{"a campaign twice", "Brand A", "came twice", func(w *World) {
			w.Emu.DuplicateRow(channelA, 3)
		}},
		{"throttling storm longer than the retries", "Brand", "Throttling", func(w *World) {
			w.CAMS.On(&Rule{Do: Answer, Status: http.StatusBadRequest, Body: throttled})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{})
			w.baseline()
			w.changeTwo()
			tc.inject(w)
			before, posts := w.StoreState(), w.Posts()
			w.failedListing(w.Run("check", "--json"), tc.channel, tc.want, before, posts)
			w.CAMS.Clear()
			if tc.name == "campaigns change between pages" {
				// The campaign removed under the listing is reported now too.
				r := w.Check(0)
				if c := r.Report.ChangeOf("2330010006"); c == nil || c.Type != "removed" {
					t.Errorf("the good run does not report the campaign removed under the failed listing: %+v", r.Report.Changes)
				}
				w.WantCounts(idSpring, 1, 1)
				w.WantCounts(idGone, 1, 1)
				return
			}
			w.reportsBoth()
		})
	}

	// Faults the client rides out: the run completes with every change.
	for _, tc := range []struct {
		name   string
		inject func(w *World)
	}{
		{"500 that clears within the retries", func(w *World) { w.Emu.FailPage(channelB, 2, 2) }},
		{"throttling storm within the retries", func(w *World) {
			w.Emu.Throttle(1, http.StatusBadRequest)
			w.Emu.Throttle(1, http.StatusTooManyRequests)
			w.Emu.Throttle(1, http.StatusServiceUnavailable)
		}},
		{"HTML 502 from a proxy, twice", func(w *World) {
			w.CAMS.On(&Rule{Do: Answer, Times: 2, Status: http.StatusBadGateway, ContentType: "text/html",
				Body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{})
			w.baseline()
			w.changeTwo()
			tc.inject(w)
			w.reportsBoth()
		})
	}

	// A throttling storm under Function Compute: the run gives up before
	// the invocation's deadline, commits nothing, and the function serves
	// the next invocation.
	t.Run("throttling storm past the deadline", func(t *testing.T) {
		t.Parallel()
		w := NewWorld(t, Options{OSS: true})
		w.baseline()
		w.changeTwo()
		fc := w.StartFC(4 * time.Second)
		w.CAMS.On(&Rule{Do: Answer, Status: http.StatusBadRequest, Body: throttled})
		before, posts := w.StoreState(), w.Posts()
		start := time.Now()
		_, errMsg := fc.Timer(fixture(t, "timer-check.json"))
		if errMsg == "" || !strings.Contains(errMsg, "Throttling") || !strings.Contains(errMsg, "nothing was committed") {
			t.Errorf("timer check in a throttling storm: error %q; want a failure naming the throttling", errMsg)
		}
		// Not a timing assertion: a run that ignored its deadline would
		// have been cut off by FC, and said nothing.
		t.Logf("the storm's run failed after %s of a 4s deadline", time.Since(start).Round(100*time.Millisecond))
		if w.Posts() != posts {
			t.Errorf("the failed run posted %d messages", w.Posts()-posts)
		}
		w.SameStore(before, "throttling storm")
		w.CAMS.Clear()
		rep, errMsg := fc.Timer(fixture(t, "timer-check.json"))
		if errMsg != "" || rep.ChangeOf(idSpring) == nil || rep.ChangeOf(idGone) == nil {
			t.Fatalf("the next invocation: %+v %s; want both changes", rep, errMsg)
		}
		w.WantCounts(idSpring, 1, 1)
		w.WantCounts(idGone, 1, 1)
	})
}
