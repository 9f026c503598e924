package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// service is one of the receivers added after Slack and DingTalk, as the
// end-to-end steps see it.
type service struct {
	name string // the receiver's name in the report
	opt  Options
	// bodies returns what the fake accepted, in order.
	bodies func(w *World) [][]byte
	// split is how many new campaigns make one alert too long for one
	// message.
	split int
	// throttle makes the fake answer the next post with the service's
	// throttling; repairedNextRun says whether delivery waits for the next
	// run (the wait is longer than a run allows).
	throttle        func(w *World)
	repairedNextRun bool
	// fail makes the fake fail every attempt of one run.
	fail func(w *World)
}

var services = []service{
	{
		name: "feishu", opt: Options{NoSlack: true, NoDingTalk: true, Feishu: true},
		bodies: func(w *World) [][]byte {
			var out [][]byte
			for _, m := range w.Feishu.Messages() {
				out = append(out, m.Body)
			}
			return out
		},
		split:    400,
		throttle: func(w *World) { w.Feishu.Enqueue(feishutest.TooOften) },
		fail: func(w *World) {
			w.Feishu.Enqueue(feishutest.Unavailable, feishutest.Unavailable, feishutest.Unavailable)
		},
	},
	{
		name: "wecom", opt: Options{NoSlack: true, NoDingTalk: true, WeCom: true},
		bodies: func(w *World) [][]byte {
			var out [][]byte
			for _, m := range w.WeCom.Messages() {
				out = append(out, m.Body)
			}
			return out
		},
		split: 60,
		// 45009 asks for the rest of WeCom's one-minute window: the run
		// waits it out (a real minute; this is the one test that does).
		throttle: func(w *World) { w.WeCom.Enqueue(wecomtest.OverLimit) },
		fail: func(w *World) {
			w.WeCom.Enqueue(wecomtest.Unavailable, wecomtest.Unavailable, wecomtest.Unavailable)
		},
	},
	{
		name: "webhook", opt: Options{NoSlack: true, NoDingTalk: true, Webhook: true},
		bodies: func(w *World) [][]byte {
			var out [][]byte
			for _, m := range w.Hook.Messages() {
				out = append(out, m.Body)
			}
			return out
		},
		split:    1005,
		throttle: func(w *World) { w.Hook.Enqueue(webhooktest.Reply{Status: 429, RetryAfter: "1"}) },
		fail: func(w *World) {
			w.Hook.Enqueue(webhooktest.Reply{Status: 502}, webhooktest.Reply{Status: 502}, webhooktest.Reply{Status: 502})
		},
	},
}

// naming counts the bodies that name campaign id.
func naming(bodies [][]byte, id string) int {
	n := 0
	for _, b := range bodies {
		if bytes.Contains(b, []byte(id)) {
			n++
		}
	}
	return n
}

