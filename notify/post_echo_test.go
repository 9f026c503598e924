package notify_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// excerptReader refuses every post, quoting the reply as the services'
// readers do.
func excerptReader(status int, _ http.Header, body []byte) notify.Reply {
	return notify.Reply{Err: campaign.Errorf(campaign.Invalid, "HTTP %d (%s)", status, notify.Excerpt(body))}
}

// TestPosterHidesEchoedTokenCutShort: a WAF page that quotes the token and
// the request URL where the excerpt's 200 characters end leaves no piece of
// the token (not even one shorter than notify.RunLen) in the error or the
// log, wherever the cut falls: the reply is redacted before it is cut.
func TestPosterHidesEchoedTokenCutShort(t *testing.T) {
	for pad := 120; pad <= 200; pad += 4 {
		t.Run(fmt.Sprint(pad), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusForbidden)
				token := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
				fmt.Fprintf(w, "<html><body><p>%s</p><p>blocked: %s</p><p>POST %s</p></body></html>", strings.Repeat("x", pad), token, r.URL.String())
			}))
			defer srv.Close()
			hook := srv.URL + "/services/T04ABCD12/B05EFGH34/" + fragSlackToken
			var logs bytes.Buffer
			clock := notifytest.NewClock(time.Unix(1700000000, 0))
			p := notify.NewPoster(notify.Endpoint{
				Name: "test", Service: "Test",
				Read:    excerptReader,
				Pace:    []notify.Rate{{Every: time.Millisecond, Burst: 1}},
				Secrets: []string{hook},
			}, notify.Options{Now: clock.Now, Sleep: clock.Sleep,
				Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			err := p.Post(t.Context(), notify.Request{URL: hook, Body: []byte(`{}`)})
			if err == nil {
				t.Fatal("Post succeeded; want the refusal")
			}
			for _, out := range []string{err.Error(), logs.String()} {
				if l := leak12(out, fragSlackToken, fragSlackTail); l != "" {
					t.Errorf("%q of the token is left in %q", l, out)
				}
				if strings.Contains(out, fragSlackToken[:6]) {
					t.Errorf("the token's first 6 characters are left in %q", out)
				}
			}
		})
	}
}
