package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// redirected is one service as the redirect test drives it: the world
// with only that receiver, the gate in front of it and what its fake
// accepted.
type redirected struct {
	name   string
	opt    Options
	gate   func(w *World) *Gate
	bodies func(w *World) [][]byte
}

var redirectServices = []redirected{
	{"slack", Options{NoDingTalk: true}, func(w *World) *Gate { return w.SlkG }, func(w *World) [][]byte { return w.Slack.Payloads() }},
	{"dingtalk", Options{NoSlack: true}, func(w *World) *Gate { return w.DngG }, func(w *World) [][]byte {
		var out [][]byte
		for _, m := range w.Ding.Messages() {
			out = append(out, m.Body)
		}
		return out
	}},
	{"feishu", services[0].opt, func(w *World) *Gate { return w.FeiG }, services[0].bodies},
	{"wecom", services[1].opt, func(w *World) *Gate { return w.WcmG }, services[1].bodies},
	{"webhook", services[2].opt, func(w *World) *Gate { return w.HookG }, services[2].bodies},
}

// TestRedirectsAreFailedDeliveries makes each service's endpoint answer
// 307, 302 and 301 pointing at another server, through the built binary:
// the run fails that receiver with an error naming the status and the new
// host (never the path the Location holds), the other server receives
// nothing at all (no body, no signature, no Referer), nothing counts as
// delivered, and the change arrives once when the endpoint recovers.
func TestRedirectsAreFailedDeliveries(t *testing.T) {
	t.Parallel()
	for _, s := range redirectServices {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			var elsewhere atomic.Int32
			other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
			t.Cleanup(other.Close)
			otherHost := strings.TrimPrefix(other.URL, "http://")

			w := NewWorld(t, s.opt)
			w.baseline()
			for i, status := range []int{307, 302, 301} {
				budget := int64(7000 + 100*i)
				dollars := fmt.Sprintf("$%d.00", budget/100) // as messages show it
				if s.name == "webhook" {
					dollars = fmt.Sprintf(`"new":"%d"`, budget) // the API's cents
				}
				w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = budget })
				before := naming(s.bodies(w), dollars)
				gate := s.gate(w)
				gate.On(&Rule{Do: Answer, Status: status, Body: "moved",
					Header: map[string]string{"Location": other.URL + "/moved/" + s.name + "?key=elsewhere"}})

				r := w.Check(1)
				d := r.Report.Delivery(s.name)
				want := fmt.Sprintf("HTTP %d (a redirect): the endpoint moved to %s", status, otherHost)
				if !strings.Contains(d.Error, want) || d.Messages != 0 {
					t.Errorf("%d: report line %+v, want no message and an error containing %q", status, d, want)
				}
				if strings.Contains(d.Error, "/moved/") || strings.Contains(d.Error, "key=elsewhere") {
					t.Errorf("%d: the error quotes the Location's path or query: %s", status, d.Error)
				}
				if got := naming(s.bodies(w), dollars); got != before {
					t.Errorf("%d: the service accepted %d messages naming %s while redirecting", status, got-before, dollars)
				}
				if n := elsewhere.Load(); n != 0 {
					t.Fatalf("%d: the host the redirect named received %d requests, want none", status, n)
				}

				gate.Clear()
				r = w.Check(0)
				if d := r.Report.Delivery(s.name); d.Error != "" || d.Messages != 1 {
					t.Errorf("%d: recovered run: report line %+v, want 1 message", status, d)
				}
				if got := naming(s.bodies(w), dollars) - before; got != 1 {
					t.Errorf("%d: after recovery %d messages name %s, want 1", status, got, dollars)
				}
			}
			if n := elsewhere.Load(); n != 0 {
				t.Errorf("the host the redirects named received %d requests, want none", n)
			}
		})
	}
}
