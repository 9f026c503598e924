package feishu_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/feishu"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

const botSecret = "f4keFe15huB0tS1gn1ngSecret"

type setupOpts struct {
	serverSecret, clientSecret string
	url                        func(fake *feishutest.Server) string
}

// setup starts a fake bot and a notifier for it sharing one fake clock;
// at cleanup it checks that no log line carries the secret or the token.
func setup(t *testing.T, o setupOpts) (*feishutest.Server, campaign.Notifier, *notifytest.Clock, *bytes.Buffer) {
	t.Helper()
	fake := feishutest.New(o.serverSecret)
	t.Cleanup(fake.Close)
	clock := notifytest.NewClock(notifytest.At)
	fake.SetClock(clock.Now)
	logs := &bytes.Buffer{}
	t.Cleanup(func() { noSecret(t, "logs", logs.String()) })
	u := fake.URL()
	if o.url != nil {
		u = o.url(fake)
	}
	n, err := feishu.Service.New(notify.Target{Name: "feishu", URL: u, Secret: o.clientSecret, Mention: mention}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Logger:     slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        clock.Now, Sleep: clock.Sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, n, clock, logs
}

func noSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{botSecret, feishutest.Token, "wr0ngSecretWr0ng"} {
		if strings.Contains(text, s) {
			t.Errorf("%s carry the secret %q: %s", what, s, text)
		}
	}
}

func TestPostFailureClasses(t *testing.T) {
	signed := setupOpts{serverSecret: botSecret, clientSecret: botSecret}
	tests := []struct {
		name     string
		opts     setupOpts
		queue    []feishutest.Reply
		keyword  string
		skew     time.Duration
		body     []byte
		kind     campaign.Kind
		requests int
		sleeps   int
		mention  string
	}{
		{name: "signed card accepted", opts: signed, requests: 1},
		{name: "unsigned bot", opts: setupOpts{}, requests: 1},
		{name: "bad signature", opts: setupOpts{serverSecret: botSecret, clientSecret: "wr0ngSecretWr0ng"},
			kind: campaign.Unauthorized, requests: 1, mention: "19021"},
		{name: "missing signature", opts: setupOpts{serverSecret: botSecret},
			kind: campaign.Unauthorized, requests: 1, mention: "the receiver's secret must be the bot's signing secret"},
		{name: "stale timestamp", opts: signed, skew: 2 * time.Hour, kind: campaign.Unauthorized, requests: 1, mention: "clock"},
		{name: "keyword missing", opts: signed, keyword: "ALERT", kind: campaign.Unauthorized, requests: 1, mention: "19024"},
		{name: "unknown token", opts: setupOpts{url: func(f *feishutest.Server) string {
			return strings.Replace(f.URL(), feishutest.Token, "n0tAb0tT0ken000", 1)
		}}, kind: campaign.Unauthorized, requests: 1, mention: "19001"},
		{name: "11232 retried with backoff", opts: signed, queue: []feishutest.Reply{feishutest.TooOften}, requests: 2, sleeps: 1},
		{name: "11232 until the attempts run out", opts: signed,
			queue: []feishutest.Reply{feishutest.TooOften, feishutest.TooOften, feishutest.TooOften},
			kind:  campaign.Unavailable, requests: 3, sleeps: 2, mention: "too often"},
		{name: "503 retried", opts: signed, queue: []feishutest.Reply{feishutest.Unavailable}, requests: 2, sleeps: 1},
		{name: "9499 bad request fails clearly", opts: signed, body: []byte(`{"msg_type":"nonsense"}`),
			kind: campaign.Invalid, requests: 1, mention: "bad request"},
		{name: "over 20 KB", opts: setupOpts{}, body: []byte(`{"msg_type":"text","content":{"text":"` + strings.Repeat("x", 21<<10) + `"}}`),
			kind: campaign.Invalid, requests: 1, mention: "9499"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, n, clock, _ := setup(t, tt.opts)
			fake.Enqueue(tt.queue...)
			fake.SetKeyword(tt.keyword)
			if tt.skew != 0 {
				fake.SetClock(func() time.Time { return clock.Now().Add(tt.skew) })
			}
			msg := campaign.Message{Body: tt.body}
			if tt.body == nil {
				msgs, err := n.Render(notifytest.ChangesAlert())
				if err != nil {
					t.Fatal(err)
				}
				msg = msgs[0]
			}
			err := n.Post(context.Background(), msg)
			if k := campaign.KindOf(err); k != tt.kind {
				t.Errorf("kind = %q (%v), want %q", k, err, tt.kind)
			}
			if err != nil {
				noSecret(t, "the error", err.Error())
				if !strings.Contains(err.Error(), tt.mention) {
					t.Errorf("error %q does not mention %q", err, tt.mention)
				}
			}
			if got := fake.Requests(); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			if got := len(clock.Sleeps()); got != tt.sleeps {
				t.Errorf("sleeps = %v, want %d", clock.Sleeps(), tt.sleeps)
			}
			if tt.kind == "" && len(fake.Messages()) != 1 {
				t.Errorf("the bot accepted %d messages, want 1", len(fake.Messages()))
			}
		})
	}
}

