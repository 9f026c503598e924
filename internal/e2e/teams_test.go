package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// The variables a file-configured world keeps its webhooks and secrets in,
// for the file's ${NAME}: the file names them, so they are the file's
// values and not a second setting.
var fileVars = map[string]string{
	"SLACK_WEBHOOK_URL":    "E2E_SLACK_URL",
	"DINGTALK_WEBHOOK_URL": "E2E_DING_URL",
	"DINGTALK_SECRET":      "E2E_DING_SECRET",
	"FEISHU_WEBHOOK_URL":   "E2E_FEISHU_URL",
	"FEISHU_SECRET":        "E2E_FEISHU_SECRET",
	"WECOM_WEBHOOK_URL":    "E2E_WECOM_URL",
	"WEBHOOK_URL":          "E2E_HOOK_URL",
	"WEBHOOK_SECRET":       "E2E_HOOK_SECRET",
}

// fileChannels is the world's two channels as the file's channels section.
const fileChannels = `channels:
  - {id: "` + chA + `", name: Brand A}
  - {id: "` + chB + `", name: Brand B}
`

// useFile moves the world's channels and receivers out of their variables
// into a configuration file (the receivers' URLs and secrets stay in
// variables, through ${NAME}), writes body to it, and returns its path.
// With viaEnv the file is named by CAMPAIGNWATCH_CONFIG; else each run
// must pass --config. Rewrite it with writeFile.
func (w *World) useFile(body string, viaEnv bool) string {
	w.t.Helper()
	delete(w.Env, "CAMS_CHANNELS")
	for from, to := range fileVars {
		if v, ok := w.Env[from]; ok {
			w.Env[to] = v
			delete(w.Env, from)
		}
	}
	path := filepath.Join(w.t.TempDir(), "campaignwatch.yaml")
	w.writeFile(path, body)
	if viaEnv {
		w.Env["CAMPAIGNWATCH_CONFIG"] = path
	}
	return path
}

