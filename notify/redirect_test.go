package notify_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// TestPosterFollowsNoRedirect answers every post with a 3xx pointing at a
// second server: the post fails (the message stays pending), the error
// names the status and the other host but not the path or query the
// Location carries, and the other host receives nothing, whichever client
// the caller passed in.
func TestPosterFollowsNoRedirect(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
	}))
	t.Cleanup(other.Close)
	otherHost := strings.TrimPrefix(other.URL, "http://")
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var asked atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				w.Header().Set("Location", other.URL+"/stolen/SeCrEtToKeN0123456789?key=QuErYsEcReT")
				w.WriteHeader(status)
			}))
			t.Cleanup(srv.Close)
			clock := notifytest.NewClock(time.Now())
			p := notify.NewPoster(notify.Endpoint{Name: "test", Service: "Test", Read: statusReader,
				Secrets: []string{srv.URL + "/hook/SeCrEtToKeN0123456789"}},
				notify.Options{HTTPClient: &http.Client{}, Now: clock.Now, Sleep: clock.Sleep})
			h := http.Header{"X-Signature": {"sig"}}
			err := p.Post(context.Background(), notify.Request{URL: srv.URL + "/hook/SeCrEtToKeN0123456789", Header: h, Body: []byte(`{"text":"hi"}`)})
			if err == nil {
				t.Fatal("a redirect counted as delivered")
			}
			if campaign.KindOf(err) != campaign.Unavailable {
				t.Errorf("kind %q, want %q (the message stays pending)", campaign.KindOf(err), campaign.Unavailable)
			}
			want := fmt.Sprintf("Test answered HTTP %d (a redirect): the endpoint moved to %s;", status, otherHost)
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "update the receiver's webhook URL") {
				t.Errorf("error %q, want it to contain %q and what to do", err, want)
			}
			for _, leak := range []string{"SeCrEtToKeN", "QuErYsEcReT", "/stolen"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error %q carries %q", err, leak)
				}
			}
			if n := asked.Load(); n != 1 {
				t.Errorf("the endpoint was asked %d times, want once (a redirect is not retried in the run)", n)
			}
			if n := elsewhere.Load(); n != 0 {
				t.Errorf("the host the redirect named received %d requests, want none", n)
			}
		})
	}
}

// TestPosterRedirectWithoutLocation: a 3xx with no Location still fails,
// and says so.
func TestPosterRedirectWithoutLocation(t *testing.T) {
	srv, _ := replies(t, "", http.StatusNotModified)
	clock := notifytest.NewClock(time.Now())
	p := notify.NewPoster(notify.Endpoint{Name: "test", Service: "Test", Read: statusReader},
		notify.Options{Now: clock.Now, Sleep: clock.Sleep})
	err := p.Post(context.Background(), notify.Request{URL: srv.URL, Body: []byte(`{}`)})
	if err == nil || !strings.Contains(err.Error(), "HTTP 304 (a redirect): the endpoint gave no new address") {
		t.Fatalf("err = %v", err)
	}
	if u, _ := url.Parse(srv.URL); strings.Contains(err.Error(), u.Host) {
		t.Errorf("err = %v names the endpoint's own host", err)
	}
}
