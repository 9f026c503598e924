package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// The titles of the health notices (notify/health.go).
const (
	checksFailing   = "campaign checks are failing"
	checksRecovered = "campaign checks work again"
	digestFailing   = "the daily digest is failing"
	cannotStart     = "campaignwatch cannot start"
	setAside        = " were set aside" // "messages to <receiver> were set aside"
)

// healthTitles are what every health notice's text contains.
var healthTitles = []string{checksFailing, checksRecovered, digestFailing, "the daily digest works again", cannotStart, setAside}

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
	w.overlapping(10, 1)
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
	w := NewWorld(t, Options{OSS: true})
	w.Env["CAMS_PAGE_SIZE"] = "fifty"
	fc := w.StartFC(0)
	for range 2 {
		if _, errMsg := fc.Timer(fixture(t, "timer-check.json")); !strings.Contains(errMsg, "CAMS_PAGE_SIZE") {
			t.Fatalf("invocation error %q; want it to name CAMS_PAGE_SIZE", errMsg)
		}
	}
	w.wantNotices(cannotStart, 1, 1)
	if notice := w.Ding.Messages()[0].Markdown.Text; !strings.Contains(notice, "CAMS_PAGE_SIZE") || !strings.Contains(notice, "configuration") {
		t.Errorf("the notice should name the variable and point at the configuration:\n%s", notice)
	}
}

func TestHealthConfigurationWithNobodyToTellSaysSo(t *testing.T) {
	w := NewWorld(t, Options{NoSlack: true, NoDingTalk: true, OSS: true})
	w.Env["CAMS_PAGE_SIZE"] = "fifty"
	fc := w.StartFC(0)
	if _, errMsg := fc.Timer(fixture(t, "timer-check.json")); errMsg == "" {
		t.Fatal("the invocation succeeded")
	}
	// The function's stderr reaches the test through a pipe: end the
	// process, so that all it wrote has arrived, before reading it.
	fc.proc.Kill()
	if !strings.Contains(fc.proc.Stderr(), "nobody can be told") {
		t.Errorf("the logs do not say that nobody can be told:\n%s", tail(fc.proc.Stderr(), 2000))
	}
}

// TestHealthFileReceiverWithHealthOff: configured by file, a receiver
// with "health: false" gets no health notice while the others do, each in
// its own language; the generic webhook gets kind "health" with the
// state. CAMS fails 3 runs, then recovers.
func TestHealthFileReceiverWithHealthOff(t *testing.T) {
	w := NewWorld(t, Options{OSS: true, Webhook: true})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: oncall, type: slack, url: "${E2E_SLACK_URL}"}
  - {name: brand-b-ops, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", health: false}
  - {name: finance, type: webhook, url: "${E2E_HOOK_URL}", secret: "${E2E_HOOK_SECRET}", language: zh-CN}
`, true)
	w.Check(0)
	camsRefuses(w)
	for range 3 {
		w.Check(1)
	}
	w.wantNotices(checksFailing, 1, 0)
	w.CAMS.Clear()
	r := w.Check(0)
	w.wantNotices(checksRecovered, 1, 0)
	if d := r.Report.Delivery("oncall"); d.Messages != 1 || d.Error != "" {
		t.Errorf("the recovering run's line for oncall: %+v; want the recovered notice", d)
	}
	var states []string
	for _, m := range w.Hook.Messages() {
		if m.Kind != "health" {
			continue
		}
		var body struct {
			Receiver string `json:"receiver"`
			Health   struct {
				State    string `json:"state"`
				Kind     string `json:"kind"`
				Runs     int    `json:"runs"`
				HintText string `json:"hintText"`
			} `json:"health"`
		}
		if err := json.Unmarshal(m.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Receiver != "finance" || body.Health.Kind != "check" || body.Health.Runs < 3 {
			t.Errorf("webhook health body: %s", m.Body)
		}
		if body.Health.State == "failing" && !strings.Contains(body.Health.HintText, "访问凭证") {
			t.Errorf("the zh-CN receiver's hint is not in Chinese: %s", m.Body)
		}
		states = append(states, body.Health.State)
	}
	if strings.Join(states, ",") != "failing,recovered" {
		t.Errorf("the webhook's health notices: %v; want failing, then recovered", states)
	}
}

// TestHealthFileThatCannotLoadTellsItsReceivers: a configuration file
// with a problem (a receiver naming an unknown channel) still tells its
// sound receivers with health on (that one included: its routing does not
// matter to a notice that nothing runs), in their language; a receiver
// with health off is not told.
func TestHealthFileThatCannotLoadTellsItsReceivers(t *testing.T) {
	w := NewWorld(t, Options{Webhook: true, OSS: true})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: oncall, type: slack, url: "${E2E_SLACK_URL}", health: false}
  - {name: brand-b-ops, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", channels: [Brand C], language: zh-CN}
  - {name: finance, type: webhook, url: "${E2E_HOOK_URL}", secret: "${E2E_HOOK_SECRET}"}
`, true)
	fc := w.StartFC(0)
	for range 2 {
		if _, errMsg := fc.Timer(fixture(t, "timer-check.json")); !strings.Contains(errMsg, "Brand C") {
			t.Fatalf("invocation error %q; want it to name the unknown channel", errMsg)
		}
	}
	if s := len(w.Slack.Payloads()); s != 0 {
		t.Errorf("the receiver with health off got %d messages", s)
	}
	d := w.Ding.Messages()
	if len(d) != 1 || !strings.Contains(d[0].Markdown.Text, "campaignwatch 无法启动") || !strings.Contains(d[0].Markdown.Text, "Brand C") {
		t.Fatalf("DingTalk (zh-CN) got %d messages; want one startup notice in Chinese naming the problem:\n%v", len(d), d)
	}
	hook := w.Hook.Messages()
	if len(hook) != 1 || hook[0].Kind != "health" || !strings.Contains(string(hook[0].Body), `"kind":"startup"`) {
		t.Fatalf("the webhook got %d messages; want one health notice of kind startup", len(hook))
	}
	for _, secret := range w.Secrets() {
		if strings.Contains(d[0].Markdown.Text, secret) || strings.Contains(string(hook[0].Body), secret) {
			t.Errorf("a startup notice carries a secret (%.4s...)", secret)
		}
	}
}
