package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// The titles of the health notices (notify/health.go).
const (
	checksFailing   = "campaign checks are failing"
	checksRecovered = "campaign checks work again"
	digestFailing   = "the daily digest is failing"
	cannotStart     = "campaignwatch cannot start"
)

// healthTitles are what every health notice's text contains.
var healthTitles = []string{checksFailing, checksRecovered, digestFailing, "the daily digest works again", cannotStart}

// healthNotices counts the health notices the receivers accepted: Posts
// leaves them out, so that the tests of failed runs that say "nothing was
// posted" mean the campaign messages.
func (w *World) healthNotices() int {
	n := 0
	for _, title := range healthTitles {
		s, d := w.notices(title)
		n += s + d
		if w.Feishu != nil {
			for _, m := range w.Feishu.Messages() {
				if strings.Contains(m.Card.Header.Title.Content, title) {
					n++
				}
			}
		}
		if w.WeCom != nil {
			for _, m := range w.WeCom.Messages() {
				if strings.Contains(m.Markdown.Content, title) {
					n++
				}
			}
		}
	}
	if w.Hook != nil {
		for _, m := range w.Hook.Messages() {
			if m.Kind == "health" {
				n++
			}
		}
	}
	return n
}

// isHealthRecord reports whether a stored key is a record of the health
// log, which every failed run adds to, or of a health notice in the outbox:
// SameStore leaves those out.
func isHealthRecord(key string) bool {
	k := strings.TrimPrefix(key, "watch/")
	for _, p := range []string{"health/", "alert/health-", "deliv/health-", "done/health-"} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// camsRefuses makes the CAMS API refuse every call, with an error message
// that quotes the access key secret, as a careless gateway might: the
// notice must carry the error without it.
func camsRefuses(w *World) *Rule {
	return w.CAMS.On(&Rule{
		Match: func(*http.Request) bool { return true }, Do: Answer, Status: http.StatusForbidden,
		ContentType: "application/json",
		Body:        `{"RequestId":"5E8F-4411","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found: ` + ossfake.AccessKeyID + `/` + akSecret + `"}`,
	})
}

// notices counts the messages each receiver got that contain s.
func (w *World) notices(s string) (slackN, dingN int) {
	if w.Slack != nil {
		for _, p := range w.Slack.Payloads() {
			if bytes.Contains(p, []byte(s)) {
				slackN++
			}
		}
	}
	if w.Ding != nil {
		for _, m := range w.Ding.Messages() {
			if strings.Contains(m.Markdown.Text, s) {
				dingN++
			}
		}
	}
	return
}

func (w *World) wantNotices(s string, wantSlack, wantDing int) {
	w.t.Helper()
	if gs, gd := w.notices(s); gs != wantSlack || gd != wantDing {
		w.t.Fatalf("%q: Slack got %d, DingTalk %d; want %d and %d", s, gs, gd, wantSlack, wantDing)
	}
}

func TestHealthCAMSFailingThreeRunsThenRecovering(t *testing.T) {
	w := NewWorld(t, Options{OSS: true})
	w.Check(0)
	camsRefuses(w)
	for i := 1; i <= 3; i++ {
		r := w.Check(1)
		if !strings.Contains(r.Stderr, `run failed`) {
			t.Errorf("run %d's log has no run_failed line:\n%s", i, tail(r.Stderr, 2000))
		}
		want := 0
		if i == 3 {
			want = 1
		}
		w.wantNotices(checksFailing, want, want)
	}
	w.Check(1) // a fourth failure: the incident is announced already
	w.wantNotices(checksFailing, 1, 1)
	notice := w.Ding.Messages()[len(w.Ding.Messages())-1].Markdown.Text
	for _, want := range []string{"InvalidAccessKeyId.NotFound", "Credentials", "3 failed runs in a row"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the failing notice lacks %q:\n%s", want, notice)
		}
	}
	for _, secret := range w.Secrets() {
		if strings.Contains(notice, secret) {
			t.Errorf("the failing notice carries a secret (%.4s...)", secret)
		}
	}

	w.CAMS.Clear()
	r := w.Check(0)
	w.wantNotices(checksRecovered, 1, 1)
	if r.Report.Delivery("slack").Messages != 1 {
		t.Errorf("the recovering run's report: %+v; want the recovered notice counted", r.Report.Notifications)
	}
	w.Check(0)
	w.wantNotices(checksRecovered, 1, 1)
	w.wantNotices(checksFailing, 1, 1)
}

