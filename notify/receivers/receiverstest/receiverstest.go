// Package receiverstest starts the chat services' fakes: each service of
// notify/receivers registers how to start its fake (notify/<service>/
// <service>test) and read what it received, from a file of its own
// package built only without the fcdeploy tag (notify/slack/fake.go, ...),
// so that the service's one line in notify/receivers brings its fake
// along in development builds and leaves it out of the Function Compute
// binary. The demo, the playground and the conformance suite
// (notify/conformance) start every service's fake through it; a service
// registered without a fake fails TestEveryServiceHasAFake.
//
// It is development code: the Function Compute binary (built with -tags
// fcdeploy) never links it (TestFunctionComputeBuildHasNoFakes).
package receiverstest

import (
	"fmt"
	"time"

	"github.com/campaignwatch/campaignwatch/notify"
)

// Fake is one running fake of a chat service, answering as the service
// does (its signature check, its limits, its reply codes).
type Fake struct {
	// URL is the webhook URL it answers at.
	URL string
	// Secret is the signing secret it checks; "" for a service that signs
	// nothing.
	Secret string
	// Format names what the service's messages are, for the demo's
	// sentence about them: "Slack Block Kit", "a Feishu card".
	Format string
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

// fakes holds each service's start, by type; written only by Register,
// from the service packages' init functions.
var fakes = map[string]func(secret string) Fake{}

// Register makes start the way to start the fake of the service of type
// typ, checking secret (ignored by a service that signs nothing). A
// service package calls it from its init, in a file built only without
// the fcdeploy tag; a second registration of typ panics, as a mistake
// found at startup.
func Register(typ string, start func(secret string) Fake) {
	if _, dup := fakes[typ]; dup {
		panic(fmt.Sprintf("receiverstest: a second fake of %q", typ))
	}
	fakes[typ] = start
}

// Registered returns the types of the services that registered a fake,
// in no order.
func Registered() []string {
	out := make([]string, 0, len(fakes))
	for typ := range fakes {
		out = append(out, typ)
	}
	return out
}

// Start starts the fake of svc, checking signatures with secret when svc
// signs; false when the service registered no fake.
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

// Bodies returns the body of each of ms: a fake's messages as the bytes
// it accepted.
func Bodies[M any](ms []M, body func(M) []byte) [][]byte {
	out := make([][]byte, len(ms))
	for i, m := range ms {
		out[i] = body(m)
	}
	return out
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
