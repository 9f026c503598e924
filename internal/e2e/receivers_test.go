package e2e

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// TestReceiverFaults: a receiver that fails does not fail the check (the
// snapshot and the pending alert are committed, exit 1 names the receiver);
// it gets its pending change on the next run, and the healthy receiver
// never gets it twice.
func TestReceiverFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		receiver string // the one that fails
		want     string // in its error
		inject   func(w *World)
	}{
		{"Slack 500", "slack", "500", func(w *World) {
			w.Slack.Enqueue(slacktest.ServerError, slacktest.ServerError, slacktest.ServerError)
		}},
		{"Slack 429 longer than allowed", "slack", "429", func(w *World) {
			w.Slack.Enqueue(slacktest.RateLimited(120))
		}},
		{"Slack revoked webhook", "slack", "404", func(w *World) {
			w.Slack.Enqueue(slacktest.NoService)
		}},
		{"DingTalk 130101", "dingtalk", "130101", func(w *World) {
			w.Ding.Enqueue(dingtalktest.Throttled)
		}},
		{"DingTalk 310000", "dingtalk", "310000", func(w *World) {
			w.Ding.Enqueue(dingtalktest.SignInvalid)
		}},
		{"DingTalk 503", "dingtalk", "503", func(w *World) {
			w.Ding.Enqueue(dingtalktest.Unavailable, dingtalktest.Unavailable, dingtalktest.Unavailable)
		}},
		{"DingTalk answers HTML", "dingtalk", "DingTalk", func(w *World) {
			w.DngG.On(&Rule{Do: Answer, Times: 3, Status: 200, ContentType: "text/html", Body: "<html><body>Welcome to the hotel wifi</body></html>"})
		}},
		{"Slack times out", "slack", "could not be reached", func(w *World) {
			// Held until the client gives up, on every attempt of the run.
			w.SlkG.On(&Rule{Do: Hang, Times: 3})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{})
			w.baseline()
			w.BudgetUp()
			tc.inject(w)
			r := w.Check(1)
			healthy := "dingtalk"
			if tc.receiver == "dingtalk" {
				healthy = "slack"
			}
			t.Logf("%s: %s", tc.receiver, r.Report.Delivery(tc.receiver).Error)
			if d := r.Report.Delivery(tc.receiver); d.Error == "" || !strings.Contains(d.Error, tc.want) {
				t.Errorf("failed receiver's report line: %+v; want an error naming %q", d, tc.want)
			}
			if d := r.Report.Delivery(healthy); d.Error != "" || d.Messages != 1 {
				t.Errorf("healthy receiver's report line: %+v; want 1 message", d)
			}
			if r.Report.Generation != 2 || r.Report.ChangeOf(idSpring) == nil {
				t.Errorf("the check did not commit its change: generation %d, changes %+v", r.Report.Generation, r.Report.Changes)
			}
			if !strings.Contains(lastLine(r.Stderr), "could not reach "+tc.receiver) {
				t.Errorf("stderr's last line does not name the receiver: %s", lastLine(r.Stderr))
			}
			if tc.receiver == "slack" {
				w.WantCounts(idSpring, 0, 1)
			} else {
				w.WantCounts(idSpring, 1, 0)
			}

			w.SlkG.Clear()
			w.DngG.Clear()
			r = w.Check(0)
			if len(r.Report.Changes) != 0 {
				t.Errorf("the next run found changes again: %+v", r.Report.Changes)
			}
			if d := r.Report.Delivery(tc.receiver); d.Error != "" || d.Messages != 1 {
				t.Errorf("the next run's line for the failed receiver: %+v; want its 1 pending message", d)
			}
			if d := r.Report.Delivery(healthy); d.Messages != 0 {
				t.Errorf("the next run posted %d messages to the healthy receiver", d.Messages)
			}
			w.WantCounts(idSpring, 1, 1)

			r = w.Check(0)
			if n := r.Report.Delivery("slack").Messages + r.Report.Delivery("dingtalk").Messages; n != 0 {
				t.Errorf("a third run posted %d messages", n)
			}
			w.WantCounts(idSpring, 1, 1)
		})
	}

	// Faults the notifier rides out within the run.
	for _, tc := range []struct {
		name   string
		inject func(w *World)
	}{
		{"Slack 429 with a short Retry-After", func(w *World) { w.Slack.Enqueue(slacktest.RateLimited(1)) }},
		{"Slack 500 once", func(w *World) { w.Slack.Enqueue(slacktest.ServerError) }},
		{"DingTalk 503 once", func(w *World) { w.Ding.Enqueue(dingtalktest.Unavailable) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{})
			w.baseline()
			w.BudgetUp()
			tc.inject(w)
			w.Check(0)
			w.WantCounts(idSpring, 1, 1)
		})
	}
}
