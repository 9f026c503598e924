package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// TestSlackRetryAfterIsWaitedOutWithinTheRun: Slack answers 429 with
// Retry-After: 30, in seconds and as an HTTP date, which is longer than a
// post's claim holds. The run waits it out and delivers the change in the
// same run: exit 0, one message. (Each waits a real 30 s, in parallel with
// the rest of the package; WeCom's minute is in TestNewServicesEndToEnd.)
func TestSlackRetryAfterIsWaitedOutWithinTheRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter func() string
	}{
		{"in seconds", func() string { return "30" }},
		{"as an HTTP date", func() string { return time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{NoDingTalk: true})
			w.baseline()
			w.BudgetUp()
			limited := w.SlkG.On(&Rule{Do: Answer, Times: 1, Status: http.StatusTooManyRequests, ContentType: "text/plain",
				Body: "rate_limited", Header: map[string]string{"Retry-After": tc.retryAfter()}})
			start := time.Now()
			r := w.Check(0)
			took := time.Since(start)
			if d := r.Report.Delivery("slack"); d.Error != "" || d.Messages != 1 {
				t.Errorf("report line %+v, want the change delivered in this run", d)
			}
			if limited.Applied() != 1 {
				t.Errorf("the 429 was answered %d times, want once", limited.Applied())
			}
			w.WantCounts(idSpring, 1, 0)
			if took < 25*time.Second {
				t.Errorf("the run took %s: it cannot have waited the 30 s Slack asked for", took)
			}
			if !strings.Contains(r.Stderr, "waiting it out") {
				t.Errorf("the log does not say the run waited:\n%s", tail(r.Stderr, 2000))
			}
		})
	}
}

// TestSystemBusyIsRetried: DingTalk's and WeCom's errcode -1 ("system
// busy", which their documentation says to retry) is retried with backoff
// in the run: exit 0, the change delivered once.
func TestSystemBusyIsRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		opt    Options
		busy   func(w *World)
		bodies func(w *World) [][]byte
	}{
		{"dingtalk", Options{NoSlack: true}, func(w *World) { w.Ding.Enqueue(dingtalktest.Busy) }, redirectServices[1].bodies},
		{"wecom", services[1].opt, func(w *World) { w.WeCom.Enqueue(wecomtest.Busy) }, services[1].bodies},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, tc.opt)
			w.baseline()
			w.BudgetUp()
			tc.busy(w)
			r := w.Check(0)
			if d := r.Report.Delivery(tc.name); d.Error != "" || d.Messages != 1 {
				t.Errorf("report line %+v, want the change delivered", d)
			}
			if got := naming(tc.bodies(w), "$80.00"); got != 1 {
				t.Errorf("%d messages name the new budget, want 1", got)
			}
			if !strings.Contains(r.Stderr, "errcode -1") || !strings.Contains(r.Stderr, "notify: retrying") {
				t.Errorf("the log does not show the retry of errcode -1:\n%s", tail(r.Stderr, 2000))
			}
		})
	}
}