// TestReplyQuotingTheTokenIsRedacted: a reply that quotes the hook token
// reaches neither the error nor the logs.
func TestReplyQuotingTheTokenIsRedacted(t *testing.T) {
	fake, n, _, logs := setup(t, setupOpts{})
	fake.Enqueue(feishutest.Reply{Code: 19001, Msg: "token " + feishutest.Token + " invalid"})
	msgs, _ := n.Render(notifytest.BaselineAlert())
	err := n.Post(context.Background(), msgs[0])
	if err == nil || !strings.Contains(err.Error(), notify.Redacted) {
		t.Fatalf("err = %v, want the token redacted", err)
	}
	noSecret(t, "the error", err.Error())
	noSecret(t, "logs", logs.String())
}

// TestPacingKeepsUnderTheBotsLimits posts 130 messages: pacing keeps to
// 5 a second and 100 a minute, so that the bot refuses none.
func TestPacingKeepsUnderTheBotsLimits(t *testing.T) {
	fake, n, clock, _ := setup(t, setupOpts{serverSecret: botSecret, clientSecret: botSecret})
	msgs, _ := n.Render(notifytest.BaselineAlert())
	for i := range 130 {
		if err := n.Post(context.Background(), msgs[0]); err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
	}
	if got := len(fake.Messages()); got != 130 || fake.Requests() != 130 {
		t.Errorf("the bot accepted %d of 130 in %d requests", got, fake.Requests())
	}
	if len(clock.Sleeps()) == 0 {
		t.Error("130 messages went out without any pacing")
	}
}

// TestFakeRefusesOverTheLimit checks the fake itself: past its per-second
// limit it answers 11232.
func TestFakeRefusesOverTheLimit(t *testing.T) {
	fake, n, _, _ := setup(t, setupOpts{})
	fake.SetLimits(0, 100)
	msgs, _ := n.Render(notifytest.BaselineAlert())
	err := n.Post(context.Background(), msgs[0])
	if campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "11232") {
		t.Errorf("err = %v, want Unavailable with code 11232", err)
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://open.feishu.cn/open-apis/bot/v2/hook/" + feishutest.Token:     true,
		"https://open.larksuite.com/open-apis/bot/v2/hook/" + feishutest.Token: true,
		"http://127.0.0.1:8080/open-apis/bot/v2/hook/" + feishutest.Token:      true,
		"https://open.feishu.cn/open-apis/bot/v2/hook/":                        false,
		"https://open.feishu.cn/open-apis/bot/hook/" + feishutest.Token:        false,
		"https://example.com/open-apis/bot/v2/hook/" + feishutest.Token:        false,
	} {
		u, _ := url.Parse(raw)
		err := feishu.Service.CheckURL(u)
		if (err == nil) != ok {
			t.Errorf("CheckURL(%s) = %v, want ok=%v", raw, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), feishutest.Token) {
			t.Errorf("error quotes the token: %v", err)
		}
	}
}

// TestSign checks the signature against one computed by hand from the
// rule (HMAC-SHA256 keyed by "timestamp\nsecret" over nothing, Base64).
func TestSign(t *testing.T) {
	if got := feishu.Sign("secret", 1700000000); got != "fiWS2+gh28DOydAv7hzONH/mDn9+b1Y4Y5ivXWXy8vA=" {
		t.Errorf("Sign = %q", got)
	}
}
