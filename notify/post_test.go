package notify_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// statusReader is a ReplyReader for a service that answers only with a
// status: 200 is delivered, the rest goes through Classify.
func statusReader(status int, h http.Header, _ []byte) notify.Reply {
	if status == http.StatusOK {
		return notify.Reply{}
	}
	retry, wait := notify.Classify(status, h)
	kind := campaign.Invalid
	if retry {
		kind = campaign.Unavailable
	}
	return notify.Reply{Retry: retry, Wait: wait, Err: campaign.Errorf(kind, "HTTP %d", status)}
}

// replies serves the given statuses in turn (the last one from then on)
// and counts requests.
func replies(t *testing.T, retryAfter string, statuses ...int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		st := statuses[min(i, len(statuses)-1)]
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(st)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// testPoster posts to one URL.
type testPoster struct {
	p   *notify.Poster
	url string
}

func (tp testPoster) Post(ctx context.Context, body []byte) error {
	return tp.p.Post(ctx, notify.Request{URL: tp.url, Body: body})
}

func newPoster(rawURL string, clock *notifytest.Clock, logs *bytes.Buffer, every time.Duration, burst int) testPoster {
	return newPacedPoster(rawURL, clock, logs, notify.Rate{Every: every, Burst: burst})
}

func newPacedPoster(rawURL string, clock *notifytest.Clock, logs *bytes.Buffer, pace ...notify.Rate) testPoster {
	return testPoster{url: rawURL, p: notify.NewPoster(notify.Endpoint{
		Name: "test", Service: "Test",
		Read:    statusReader,
		Pace:    pace,
		Secrets: []string{rawURL},
	}, notify.Options{
		Now: clock.Now, Sleep: clock.Sleep,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})}
}

func TestPosterRetryDecisions(t *testing.T) {
	const secretPath = "/hook/SeCrEtToKeN0123456789"
	tests := []struct {
		name       string
		statuses   []int
		retryAfter string
		wantKind   campaign.Kind
		wantReqs   int32
		wantSleeps []time.Duration // nil: do not compare exactly, only count
		sleeps     int
	}{
		{"ok", []int{200}, "", "", 1, []time.Duration{}, 0},
		{"429 then ok waits Retry-After", []int{429, 200}, "2", "", 2, []time.Duration{2 * time.Second}, 1},
		{"429 longer than MaxWait fails at once", []int{429}, "120", campaign.Unavailable, 1, []time.Duration{}, 0},
		{"500 three times gives up", []int{500}, "", campaign.Unavailable, 3, nil, 2},
		{"503 then ok", []int{503, 200}, "", "", 2, nil, 1},
		{"400 is not retried", []int{400}, "", campaign.Invalid, 1, []time.Duration{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := replies(t, tt.retryAfter, tt.statuses...)
			clock := notifytest.NewClock(time.Now())
			var logs bytes.Buffer
			p := newPoster(srv.URL+secretPath, clock, &logs, time.Millisecond, 10)
			err := p.Post(context.Background(), []byte(`{}`))
			if k := campaign.KindOf(err); k != tt.wantKind {
				t.Errorf("kind = %q (%v), want %q", k, err, tt.wantKind)
			}
			if got := n.Load(); got != tt.wantReqs {
				t.Errorf("requests = %d, want %d", got, tt.wantReqs)
			}
			sleeps := clock.Sleeps()
			if len(sleeps) != tt.sleeps {
				t.Errorf("sleeps = %v, want %d", sleeps, tt.sleeps)
			}
			if tt.wantSleeps != nil && len(sleeps) == len(tt.wantSleeps) {
				for i := range sleeps {
					if sleeps[i] != tt.wantSleeps[i] {
						t.Errorf("sleep %d = %s, want %s", i, sleeps[i], tt.wantSleeps[i])
					}
				}
			}
			for _, out := range []string{errText(err), logs.String()} {
				if strings.Contains(out, "SeCrEtToKeN") {
					t.Errorf("secret leaked: %s", out)
				}
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestPosterNetworkFailure(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	rawURL := srv.URL + "/hook/SeCrEtToKeN0123456789"
	srv.Close() // nothing listens any more
	clock := notifytest.NewClock(time.Now())
	var logs bytes.Buffer
	err := newPoster(rawURL, clock, &logs, time.Millisecond, 10).Post(context.Background(), []byte(`{}`))
	if campaign.KindOf(err) != campaign.Unavailable {
		t.Fatalf("err = %v, want kind Unavailable", err)
	}
	if len(clock.Sleeps()) != notify.DefaultAttempts-1 {
		t.Errorf("sleeps = %v, want %d retries", clock.Sleeps(), notify.DefaultAttempts-1)
	}
	if strings.Contains(err.Error(), "SeCrEtToKeN") || strings.Contains(logs.String(), "SeCrEtToKeN") {
		t.Errorf("secret leaked: %v\n%s", err, logs.String())
	}
	if !strings.Contains(err.Error(), "could not be reached") {
		t.Errorf("err = %v, want it to say the service could not be reached", err)
	}
	// One voice: the retry decision is said once, by the layer that makes
	// it, not again by the attempt it wraps.
	if n := strings.Count(err.Error(), "a later run will retry"); n != 1 {
		t.Errorf("err = %v: says %d times that a later run will retry, want once", err, n)
	}
}

func TestPosterPacing(t *testing.T) {
	srv, _ := replies(t, "", 200)
	clock := notifytest.NewClock(time.Now())
	var logs bytes.Buffer
	p := newPoster(srv.URL, clock, &logs, time.Second, 2)
	for range 4 {
		if err := p.Post(context.Background(), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	// A burst of 2 goes at once, then one a second.
	want := []time.Duration{time.Second, time.Second}
	if got := clock.Sleeps(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

// TestPosterPacesEveryRate posts 130 messages under two rates, 5 a second
// and 100 a minute (Feishu's): no second holds more than 5 posts and no
// minute more than 100, by the clock the poster slept on.
func TestPosterPacesEveryRate(t *testing.T) {
	var times []time.Time
	clock := notifytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		times = append(times, clock.Now())
	}))
	t.Cleanup(srv.Close)
	var logs bytes.Buffer
	p := newPacedPoster(srv.URL, clock, &logs,
		notify.Rate{Every: 200 * time.Millisecond, Burst: 1}, notify.Rate{Every: 667 * time.Millisecond, Burst: 10})
	for range 130 {
		if err := p.Post(context.Background(), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	most := func(window time.Duration) int {
		n := 0
		for i := range times {
			k := 0
			for j := i; j < len(times) && times[j].Sub(times[i]) < window; j++ {
				k++
			}
			n = max(n, k)
		}
		return n
	}
	if got := most(time.Second); got > 5 {
		t.Errorf("%d posts within a second, want at most 5", got)
	}
	if got := most(time.Minute); got > 100 {
		t.Errorf("%d posts within a minute, want at most 100", got)
	}
	if len(times) != 130 {
		t.Errorf("%d posts arrived, want 130", len(times))
	}
}

func TestPosterStopsAtDeadlineAndCancel(t *testing.T) {
	srv, n := replies(t, "10", 429)
	clock := notifytest.NewClock(time.Now())
	var logs bytes.Buffer
	p := newPoster(srv.URL, clock, &logs, time.Millisecond, 10)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := p.Post(ctx, []byte(`{}`))
	if campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %v, want Unavailable naming the deadline", err)
	}
	if n.Load() != 1 || len(clock.Sleeps()) != 0 {
		t.Errorf("requests = %d, sleeps = %v; want 1 request and no wait past the deadline", n.Load(), clock.Sleeps())
	}

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	err = p.Post(ctx, []byte(`{}`))
	if campaign.KindOf(err) != campaign.Unavailable || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want Unavailable wrapping context.Canceled", err)
	}
}

// TestPosterReadsARetryAfterDateOnItsClock: a Retry-After given as an HTTP
// date is read against the poster's clock (Options.Now), not the
// machine's: the poster waits the two seconds its clock has left, then
// posts again.
func TestPosterReadsARetryAfterDateOnItsClock(t *testing.T) {
	at := time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)
	srv, n := replies(t, at.Add(2*time.Second).Format(http.TimeFormat), 429, 200)
	clock := notifytest.NewClock(at)
	var logs bytes.Buffer
	p := newPoster(srv.URL, clock, &logs, time.Millisecond, 10)
	if err := p.Post(context.Background(), []byte(`{}`)); err != nil {
		t.Fatalf("post: %v", err)
	}
	if got, sleeps := n.Load(), clock.Sleeps(); got != 2 || len(sleeps) != 1 || sleeps[0] != 2*time.Second {
		t.Fatalf("%d requests, sleeps %v; want 2 requests and one sleep of 2s", got, sleeps)
	}
}
