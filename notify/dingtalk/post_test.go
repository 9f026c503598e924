package dingtalk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

const robotSecret = "SECf4ke5ecretf0rd1ngta1kr0b0t0000000000000000000000000000000000"

// produced collects every error, log line and report of these tests;
// TestMain checks that none carries the robot's secret or access token.
var produced struct {
	sync.Mutex
	texts []string
}

func keep(text string) {
	produced.Lock()
	defer produced.Unlock()
	produced.texts = append(produced.texts, text)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		for _, text := range produced.texts {
			for _, s := range []string{robotSecret, dingtalktest.Token, "wrongSECRETwrong"} {
				if strings.Contains(text, s) {
					fmt.Fprintf(os.Stderr, "secret %q leaked in: %s\n", s, text)
					code = 1
				}
			}
		}
	}
	os.Exit(code)
}

func report(n campaign.Notifier, posted int, err error) {
	d := campaign.Delivery{Receiver: n.Name(), Messages: posted}
	if err != nil {
		d.Error = err.Error()
	}
	b, _ := json.Marshal(d)
	keep(string(b))
}

type setupOpts struct {
	serverSecret, clientSecret string
	maxWait                    time.Duration
	url                        func(fake *dingtalktest.Server) string
}

// setup starts a fake robot and a notifier for it sharing one fake clock.
func setup(t *testing.T, o setupOpts) (*dingtalktest.Server, campaign.Notifier, *notifytest.Clock) {
	t.Helper()
	fake := dingtalktest.New(o.serverSecret)
	t.Cleanup(fake.Close)
	clock := notifytest.NewClock(notifytest.At)
	fake.SetClock(clock.Now)
	var logs bytes.Buffer
	t.Cleanup(func() { keep(logs.String()) })
	u := fake.URL()
	if o.url != nil {
		u = o.url(fake)
	}
	n, err := dingtalk.New(notify.Target{Name: "dingtalk", URL: u, Secret: o.clientSecret, Mention: notify.Mention{Mobiles: mobiles}}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Logger:     slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        clock.Now, Sleep: clock.Sleep, MaxWait: o.maxWait,
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, n, clock
}

func TestPostFailureClasses(t *testing.T) {
	signed := setupOpts{serverSecret: robotSecret, clientSecret: robotSecret}
	with := func(o setupOpts, f func(*setupOpts)) setupOpts { f(&o); return o }
	tests := []struct {
		name     string
		opts     setupOpts
		queue    []dingtalktest.Reply
		keyword  string
		skew     time.Duration // the fake's clock runs ahead by this
		body     []byte
		kind     campaign.Kind
		requests int
		sleeps   []time.Duration // nil: not compared
		mention  string
	}{
		{name: "signed post accepted", opts: signed, requests: 1, sleeps: []time.Duration{}},
		{name: "unsigned robot", opts: setupOpts{}, requests: 1},
		{name: "bad signature", opts: with(signed, func(o *setupOpts) { o.clientSecret = "wrongSECRETwrong" }),
			kind: campaign.Unauthorized, requests: 1, sleeps: []time.Duration{}, mention: "sign not match"},
		{name: "missing signature", opts: with(signed, func(o *setupOpts) { o.clientSecret = "" }),
			kind: campaign.Unauthorized, requests: 1, mention: "310000"},
		{name: "timestamp too old for the robot", opts: signed, skew: 2 * time.Hour,
			kind: campaign.Unauthorized, requests: 1, mention: "timestamp"},
		{name: "keyword missing", opts: signed, keyword: "ALERT",
			kind: campaign.Unauthorized, requests: 1, mention: "keyword"},
		{name: "keyword present", opts: signed, keyword: "campaignwatch", requests: 1},
		{name: "unknown token", opts: with(signed, func(o *setupOpts) {
			o.url = func(f *dingtalktest.Server) string {
				return strings.Replace(f.URL(), dingtalktest.Token, "n0tAr0b0tT0ken", 1)
			}
		}), kind: campaign.Unauthorized, requests: 1, mention: "access_token"},
		{name: "130101 fails at once", opts: signed, queue: []dingtalktest.Reply{dingtalktest.Throttled},
			kind: campaign.Unavailable, requests: 1, sleeps: []time.Duration{}, mention: "throttling"},
		{name: "130101 waits when MaxWait allows", opts: with(signed, func(o *setupOpts) { o.maxWait = 15 * time.Minute }),
			queue: []dingtalktest.Reply{dingtalktest.Throttled}, requests: 2, sleeps: []time.Duration{dingtalk.ThrottleWait}},
		{name: "503 retried", opts: signed, queue: []dingtalktest.Reply{dingtalktest.Unavailable}, requests: 2},
		{name: "-1 system busy retried", opts: signed, queue: []dingtalktest.Reply{dingtalktest.Busy}, requests: 2},
		{name: "503 until the attempts run out", opts: signed,
			queue: []dingtalktest.Reply{dingtalktest.Unavailable, dingtalktest.Unavailable, dingtalktest.Unavailable},
			kind:  campaign.Unavailable, requests: 3, mention: "HTTP 503"},
		{name: "over 20,000 bytes", opts: signed, body: bigBody(),
			kind: campaign.Invalid, requests: 1, mention: "460101"},
		{name: "not JSON", opts: signed, body: []byte("{"),
			kind: campaign.Invalid, requests: 1, mention: "40035"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, n, clock := setup(t, tt.opts)
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

func bigBody() []byte {
	b, _ := json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": "x", "text": strings.Repeat("x", 20001)}})
	return b
}

// TestPacingKeepsUnderTheRobotsLimit posts 30 messages through one
// notifier: the pacing must keep the robot's 20-a-minute limit, so that
// none is throttled.
func TestPacingKeepsUnderTheRobotsLimit(t *testing.T) {
	fake, n, clock := setup(t, setupOpts{serverSecret: robotSecret, clientSecret: robotSecret})
	msgs, err := n.Render(notifytest.BaselineAlert())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if err := n.Post(context.Background(), msgs[0]); err != nil {
			report(n, i, err)
			t.Fatalf("message %d: %v", i+1, err)
		}
	}
	report(n, 30, nil)
	if got := len(fake.Messages()); got != 30 {
		t.Errorf("the robot accepted %d of 30", got)
	}
	if len(clock.Sleeps()) == 0 {
		t.Error("30 messages went out without any pacing")
	}
}

// TestFakeThrottlesOverTheLimit checks the fake itself: without pacing
// room, the 4th message within a minute to a robot limited to 3 is refused
// with 130101, and the notifier reports it as Unavailable.
func TestFakeThrottlesOverTheLimit(t *testing.T) {
	fake, n, _ := setup(t, setupOpts{})
	fake.SetLimit(3)
	msgs, _ := n.Render(notifytest.BaselineAlert())
	var err error
	for i := 0; i < 4 && err == nil; i++ {
		err = n.Post(context.Background(), msgs[0])
	}
	report(n, 3, err)
	if campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "130101") {
		t.Errorf("err = %v, want Unavailable with errcode 130101", err)
	}
}

func TestNew(t *testing.T) {
	const a = "https://oapi.dingtalk.com/robot/send?access_token=" + dingtalktest.Token
	const b = "https://oapi.dingtalk.com/robot/send?access_token=another0token0000"
	na, _ := dingtalk.New(notify.Target{Name: "dingtalk", URL: a, Secret: robotSecret}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{})
	nb, _ := dingtalk.New(notify.Target{Name: "dingtalk#2", URL: b, Secret: robotSecret}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{})
	if na.Name() != "dingtalk" || nb.Name() != "dingtalk#2" {
		t.Errorf("names = %q, %q", na.Name(), nb.Name())
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://oapi.dingtalk.com/robot/send?access_token=" + dingtalktest.Token: true,
		"https://oapi.dingtalk.com/robot/send":                                    false,
		"https://oapi.dingtalk.com/robot/send?token=abc":                          false,
	} {
		u, _ := url.Parse(raw)
		err := dingtalk.Service.CheckURL(u)
		if (err == nil) != ok {
			t.Errorf("CheckURL(%s) = %v, want ok=%v", raw, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), "oapi") {
			t.Errorf("error quotes the URL: %v", err)
		}
	}
}
