// Package receiverstest is the registry of the chat services' fakes,
// beside notify/receivers: one line per service names how to start its
// fake (notify/<service>/<service>test) and read what it received. The
// demo, the playground and the conformance suite (notify/conformance)
// start every service's fake through it, so that a service added to
// notify/receivers without a line here fails TestEveryServiceHasAFake.
//
// It is development code: the Function Compute binary (built with -tags
// fcdeploy) never links it (TestFunctionComputeBuildHasNoFakes).
package receiverstest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// Fake is one running fake of a chat service, answering as the service
// does (its signature check, its limits, its reply codes).
type Fake struct {
	// URL is the webhook URL it answers at.
	URL string
	// Secret is the signing secret it checks; "" for a service that signs
	// nothing.
	Secret string
	// Bodies returns the bodies of the messages it accepted, in order.
	Bodies func() [][]byte
	// Requests counts every request it received, refused ones included.
	Requests func() int
	// Throttle makes it answer the next request as the service answers
	// one post too many (Slack's 429, DingTalk's 130101, ...).
	Throttle func()
	// Mentions returns whom a body it accepted mentions, as the chat
	// shows it ("@all", "<!here>", "@13800000000"); nil for nobody.
	Mentions func(body []byte) []string
	// SetClock sets the clock it checks signatures' timestamps and counts
	// its limits by.
	SetClock func(now func() time.Time)
	// Close stops it.
	Close func()
}

// fakes has one line per service of notify/receivers, by type: how to
// start its fake checking secret (ignored by a service that signs
// nothing).
var fakes = map[string]func(secret string) Fake{
	"slack": func(string) Fake {
		f := slacktest.New()
		return Fake{URL: f.URL(), Bodies: f.Payloads, Requests: f.Requests, Close: f.Close,
			Throttle: func() { f.Enqueue(slacktest.RateLimited(1)) }, Mentions: slacktest.Mentions,
			SetClock: func(func() time.Time) {}} // the fake keeps no time
	},
	"dingtalk": func(secret string) Fake {
		f := dingtalktest.New(secret)
		return Fake{URL: f.URL(), Secret: secret, Requests: f.Requests, Close: f.Close,
			Bodies:   func() [][]byte { return bodies(f.Messages(), func(m dingtalktest.Message) []byte { return m.Body }) },
			Throttle: func() { f.Enqueue(dingtalktest.Throttled) }, SetClock: f.SetClock,
			Mentions: func(body []byte) []string {
				var m dingtalktest.Message
				if json.Unmarshal(body, &m) != nil {
					return nil
				}
				return m.Mentions()
			}}
	},
	"feishu": func(secret string) Fake {
		f := feishutest.New(secret)
		return Fake{URL: f.URL(), Secret: secret, Requests: f.Requests, Close: f.Close,
			Bodies:   func() [][]byte { return bodies(f.Messages(), func(m feishutest.Message) []byte { return m.Body }) },
			Throttle: func() { f.Enqueue(feishutest.TooOften) }, Mentions: feishutest.Mentions, SetClock: f.SetClock}
	},
	"wecom": func(string) Fake {
		f := wecomtest.New()
		return Fake{URL: f.URL(), Requests: f.Requests, Close: f.Close,
			Bodies:   func() [][]byte { return bodies(f.Messages(), func(m wecomtest.Message) []byte { return m.Body }) },
			Throttle: func() { f.Enqueue(wecomtest.OverLimit) }, Mentions: wecomtest.Mentions, SetClock: f.SetClock}
	},
	"webhook": func(secret string) Fake {
		f := webhooktest.New(secret)
		return Fake{URL: f.URL(), Secret: secret, Requests: f.Requests, Close: f.Close,
			Bodies:   func() [][]byte { return bodies(f.Messages(), func(m webhooktest.Message) []byte { return m.Body }) },
			Throttle: func() { f.Enqueue(webhooktest.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"}) },
			Mentions: func([]byte) []string { return nil }, // the JSON carries no mention
			SetClock: f.SetClock}
	},
}

func bodies[M any](ms []M, body func(M) []byte) [][]byte {
	out := make([][]byte, len(ms))
	for i, m := range ms {
		out[i] = body(m)
	}
	return out
}

// Start starts the fake of svc, checking signatures with secret when svc
// signs; false when the service has no fake here.
func Start(svc notify.Service, secret string) (Fake, bool) {
	start, ok := fakes[svc.Type]
	if !ok {
		return Fake{}, false
	}
	if svc.Sign == nil {
		secret = ""
	}
	return start(secret), true
}

// Var is one environment variable.
type Var struct{ Name, Value string }

// Vars are the variables that point campaignwatch at f, a fake of svc: its
// webhook URL and, for a service that signs, the fake's secret.
func Vars(svc notify.Service, f Fake) []Var {
	out := []Var{{svc.Vars.URL, f.URL}}
	if svc.Vars.Secret != "" {
		out = append(out, Var{svc.Vars.Secret, f.Secret})
	}
	return out
}
