package cams

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// sleeps records the waits a retry policy takes, without waiting.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return nil
}

func (s *sleeps) taken() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// TestListWaitsTheRetryAfterAsked: a throttled or unavailable answer
// with a Retry-After header, in seconds or as an HTTP date, is retried
// after the wait it asks for instead of the policy's backoff (here a few
// milliseconds); without the header, the backoff.
func TestListWaitsTheRetryAfterAsked(t *testing.T) {
	date := func() string { return time.Now().Add(4 * time.Second).UTC().Format(http.TimeFormat) }
	for _, tc := range []struct {
		name       string
		status     int
		retryAfter func() string
		min, max   time.Duration
	}{
		{"429 seconds", http.StatusTooManyRequests, func() string { return "2" }, 2 * time.Second, 2 * time.Second},
		{"503 seconds", http.StatusServiceUnavailable, func() string { return "3" }, 3 * time.Second, 3 * time.Second},
		{"Throttling.User HTTP date", http.StatusBadRequest, date, 2 * time.Second, 4 * time.Second},
		{"429 HTTP date", http.StatusTooManyRequests, date, 2 * time.Second, 4 * time.Second},
		{"429 without Retry-After", http.StatusTooManyRequests, func() string { return "" }, 0, 10 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &sleeps{}
			f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Retry: retry{Sleep: s.sleep}})
			f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 30))
			f.emu.ThrottleAfter(1, tc.status, tc.retryAfter())

			l := f.listOne(t, channel("cams-a1", "239001"))
			if !l.Complete || len(l.Campaigns) != 30 || l.Calls != 2 {
				t.Fatalf("Complete=%v, %d campaigns, %d calls, Err=%v: want 30 campaigns in 2 calls", l.Complete, len(l.Campaigns), l.Calls, l.Err)
			}
			waits := s.taken()
			if len(waits) != 1 || waits[0] < tc.min || waits[0] > tc.max {
				t.Errorf("waited %v before retrying, want one wait in [%v, %v]", waits, tc.min, tc.max)
			}
		})
	}
}

// TestListRetryAfterPastTheDeadline: a Retry-After the run's deadline
// cannot wait out ends the channel's listing at once, saying so, rather
// than sleeping into the deadline or retrying early.
func TestListRetryAfterPastTheDeadline(t *testing.T) {
	s := &sleeps{}
	f := newFixture(t, camsemu.Options{}, Config{Retry: retry{Sleep: s.sleep}})
	f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 3))
	f.emu.ThrottleAfter(1, http.StatusTooManyRequests, "120")
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	ls, err := f.client.List(ctx, []campaign.Channel{channel("cams-a1", "239001")})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if l := ls[0]; campaign.KindOf(l.Err) != campaign.Unavailable || !strings.Contains(l.Err.Error(), "deadline being too close") || l.Calls != 1 {
		t.Errorf("Err = %v after %d calls, want one call and an unavailable error saying the deadline is too close", l.Err, l.Calls)
	}
	if w := s.taken(); len(w) != 0 {
		t.Errorf("waited %v, want no wait", w)
	}
}

// TestRetryAfterDateOnThePolicysClock: a Retry-After date is read against
// the retry policy's clock, not the machine's: on a clock an hour behind,
// a date three seconds ahead of it asks for three seconds (on the
// machine's clock it would be an hour past, and the backoff would be
// taken instead).
func TestRetryAfterDateOnThePolicysClock(t *testing.T) {
	behind := time.Now().Add(-time.Hour).Truncate(time.Second)
	s := &sleeps{}
	f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{Retry: retry{Sleep: s.sleep, Now: func() time.Time { return behind }}})
	f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 3))
	f.emu.ThrottleAfter(1, http.StatusTooManyRequests, behind.Add(3*time.Second).UTC().Format(http.TimeFormat))
	if l := f.listOne(t, channel("cams-a1", "239001")); !l.Complete {
		t.Fatalf("listing incomplete: %v", l.Err)
	}
	if w := s.taken(); len(w) != 1 || w[0] != 3*time.Second {
		t.Errorf("waited %v, want 3s", w)
	}
}

// TestCallApiReadsRetryAfter: the SDK's path (CallApi, for credentials
// that are not access keys) reads the header too, through the transport.
func TestCallApiReadsRetryAfter(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		f := newFixture(t, camsemu.Options{MaxPageSize: 50}, Config{})
		f.emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 3))
		f.emu.ThrottleAfter(1, status, "7")
		api, err := f.client.newAPI()
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.client.callSDK(t.Context(), t.Context(), pageRequest{api: api, ch: channel("cams-a1", "239001"), index: 1, size: 50})
		var ce *callError
		if !errors.As(err, &ce) || !ce.retryable || ce.wait != 7*time.Second {
			t.Errorf("status %d: CallApi's error %#v, want a retryable error asking for 7s", status, err)
		}
	}
}