// writeFile replaces the configuration file at path: the next run reads it.
func (w *World) writeFile(path, body string) {
	w.t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// checkFile is Check with --config path.
func (w *World) checkFile(code int, path string) Result {
	w.t.Helper()
	r := w.Run("check", "--json", "--config", path)
	if r.Code != code {
		w.t.Fatalf("check --config exited %d, want %d\nstdout:\n%s\nstderr:\n%s", r.Code, code, r.Stdout, tail(r.Stderr, 3000))
	}
	if r.Report == nil {
		w.t.Fatalf("check --json printed no report:\n%s", r.Stdout)
	}
	return r
}

// wantLine fails the test unless the report's line for receiver has msgs
// messages, held held, and no error.
func wantLine(t *testing.T, rep *Report, receiver string, msgs, held int) {
	t.Helper()
	if d := rep.Delivery(receiver); d.Messages != msgs || d.Held != held || d.Error != "" {
		t.Errorf("report line of %s: %+v; want %d messages, %d held, no error", receiver, d, msgs, held)
	}
}

// TestFileTwoTeams: two teams on two brands, configured by a file given
// with --config: a Slack receiver for Brand A and a DingTalk receiver for
// Brand B. Each baseline note counts its own brand only; after changes on
// both brands each receiver gets only its own brand's, and the report
// holds both.
func TestFileTwoTeams(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	path := w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: brand-a-team, type: slack, url: "${E2E_SLACK_URL}", channels: [Brand A]}
  - {name: brand-b-ops, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", channels: ["`+chB+`"]}
`, false)

	r := w.checkFile(0, path)
	if !r.Report.Baseline || r.Report.Campaigns != 12 {
		t.Fatalf("first run: baseline %v, %d campaigns; want the baseline of 12", r.Report.Baseline, r.Report.Campaigns)
	}
	wantLine(t, r.Report, "brand-a-team", 1, 0)
	wantLine(t, r.Report, "brand-b-ops", 1, 0)
	if s, d := w.Slack.Payloads(), w.Ding.Messages(); len(s) != 1 || len(d) != 1 ||
		!strings.Contains(string(s[0]), "6 campaigns in 1 channel: Brand A") || !strings.Contains(string(d[0].Body), "6 campaigns in 1 channel: Brand B") {
		t.Fatalf("baseline notes: Slack %d, DingTalk %d; want one each, counting its own brand:\n%s", len(s), len(d), bytes.Join(s, []byte("\n")))
	}

	w.BudgetUp()
	w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
	r = w.checkFile(0, path)
	if r.Report.ChangeOf(idSpring) == nil || r.Report.ChangeOf(idFlash) == nil || len(r.Report.Changes) != 2 {
		t.Fatalf("the report's changes: %+v; want both brands' two", r.Report.Changes)
	}
	wantLine(t, r.Report, "brand-a-team", 1, 0)
	wantLine(t, r.Report, "brand-b-ops", 1, 0)
	w.WantCounts(idSpring, 1, 0)
	w.WantCounts(idFlash, 0, 1)
	if s := w.Slack.Payloads(); len(s) != 2 || bytes.Contains(s[1], []byte("Brand B")) {
		t.Errorf("Slack got %d messages, the last mentioning Brand B:\n%s", len(s), s[len(s)-1])
	}
	if d := w.Ding.Messages(); len(d) != 2 || bytes.Contains(d[1].Body, []byte("Brand A")) {
		t.Errorf("DingTalk got %d messages, the last mentioning Brand A:\n%s", len(d), d[len(d)-1].Body)
	}

	// Nothing changed: nothing more to either.
	r = w.checkFile(0, path)
	wantLine(t, r.Report, "brand-a-team", 0, 0)
	wantLine(t, r.Report, "brand-b-ops", 0, 0)
}

// TestFileThresholdPerReceiver: a receiver with a 20% threshold next to one
// with 0, configured by the file. A 10% move reaches only the second; a
// second 10% move (21% from where the first receiver last heard) reaches
// both, the first with the whole move; each move is announced once.
func TestFileThresholdPerReceiver(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: finance, type: slack, url: "${E2E_SLACK_URL}", budgetChangeThreshold: 20%}
  - {name: everything, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", budgetChangeThreshold: "0"}
`, true)
	w.Check(0)

	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 6820 }) // +10%
	r := w.Check(0)
	if c := r.Report.ChangeOf(idSpring); c == nil || c.Old != "6200" || c.New != "6820" {
		t.Fatalf("the report's change: %+v; want 6200 → 6820", c)
	}
	wantLine(t, r.Report, "finance", 0, 0)
	wantLine(t, r.Report, "everything", 1, 0)
	w.WantCounts(idSpring, 0, 1)

	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 7502 }) // +10% again, +21% in all
	r = w.Check(0)
	wantLine(t, r.Report, "finance", 1, 0)
	wantLine(t, r.Report, "everything", 1, 0)
	w.WantCounts(idSpring, 1, 2)
	s := w.Slack.Payloads()
	if last := string(s[len(s)-1]); !strings.Contains(last, "US$62.00 → US$75.02") {
		t.Errorf("the 20%% receiver's message does not give the whole move:\n%s", last)
	}
	if d := w.Ding.Messages(); !strings.Contains(string(d[len(d)-1].Body), "US$68.20 → US$75.02") {
		t.Errorf("the 0 receiver's last message does not give the second move:\n%s", d[len(d)-1].Body)
	}

	r = w.Check(0)
	wantLine(t, r.Report, "finance", 0, 0)
	wantLine(t, r.Report, "everything", 0, 0)
	w.WantCounts(idSpring, 1, 2)
}

// quietWindow is "HH:MM-HH:MM" from now+from to now+to in zone.
func quietWindow(zone *time.Location, from, to time.Duration) string {
	now := time.Now().In(zone)
	return now.Add(from).Format("15:04") + "-" + now.Add(to).Format("15:04")
}

