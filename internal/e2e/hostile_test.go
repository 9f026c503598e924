package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config/configtest"
)

// maxHostileRSS is the most a process that refuses a hostile
// configuration file may hold: a 128 MB function must survive it.
const maxHostileRSS = 100 << 20

// hostileEnv is configtest.Env without its webhook: the world's Slack and
// DingTalk are the receivers that must be told.
func hostileEnv(path string) map[string]string {
	e := configtest.Env("")
	delete(e, "SLACK_WEBHOOK_URL")
	e["CAMPAIGNWATCH_CONFIG"] = path
	return e
}

// TestHostileConfigurationFiles: each hostile file of configtest, on
// config, check and serve, exits 2 (serve refuses to start) with a problem
// naming what was refused, in under 100 MiB of peak resident memory
// (getrusage of the child); under Function Compute every invocation fails
// with the problems and the receivers of the variables get one "cannot
// start" notice. Nowhere (stdout, stderr, the FC answers, the notices) is
// there a run of 12 characters of a secret of the environment.
func TestHostileConfigurationFiles(t *testing.T) {
	t.Parallel()
	for _, h := range configtest.Files() {
		t.Run(h.Name, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{})
			path := filepath.Join(t.TempDir(), h.Name)
			if err := os.WriteFile(path, h.Data, 0o600); err != nil {
				t.Fatal(err)
			}
			env := hostileEnv(path)
			for _, args := range [][]string{{"config"}, {"check", "--json"}, {"serve", "--addr", "127.0.0.1:0"}} {
				r := w.RunEnv(env, args...)
				if r.Code != 2 {
					t.Errorf("%s: exit %d, want 2\nstderr:\n%s", args[0], r.Code, tail(r.Stderr, 2000))
				}
				if !strings.Contains(r.Stderr, h.Want) {
					t.Errorf("%s: stderr does not name %q:\n%s", args[0], h.Want, tail(r.Stderr, 2000))
				}
				if n := strings.Count(r.Stderr, "\n"); n > 40 {
					t.Errorf("%s: %d lines on stderr, want a few dozen at most", args[0], n)
				}
				if r.MaxRSS > maxHostileRSS {
					t.Errorf("%s: peak RSS %d MiB, want under 100", args[0], r.MaxRSS>>20)
				}
				t.Logf("%s %s: exit %d, peak RSS %.1f MiB", args[0], h.Name, r.Code, float64(r.MaxRSS)/(1<<20))
			}

			for k, v := range env {
				w.Env[k] = v
			}
			fc := w.StartFC(0)
			for i := range 2 {
				_, errMsg := fc.Timer(fixture(t, "timer-check.json"))
				if !strings.Contains(errMsg, h.Want) {
					t.Errorf("FC invocation %d: error %q does not name %q", i+1, errMsg, h.Want)
				}
			}
			w.wantNotices(cannotStart, 1, 1)
			fc.proc.Kill()
			if rss := fc.proc.res.MaxRSS; rss > maxHostileRSS {
				t.Errorf("FC: peak RSS %d MiB, want under 100", rss>>20)
			}
			w.Record("FC stderr", fc.proc.Stderr())
			for _, o := range w.outputs() {
				if leak := runOf12(o.text, configtest.Secrets()); leak != "" {
					t.Errorf("%s holds %s", o.name, leak)
				}
			}
		})
	}
}

// brandNote is a value a configuration file puts into a channel name
// through ${BRAND_NOTE}: whoever edits the file chooses where an expanded
// value goes, so it is redacted wherever it would leave the process.
const brandNote = "privateBrandNote7Kq2Wx9Zr4"

// TestExpandedValueIsRedactedEverywhere: a channel named "Brand
// ${BRAND_NOTE}" leaves no run of 12 characters of the variable's value in
// config's output, the JSON report, the logs, serve's answer, the FC
// timer's result, or any Slack, DingTalk or webhook post (the baseline
// note, alerts).
func TestExpandedValueIsRedactedEverywhere(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{Webhook: true, OSS: true}) // OSS: the FC run below needs it
	w.Env["BRAND_NOTE"] = brandNote
	w.useFile("version: 1\n"+`channels:
  - {id: "`+chA+`", name: "Brand ${BRAND_NOTE}"}
  - {id: "`+chB+`", name: Brand B}
receivers:
  - {name: oncall, type: slack, url: "${E2E_SLACK_URL}"}
  - {name: ops, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}"}
  - {name: finance, type: webhook, url: "${E2E_HOOK_URL}", secret: "${E2E_HOOK_SECRET}"}
`, true)
	for _, args := range [][]string{{"config"}, {"config", "--json"}} {
		if r := w.Run(args...); r.Code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), r.Code, tail(r.Stderr, 2000))
		}
	}
	w.Check(0)
	w.BudgetUp()
	r := w.Check(0)
	if len(r.Report.Changes) == 0 || w.Posts() == 0 {
		t.Fatalf("no change was reported and posted: %+v", r.Report)
	}
	base, stop := echoServe(t, w)
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9000 })
	req, _ := http.NewRequest(http.MethodPost, base+"/check", nil)
	req.Header.Set("Authorization", "Bearer "+httpToken)
	resp, err := (&http.Client{Timeout: 2 * time.Minute}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	w.Record("serve answer", string(body))
	w.Record("serve stderr", stop())
	fc := w.StartFC(0)
	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 10000 })
	if rep, errMsg := fc.Timer(fixture(t, "timer-check.json")); rep == nil || len(rep.Changes) == 0 {
		t.Errorf("the FC timer check reported no change (error %q)", errMsg)
	}
	fc.proc.Kill()
	w.Record("FC stderr", fc.proc.Stderr())
	for _, m := range w.Hook.Messages() {
		w.Record("webhook body", string(m.Body))
	}
	for _, o := range w.outputs() {
		if strings.HasPrefix(o.name, "stored object") {
			continue // the store is the product's own memory, not output
		}
		if leak := runOf12(o.text, []string{brandNote}); leak != "" {
			t.Errorf("%s holds %s", o.name, leak)
		}
	}
}