// TestNewServicesEndToEnd takes Feishu, WeCom and the generic webhook each
// through the built binary: the baseline, a change, throttling answered by
// the fake, a failure the next run repairs, an alert too long for one
// message, and the digest; each message arrives once, and no output
// carries a secret (the world's secret scan at cleanup).
func TestNewServicesEndToEnd(t *testing.T) {
	t.Parallel()
	for _, s := range services {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, s.opt)
			// A page size that lists the split step's campaigns in few calls.
			w.Env["CAMS_PAGE_SIZE"] = "100"

			w.baseline()
			if got := len(s.bodies(w)); got != 1 {
				t.Fatalf("the baseline sent %d messages, want 1", got)
			}

			w.BudgetUp()
			r := w.Check(0)
			if d := r.Report.Delivery(s.name); d.Error != "" || d.Messages != 1 {
				t.Errorf("changes: report line %+v, want 1 message", d)
			}
			if got := naming(s.bodies(w), idSpring); got != 1 {
				t.Errorf("changes: %d messages name %s, want 1", got, idSpring)
			}

			t.Run("throttled", func(t *testing.T) {
				defer w.as(t)()
				w.Edit(chA, idNew, func(c *campaign.Campaign) { c.Status = "PAUSED" })
				s.throttle(w)
				if s.repairedNextRun {
					r := w.Check(1)
					if d := r.Report.Delivery(s.name); d.Error == "" {
						t.Errorf("a throttled run reports %+v, want an error", d)
					}
					if got := naming(s.bodies(w), idNew); got != 0 {
						t.Errorf("%d messages name %s while throttled", got, idNew)
					}
				}
				w.Check(0)
				if got := naming(s.bodies(w), idNew); got != 1 {
					t.Errorf("%d messages name %s, want 1", got, idNew)
				}
			})

			t.Run("failure repaired by the next run", func(t *testing.T) {
				defer w.as(t)()
				w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
				s.fail(w)
				r := w.Check(1)
				if d := r.Report.Delivery(s.name); d.Error == "" || !strings.Contains(lastLine(r.Stderr), "could not reach "+s.name) {
					t.Errorf("the failed run reports %+v; stderr ends %q", d, lastLine(r.Stderr))
				}
				r = w.Check(0)
				if d := r.Report.Delivery(s.name); d.Error != "" || d.Messages != 1 {
					t.Errorf("the next run reports %+v, want 1 message", d)
				}
				if got := naming(s.bodies(w), idFlash); got != 1 {
					t.Errorf("%d messages name %s, want 1", got, idFlash)
				}
			})

			t.Run("split", func(t *testing.T) {
				defer w.as(t)()
				before := len(s.bodies(w))
				w.addCampaigns(chA, s.split)
				r := w.Check(0)
				d := r.Report.Delivery(s.name)
				if d.Error != "" || d.Messages < 2 {
					t.Fatalf("report line %+v, want several messages", d)
				}
				got := s.bodies(w)[before:]
				if len(got) != d.Messages {
					t.Errorf("the fake accepted %d messages, the report says %d", len(got), d.Messages)
				}
				for i := 1; i <= s.split; i++ {
					if n := naming(got, fmt.Sprintf(`%s"`, manyID(i))) + naming(got, manyID(i)+")"); n != 1 {
						t.Fatalf("campaign %s is in %d messages, want 1", manyID(i), n)
					}
				}
			})

			t.Run("digest", func(t *testing.T) {
				defer w.as(t)()
				before := len(s.bodies(w))
				r := w.Run("digest", "--json")
				if r.Code != 0 || r.Report == nil {
					t.Fatalf("digest exited %d:\n%s\n%s", r.Code, r.Stdout, tail(r.Stderr, 2000))
				}
				got := s.bodies(w)[before:]
				if d := r.Report.Delivery(s.name); d.Error != "" || d.Messages != len(got) || len(got) == 0 {
					t.Errorf("the digest's report line %+v; the fake accepted %d messages", d, len(got))
				}
				for i, b := range got {
					if !bytes.Contains(b, []byte("digest")) {
						t.Errorf("digest message %d does not say it is the digest: %.300s", i+1, b)
					}
				}
			})
			if s.name == "webhook" {
				for i, m := range w.Hook.Messages() {
					if !strings.HasPrefix(m.UserAgent, "campaignwatch/") || m.Receiver != "webhook" {
						t.Errorf("post %d: User-Agent %q, receiver %q", i+1, m.UserAgent, m.Receiver)
					}
				}
				if w.Hook.Duplicates() != 0 {
					t.Errorf("the endpoint dropped %d duplicate deliveries, want none", w.Hook.Duplicates())
				}
			}
		})
	}
}

// manyID is the id of the i-th campaign addCampaigns adds.
func manyID(i int) string { return fmt.Sprintf("99%08d", i) }

// addCampaigns adds n campaigns to channel.
func (w *World) addCampaigns(channel string, n int) {
	cust, page, _ := strings.Cut(channel, ":")
	cs := w.Emu.Campaigns(cust, page)
	for i := 1; i <= n; i++ {
		cs = append(cs, campaign.Campaign{CustSpaceID: cust, PageID: page, CampaignID: manyID(i),
			CampaignName: fmt.Sprintf("autumn-season-promotion-%04d", i), Status: "AVAILABLE",
			Budget: 1000 + int64(i), BudgetType: campaign.BudgetDaily, AdAccountID: "act_1029384756", CreateTime: 1767225600000})
	}
	w.Emu.SetCampaigns(cust, page, cs)
}