// TestFileQuietHours, on the real clock: a receiver whose quiet hours are
// open now (an hour either side, in its zone) has two alerts of two runs
// held (held in its report line, nothing posted to it) while the other
// receiver gets them; the file is rewritten with a window that is closed
// now, and the next run delivers what was held, once, oldest first; a
// third run delivers nothing more.
func TestFileQuietHours(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true})
	zone, err := time.LoadLocation("Asia/Kolkata") // +05:30: the window is reckoned in the receiver's zone
	if err != nil {
		t.Fatal(err)
	}
	file := func(quiet string) string {
		return "version: 1\n" + fileChannels + `receivers:
  - {name: night-owls, type: slack, url: "${E2E_SLACK_URL}", timezone: Asia/Kolkata, quietHours: "` + quiet + `"}
  - {name: day-shift, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}"}
`
	}
	closed := func() string { return file(quietWindow(zone, 2*time.Hour, 3*time.Hour)) }
	open := func() string { return file(quietWindow(zone, -time.Hour, time.Hour)) }
	path := w.useFile(closed(), true)
	r := w.Check(0)
	wantLine(t, r.Report, "night-owls", 1, 0)

	w.writeFile(path, open())
	w.BudgetUp()
	r = w.Check(0)
	if r.Report.ChangeOf(idSpring) == nil {
		t.Fatalf("second run: changes %+v", r.Report.Changes)
	}
	if d := r.Report.Delivery("night-owls"); d.Held < 1 || d.Messages != 0 || d.Error != "" {
		t.Errorf("second run, the quiet receiver: %+v; want its message held", d)
	}
	wantLine(t, r.Report, "day-shift", 1, 0)
	w.Edit(chB, idFlash, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
	r = w.Check(0)
	if d := r.Report.Delivery("night-owls"); d.Held < 2 || d.Messages != 0 || d.Error != "" {
		t.Errorf("third run, the quiet receiver: %+v; want both alerts' messages held", d)
	}
	wantLine(t, r.Report, "day-shift", 1, 0)
	w.WantCounts(idSpring, 0, 1)
	w.WantCounts(idFlash, 0, 1)
	if n := len(w.Slack.Payloads()); n != 1 {
		t.Fatalf("Slack got %d messages, want only the baseline note while its quiet hours are open", n)
	}

	w.writeFile(path, closed())
	r = w.Check(0)
	if len(r.Report.Changes) != 0 {
		t.Errorf("the run after the window closed found changes: %+v", r.Report.Changes)
	}
	if d := r.Report.Delivery("night-owls"); d.Messages < 1 || d.Held != 0 || d.Error != "" {
		t.Errorf("the run after the window closed, the quiet receiver: %+v; want what was held delivered", d)
	}
	wantLine(t, r.Report, "day-shift", 0, 0)
	w.WantCounts(idSpring, 1, 1)
	w.WantCounts(idFlash, 1, 1)
	if a, b := slackPos(w, idSpring), slackPos(w, idFlash); !a.before(b) {
		t.Errorf("held alerts delivered out of order: %s at %v, %s at %v", idSpring, a, idFlash, b)
	}

	r = w.Check(0)
	wantLine(t, r.Report, "night-owls", 0, 0)
	wantLine(t, r.Report, "day-shift", 0, 0)
	w.WantCounts(idSpring, 1, 1)
	w.WantCounts(idFlash, 1, 1)
}

// pos is where a campaign is first named in what Slack received: the
// message, then the byte within it.
type pos struct{ msg, at int }

func (p pos) before(q pos) bool { return p.msg < q.msg || p.msg == q.msg && p.at < q.at }

func slackPos(w *World, id string) pos {
	for i, p := range w.Slack.Payloads() {
		if at := bytes.Index(p, []byte("("+id+")")); at >= 0 {
			return pos{i, at}
		}
	}
	return pos{-1, -1}
}

// TestTestCommandEveryType: `test` against one receiver of each type, all
// configured by the file, the WeCom robot refusing its key: exit 1, a line
// per receiver in the file's order, the failing one named with the
// service's error, the four others each got one test message; no CAMS
// call, no credentials needed, and the store untouched.
func TestTestCommandEveryType(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true, Feishu: true, WeCom: true, Webhook: true})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: team-slack, type: slack, url: "${E2E_SLACK_URL}"}
  - {name: ops-ding, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}"}
  - {name: cn-feishu, type: feishu, url: "${E2E_FEISHU_URL}", secret: "${E2E_FEISHU_SECRET}"}
  - {name: cn-wecom, type: wecom, url: "${E2E_WECOM_URL}"}
  - {name: finance-hook, type: webhook, url: "${E2E_HOOK_URL}", secret: "${E2E_HOOK_SECRET}"}
