package wecom_test

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
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/wecom"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// setup starts a fake robot and a notifier for it sharing one fake clock;
// at cleanup it checks that no log line carries the key.
func setup(t *testing.T, rawURL func(*wecomtest.Server) string, maxWait time.Duration) (*wecomtest.Server, campaign.Notifier, *notifytest.Clock, *bytes.Buffer) {
	t.Helper()
	fake := wecomtest.New()
	t.Cleanup(fake.Close)
	clock := notifytest.NewClock(notifytest.At)
	fake.SetClock(clock.Now)
	logs := &bytes.Buffer{}
	t.Cleanup(func() { noKey(t, "logs", logs.String()) })
	u := fake.URL()
	if rawURL != nil {
		u = rawURL(fake)
	}
	n, err := wecom.Service.New(notify.Target{Name: "wecom", URL: u, Mention: mention}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Logger:     slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        clock.Now, Sleep: clock.Sleep, MaxWait: maxWait,
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, n, clock, logs
}

func noKey(t *testing.T, what, text string) {
	t.Helper()
	if strings.Contains(text, wecomtest.Key) {
		t.Errorf("%s carry the robot's key: %s", what, text)
	}
}

func TestPostFailureClasses(t *testing.T) {
	otherKey := func(f *wecomtest.Server) string {
		return strings.Replace(f.URL(), wecomtest.Key, "0ther-key-0000-0000", 1)
	}
	tests := []struct {
		name     string
		url      func(*wecomtest.Server) string
		maxWait  time.Duration
		queue    []wecomtest.Reply
		body     []byte
		kind     campaign.Kind
		requests int
		sleeps   []time.Duration // nil: not compared
		mention  string
	}{
		{name: "accepted", requests: 1, sleeps: []time.Duration{}},
		{name: "45009 fails at once past MaxWait", queue: []wecomtest.Reply{wecomtest.OverLimit},
			kind: campaign.Unavailable, requests: 1, sleeps: []time.Duration{}, mention: "45009"},
		{name: "45009 waits the window when MaxWait allows", maxWait: 2 * time.Minute,
			queue: []wecomtest.Reply{wecomtest.OverLimit}, requests: 2, sleeps: []time.Duration{wecom.ThrottleWait}},
		{name: "93000 invalid key", url: otherKey, kind: campaign.Unauthorized, requests: 1, mention: "the key in the receiver's webhook URL"},
		{name: "503 retried", queue: []wecomtest.Reply{wecomtest.Unavailable}, requests: 2},
		{name: "-1 system busy retried", queue: []wecomtest.Reply{wecomtest.Busy}, requests: 2},
		{name: "-1 system busy on every attempt", queue: []wecomtest.Reply{wecomtest.Busy, wecomtest.Busy, wecomtest.Busy},
			kind: campaign.Unavailable, requests: 3, mention: "WeCom is busy (errcode -1: system busy)"},
		{name: "content too long", body: []byte(`{"msgtype":"markdown","markdown":{"content":"` + strings.Repeat("x", 5000) + `"}}`),
			kind: campaign.Invalid, requests: 1, mention: "40058"},
		{name: "unknown type", body: []byte(`{"msgtype":"card"}`), kind: campaign.Invalid, requests: 1, mention: "40008"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, n, clock, _ := setup(t, tt.url, tt.maxWait)
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
			if k := campaign.KindOf(err); k != tt.kind {
				t.Errorf("kind = %q (%v), want %q", k, err, tt.kind)
			}
			if err != nil {
				noKey(t, "the error", err.Error())
				if !strings.Contains(err.Error(), tt.mention) {
					t.Errorf("error %q does not mention %q", err, tt.mention)
				}
			}
			if got := fake.Requests(); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			if tt.sleeps != nil && len(clock.Sleeps()) != len(tt.sleeps) {
				t.Errorf("sleeps = %v, want %v", clock.Sleeps(), tt.sleeps)
			}
			for i := range tt.sleeps {
				if i < len(clock.Sleeps()) && clock.Sleeps()[i] != tt.sleeps[i] {
					t.Errorf("sleeps = %v, want %v", clock.Sleeps(), tt.sleeps)
				}
			}
		})
	}
}

// TestReplyQuotingTheKeyIsRedacted: WeCom's 93000 answer may quote the
// URL; the key reaches neither the error nor the logs.
func TestReplyQuotingTheKeyIsRedacted(t *testing.T) {
	fake, n, _, logs := setup(t, nil, 0)
	fake.Enqueue(wecomtest.Reply{ErrCode: 93000, ErrMsg: "invalid webhook url " + fake.URL() + " key=" + wecomtest.Key})
	msgs, _ := n.Render(notifytest.BaselineAlert())
	err := n.Post(context.Background(), msgs[0])
	if err == nil || !strings.Contains(err.Error(), notify.Redacted) {
		t.Fatalf("err = %v, want the key redacted", err)
	}
	noKey(t, "the error", err.Error())
	noKey(t, "logs", logs.String())
}

// TestPacingKeepsUnderTheRobotsLimit posts 30 messages: pacing keeps to
// 20 a minute, so that the robot refuses none.
func TestPacingKeepsUnderTheRobotsLimit(t *testing.T) {
	fake, n, clock, _ := setup(t, nil, 0)
	msgs, _ := n.Render(notifytest.BaselineAlert())
	for i := range 30 {
		if err := n.Post(context.Background(), msgs[0]); err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
	}
	if got := len(fake.Messages()); got != 30 || fake.Requests() != 30 {
		t.Errorf("the robot accepted %d of 30 in %d requests", got, fake.Requests())
	}
	if len(clock.Sleeps()) == 0 {
		t.Error("30 messages went out without any pacing")
	}
}

func TestPostDeliversEveryPartThenTheMentions(t *testing.T) {
	fake, n, _, _ := setup(t, nil, 0)
	msgs, err := n.Render(notifytest.ManyChanges(100))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		if err := n.Post(context.Background(), m); err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
	}
	got := fake.Messages()
	if len(got) != len(msgs) || len(got) < 3 {
		t.Fatalf("the robot accepted %d of %d", len(got), len(msgs))
	}
	for i, m := range got[:len(got)-1] {
		if m.MsgType != "markdown" {
			t.Errorf("message %d is %s, want markdown", i+1, m.MsgType)
		}
	}
	if last := got[len(got)-1]; last.MsgType != "text" || len(last.Text.MentionedMobiles) != 1 || len(last.Text.Mentioned) != 1 {
		t.Errorf("the last message is %+v, want the mentions", last)
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + wecomtest.Key: true,
		"http://127.0.0.1:9/cgi-bin/webhook/send?key=" + wecomtest.Key:          true,
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send":                      false,
		"https://qyapi.weixin.qq.com/cgi-bin/send?key=" + wecomtest.Key:         false,
		"https://example.com/cgi-bin/webhook/send?key=" + wecomtest.Key:         false,
	} {
		u, _ := url.Parse(raw)
		err := wecom.Service.CheckURL(u)
		if (err == nil) != ok {
			t.Errorf("CheckURL(%s) = %v, want ok=%v", raw, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), wecomtest.Key) {
			t.Errorf("error quotes the key: %v", err)
		}
	}
}
