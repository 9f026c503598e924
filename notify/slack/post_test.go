package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// produced collects every error, log line and report of these tests, and
// the secrets configured in them; TestMain checks that none of the texts
// carries any of the secrets.
var produced struct {
	sync.Mutex
	texts   []string
	secrets []string
}

func keep(text string) {
	produced.Lock()
	defer produced.Unlock()
	produced.texts = append(produced.texts, text)
}

func secret(s string) string {
	produced.Lock()
	defer produced.Unlock()
	produced.secrets = append(produced.secrets, s)
	return s
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		leaks := 0
		for _, text := range produced.texts {
			for _, s := range produced.secrets {
				// The whole URL, and its token: the last path segment.
				for _, needle := range []string{s, s[strings.LastIndex(s, "/")+1:]} {
					if strings.Contains(text, needle) {
						fmt.Fprintf(os.Stderr, "secret %q leaked in: %s\n", needle, text)
						leaks++
					}
				}
			}
		}
		if len(produced.secrets) > 0 && len(produced.texts) == 0 {
			fmt.Fprintln(os.Stderr, "the secret scan saw nothing: the tests did not record their output")
			code = 1
		}
		if leaks > 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// setup starts a fake webhook and a notifier posting to it with a fake
// clock; logs are kept for the secret scan.
func setup(t *testing.T, maxWait time.Duration) (*slacktest.Server, campaign.Notifier, *notifytest.Clock) {
	t.Helper()
	fake := slacktest.New()
	t.Cleanup(fake.Close)
	clock := notifytest.NewClock(notifytest.At)
	var logs bytes.Buffer
	t.Cleanup(func() { keep(logs.String()) })
	n, err := slack.New(notify.Target{Name: "slack", URL: secret(fake.URL())}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Logger:     slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        clock.Now, Sleep: clock.Sleep, MaxWait: maxWait,
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, n, clock
}

// report is the receiver's line of a run report, kept for the secret scan.
func report(n campaign.Notifier, posted int, err error) {
	d := campaign.Delivery{Receiver: n.Name(), Messages: posted}
	if err != nil {
		d.Error = err.Error()
	}
	b, _ := json.Marshal(d)
	keep(string(b))
}

func TestPostFailureClasses(t *testing.T) {
	tests := []struct {
		name     string
		queue    []slacktest.Response
		body     []byte // nil: a rendered message
		maxWait  time.Duration
		kind     campaign.Kind
		requests int
		sleeps   []time.Duration // nil: not compared
		mention  string
	}{
		{name: "ok", requests: 1, sleeps: []time.Duration{}},
		{name: "429 waits Retry-After and retries", queue: []slacktest.Response{slacktest.RateLimited(3)},
			requests: 2, sleeps: []time.Duration{3 * time.Second}},
		{name: "429 longer than MaxWait fails at once", queue: []slacktest.Response{slacktest.RateLimited(90)}, maxWait: 30 * time.Second,
			kind: campaign.Unavailable, requests: 1, sleeps: []time.Duration{}, mention: "rate-limiting"},
		{name: "500 retries then succeeds", queue: []slacktest.Response{slacktest.ServerError},
			requests: 2},
		{name: "500 until the attempts run out", queue: []slacktest.Response{slacktest.ServerError, slacktest.ServerError, slacktest.ServerError},
			kind: campaign.Unavailable, requests: 3, mention: "gave up after 3 attempts"},
		{name: "invalid_payload is permanent", queue: []slacktest.Response{slacktest.InvalidPayload},
			kind: campaign.Invalid, requests: 1, sleeps: []time.Duration{}, mention: "invalid_payload"},
		{name: "revoked webhook", queue: []slacktest.Response{slacktest.NoService},
			kind: campaign.Unauthorized, requests: 1, sleeps: []time.Duration{}, mention: "create a new incoming webhook"},
		{name: "malformed JSON refused by the fake", body: []byte(`{"text":`),
			kind: campaign.Invalid, requests: 1, mention: "invalid_payload"},
		{name: "too many blocks refused by the fake", body: manyBlocks(51),
			kind: campaign.Invalid, requests: 1, mention: "invalid_blocks"},
		{name: "no text", body: []byte(`{"text":""}`),
			kind: campaign.Invalid, requests: 1, mention: "no_text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, n, clock := setup(t, tt.maxWait)
			fake.Enqueue(tt.queue...)
			msg := campaign.Message{Body: tt.body}
			if tt.body == nil {
				msgs, err := n.Render(notifytest.ChangesAlert())
				if err != nil {
					t.Fatal(err)
				}
				msg = msgs[0]
			}
			err := n.Post(context.Background(), msg)
			report(n, 1, err)
			if k := campaign.KindOf(err); k != tt.kind {
				t.Errorf("kind = %q (%v), want %q", k, err, tt.kind)
			}
			if err != nil && !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %q", err, tt.mention)
			}
			if got := fake.Requests(); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			if tt.sleeps != nil && fmt.Sprint(clock.Sleeps()) != fmt.Sprint(tt.sleeps) {
				t.Errorf("sleeps = %v, want %v", clock.Sleeps(), tt.sleeps)
			}
			wantDelivered := 0
			if tt.kind == "" {
				wantDelivered = 1
			}
			if got := len(fake.Messages()); got != wantDelivered {
				t.Errorf("delivered %d messages, want %d", got, wantDelivered)
			}
		})
	}
}

func manyBlocks(n int) []byte {
	blocks := make([]map[string]string, n)
	for i := range blocks {
		blocks[i] = map[string]string{"type": "divider"}
	}
	b, _ := json.Marshal(map[string]any{"text": "x", "blocks": blocks})
	return b
}

func TestPostUnreachable(t *testing.T) {
	fake := slacktest.New()
	url := secret(fake.URL())
	fake.Close()
	clock := notifytest.NewClock(notifytest.At)
	n, err := slack.New(notify.Target{Name: "slack", URL: url}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{Now: clock.Now, Sleep: clock.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	err = n.Post(context.Background(), campaign.Message{Body: []byte(`{"text":"x"}`)})
	report(n, 0, err)
	if campaign.KindOf(err) != campaign.Unavailable {
		t.Errorf("err = %v, want kind Unavailable", err)
	}
}

func TestNew(t *testing.T) {
	const a = "https://hooks.slack.com/services/T0AAAA/B0BBBB/aaaaTOKENaaaa"
	const b = "https://hooks.slack.com/services/T0AAAA/B0BBBB/bbbbTOKENbbbb"
	secret(a)
	secret(b)
	na, _ := slack.New(notify.Target{Name: "slack", URL: a}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{})
	nb, _ := slack.New(notify.Target{Name: "slack#2", URL: b}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{})
	if na.Name() != "slack" || nb.Name() != "slack#2" {
		t.Errorf("names = %q, %q; want slack, slack#2", na.Name(), nb.Name())
	}
}