func TestHealthTenOverlappingFailingRunsSendOneNotice(t *testing.T) {
	w := NewWorld(t, Options{OSS: true})
	w.Check(0)
	camsRefuses(w)
	procs := make([]*Proc, 10)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Go(func() { procs[i] = w.Start(nil, "check", "--json") })
	}
	wg.Wait()
	for _, p := range procs {
		if r := p.Wait(t); r.Code != 1 {
			t.Fatalf("an overlapping failing check exited %d, want 1:\n%s", r.Code, tail(r.Stderr, 2000))
		}
	}
	w.wantNotices(checksFailing, 1, 1)
}

func TestHealthDigestFailingWhileChecksSucceed(t *testing.T) {
	w := NewWorld(t, Options{OSS: true})
	w.Check(0)
	// The digest cannot store its alert; checks never write one.
	w.OSSG.On(&Rule{
		Match: func(r *http.Request) bool {
			return r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/alert/digest-")
		},
		Do: Answer, Status: http.StatusForbidden, ContentType: "application/xml",
		Body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>You have no right to access this object.</Message><RequestId>64F0</RequestId></Error>`,
	})
	for range 3 {
		if r := w.Run("digest", "--json"); r.Code != 1 {
			t.Fatalf("digest exited %d, want 1:\n%s", r.Code, tail(r.Stderr, 2000))
		}
		w.Check(0)
	}
	w.wantNotices(digestFailing, 1, 1)
	w.wantNotices(checksFailing, 0, 0)
	if notice := w.Ding.Messages()[len(w.Ding.Messages())-1].Markdown.Text; !strings.Contains(notice, "snapshot bucket") {
		t.Errorf("a digest that cannot write its bucket should point at the bucket:\n%s", notice)
	}
}

func TestHealthAFailedListingDeliversWhatIsPending(t *testing.T) {
	w := NewWorld(t, Options{})
	refuse := w.DngG.On(&Rule{Match: func(*http.Request) bool { return true }, Do: Answer, Status: http.StatusBadRequest, Body: "bad"})
	w.Check(1) // the baseline note stays pending for DingTalk
	if refuse.Applied() == 0 || w.DingCount("") != 0 {
		t.Fatal("DingTalk was not refused")
	}
	w.DngG.Clear()
	camsRefuses(w)
	r := w.Check(1)
	if d := r.Report.Delivery("dingtalk"); d.Messages != 1 || d.Error != "" {
		t.Fatalf("the failed run's report: %+v; want the pending baseline note delivered to dingtalk", r.Report.Notifications)
	}
	if r.Report.Error == "" {
		t.Error("the failed run's report has no error")
	}
	w.wantNotices("now watching", 1, 1)
}

func TestHealthConfigurationThatCannotLoadStillTellsSomeone(t *testing.T) {
	w := NewWorld(t, Options{})
	w.Env["CAMS_PAGE_SIZE"] = "fifty"
	fc := w.StartFC(0)
	for range 2 {
		if _, errMsg := fc.Timer(fixture(t, "timer-check.json")); !strings.Contains(errMsg, "CAMS_PAGE_SIZE") {
			t.Fatalf("invocation error %q; want it to name CAMS_PAGE_SIZE", errMsg)
		}
	}
	w.wantNotices(cannotStart, 1, 1)
	if notice := w.Ding.Messages()[0].Markdown.Text; !strings.Contains(notice, "CAMS\\_PAGE\\_SIZE") || !strings.Contains(notice, "configuration") {
		t.Errorf("the notice should name the variable and point at the configuration:\n%s", notice)
	}
}

func TestHealthConfigurationWithNobodyToTellSaysSo(t *testing.T) {
	w := NewWorld(t, Options{NoSlack: true, NoDingTalk: true})
	w.Env["CAMS_PAGE_SIZE"] = "fifty"
	fc := w.StartFC(0)
	if _, errMsg := fc.Timer(fixture(t, "timer-check.json")); errMsg == "" {
		t.Fatal("the invocation succeeded")
	}
	if !strings.Contains(fc.proc.Stderr(), "nobody can be told") {
		t.Errorf("the logs do not say that nobody can be told:\n%s", tail(fc.proc.Stderr(), 2000))
	}
}