`, true)
	w.WeCom.Enqueue(wecomtest.InvalidKey)
	noCAMS := map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}
	r := w.RunEnv(noCAMS, "test", "--json")
	if r.Code != 1 {
		t.Fatalf("test with WeCom refusing: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.Code, r.Stdout, tail(r.Stderr, 3000))
	}
	var got struct {
		Notifications []Delivery `json:"notifications"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.Stdout)
	}
	names := []string{"team-slack", "ops-ding", "cn-feishu", "cn-wecom", "finance-hook"}
	if len(got.Notifications) != len(names) {
		t.Fatalf("%d lines, want one per receiver: %+v", len(got.Notifications), got.Notifications)
	}
	for i, d := range got.Notifications {
		switch {
		case d.Receiver != names[i]:
			t.Errorf("line %d is %q, want %q", i, d.Receiver, names[i])
		case d.Receiver == "cn-wecom" && (d.Error == "" || !strings.Contains(d.Error, "93000") || d.Messages != 0):
			t.Errorf("the failing receiver's line: %+v; want WeCom's error 93000", d)
		case d.Receiver != "cn-wecom" && (d.Error != "" || d.Messages < 1):
			t.Errorf("%s: %+v; want its test message accepted", d.Receiver, d)
		}
	}
	if !strings.Contains(r.Stderr, "cn-wecom: FAILED") {
		t.Errorf("stderr does not name the failed receiver:\n%s", tail(r.Stderr, 3000))
	}
	if s, d, f, wc, h := len(w.Slack.Payloads()), len(w.Ding.Messages()), len(w.Feishu.Messages()), len(w.WeCom.Messages()), len(w.Hook.Messages()); s != 1 || d != 1 || f != 1 || wc != 0 || h != 1 {
		t.Errorf("messages accepted: Slack %d, DingTalk %d, Feishu %d, WeCom %d, webhook %d; want 1, 1, 1, 0, 1", s, d, f, wc, h)
	}
	if k := w.Hook.Messages(); len(k) == 1 && (k[0].Kind != "test" || k[0].Receiver != "finance-hook") {
		t.Errorf("the webhook's test message: kind %q, receiver %q", k[0].Kind, k[0].Receiver)
	}
	if seen := w.CAMS.Seen(); len(seen) != 0 {
		t.Errorf("test called CAMS: %v", seen)
	}
	if seen := w.OSSG.Seen(); len(seen) != 0 {
		t.Errorf("test touched the store: %v", seen)
	}

	// Once the robot takes its key again, every receiver passes.
	r = w.RunEnv(noCAMS, "test")
	if r.Code != 0 || len(w.WeCom.Messages()) != 1 || !strings.Contains(r.Stdout, "cn-wecom: ok") {
		t.Fatalf("test again: exit %d, WeCom %d messages\nstdout:\n%s\nstderr:\n%s", r.Code, len(w.WeCom.Messages()), r.Stdout, tail(r.Stderr, 3000))
	}
}

// TestServePostTestEveryType: `POST /test` on `serve`, file-configured with
// one receiver of each type and the Feishu bot refusing: 502 with a line
// per receiver, the failing one with its error; `?receiver=` posts to that
// one only; no CAMS call, the store untouched.
func TestServePostTestEveryType(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{OSS: true, Feishu: true, WeCom: true, Webhook: true})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: team-slack, type: slack, url: "${E2E_SLACK_URL}"}
  - {name: ops-ding, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}"}
  - {name: cn-feishu, type: feishu, url: "${E2E_FEISHU_URL}", secret: "${E2E_FEISHU_SECRET}"}
  - {name: cn-wecom, type: wecom, url: "${E2E_WECOM_URL}"}
  - {name: finance-hook, type: webhook, url: "${E2E_HOOK_URL}", secret: "${E2E_HOOK_SECRET}"}
`, true)
	w.Feishu.Enqueue(feishutest.BadToken)
	base, stop := w.serve()
	defer stop()
	post := func(path string) (int, []Delivery) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, nil)
		req.Header.Set("Authorization", bearer())
		resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		w.Record("serve answer", string(b))
		var got struct {
			Notifications []Delivery `json:"notifications"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
		}
		return resp.StatusCode, got.Notifications
	}
	code, lines := post("/test")
	if code != http.StatusBadGateway || len(lines) != 5 {
		t.Fatalf("POST /test with Feishu refusing: %d %+v; want 502 and 5 lines", code, lines)
	}
	for _, d := range lines {
		if failing := d.Receiver == "cn-feishu"; failing != (d.Error != "") || failing && !strings.Contains(d.Error, "19001") || !failing && d.Messages < 1 {
			t.Errorf("line %+v: want only cn-feishu failing, with Feishu's 19001", d)
		}
	}
	if n := len(w.Hook.Messages()) + len(w.WeCom.Messages()) + len(w.Slack.Payloads()) + len(w.Ding.Messages()); n != 4 || len(w.Feishu.Messages()) != 0 {
		t.Errorf("%d test messages accepted besides Feishu's %d; want 4 and 0", n, len(w.Feishu.Messages()))
	}
	code, lines = post("/test?receiver=cn-feishu")
	if code != http.StatusOK || len(lines) != 1 || lines[0].Receiver != "cn-feishu" || len(w.Feishu.Messages()) != 1 || len(w.Slack.Payloads()) != 1 {
		t.Errorf("POST /test?receiver=cn-feishu: %d %+v; Feishu %d, Slack %d messages", code, lines, len(w.Feishu.Messages()), len(w.Slack.Payloads()))
	}
	if seen := w.CAMS.Seen(); len(seen) != 0 {
		t.Errorf("POST /test called CAMS: %v", seen)
	}
	if keys := w.OSS.Keys(bucket, ""); len(keys) != 0 {
		t.Errorf("POST /test wrote to the store: %v", keys)
	}
}
