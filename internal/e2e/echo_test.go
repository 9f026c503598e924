package e2e

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// Webhook secrets of the echoing services, shaped like real ones.
const (
	echoSlackTail  = "T04ECHO12/B05ECHO34/" + echoSlackToken
	echoSlackToken = "q9Wm2ZrT7vXc4LpB8nHs3KdY"
	echoDingToken  = "3f9a1c7e5b2d4068a9c1e3f5b7d90a2c4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b"
)

// echoingWebhook is a WAF in front of Slack and DingTalk: it refuses every
// post (Slack's with 403, DingTalk's with 502) with an HTML page that
// quotes the full request URL, and the token alone, after a filler whose
// length changes with every request, so that the 200 characters a reply
// is quoted by end at every place in the URL in turn.
func echoingWebhook(t *testing.T) *httptest.Server {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		i := int(n.Add(1))
		status, token := http.StatusForbidden, echoSlackToken
		if strings.HasPrefix(r.URL.Path, "/robot/") {
			status, token = http.StatusBadGateway, r.URL.Query().Get("access_token")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><head><title>%d</title></head><body><h1>Request blocked</h1><p>%s</p>"+
			"<p>token %s</p><p>POST http://%s%s was blocked by policy 42.</p></body></html>",
			status, strings.Repeat("-", 60+i*13%150), token, r.Host, r.URL.RequestURI())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// echoSecrets are the secrets of which no run of 12 characters may show.
func echoSecrets() []string {
	return []string{echoSlackToken, echoSlackTail, url.QueryEscape(echoSlackTail), echoDingToken,
		dingSecret, akSecret, ossfake.AccessKeyID, httpToken}
}

// runOf12 returns a description of the first run of 12 characters of a
// secret found in text, or "".
func runOf12(text string, secrets []string) string {
	for _, s := range secrets {
		for i := 0; i+12 <= len(s); i++ {
			if j := strings.Index(text, s[i:i+12]); j >= 0 {
				return fmt.Sprintf("%q (characters %d-%d of a %d-character secret) at byte %d", s[i:i+12], i+1, i+12, len(s), j)
			}
		}
	}
	return ""
}

// TestEchoingWebhookLeaksNoPieceOfASecret: services whose error pages
// quote the webhook URL leave no run of 12 characters of any secret in
// stdout, stderr, the JSON report or serve's HTTP 502 answer, wherever
// the quoting is cut short.
func TestEchoingWebhookLeaksNoPieceOfASecret(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{NoSlack: true, NoDingTalk: true})
	echo := echoingWebhook(t)
	w.Env["SLACK_WEBHOOK_URL"] = echo.URL + "/services/" + echoSlackTail
	w.Env["DINGTALK_WEBHOOK_URL"] = echo.URL + "/robot/send?access_token=" + echoDingToken
	w.Env["DINGTALK_SECRET"] = dingSecret

	var outs []output
	for i := range 3 { // a baseline, then the same undelivered note again
		r := w.Run("check", "--json")
		if r.Code == 0 || r.Report == nil || len(r.Report.Notifications) != 2 {
			t.Fatalf("check #%d: exit %d, report %+v; want a failure with both receivers reported\n%s", i+1, r.Code, r.Report, tail(r.Stderr, 3000))
		}
		for _, d := range r.Report.Notifications {
			if d.Error == "" {
				t.Errorf("check #%d: %s has no error; the echoing service refuses every post", i+1, d.Receiver)
			}
		}
		outs = append(outs, output{fmt.Sprintf("check #%d stdout (the JSON report)", i+1), r.Stdout},
			output{fmt.Sprintf("check #%d stderr", i+1), r.Stderr})
	}
	if !strings.Contains(outs[1].text, "Request blocked") {
		t.Errorf("stderr does not quote the service's page; the test shows nothing:\n%s", tail(outs[1].text, 2000))
	}

	base, stop := echoServe(t, w)
	w.BudgetUp()
	req, _ := http.NewRequest(http.MethodPost, base+"/check", nil)
	req.Header.Set("Authorization", "Bearer "+httpToken)
	resp, err := (&http.Client{Timeout: 2 * time.Minute}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	w.Record("serve answer", string(body))
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("POST /check answered %d, want 502 (no receiver took the message): %s", resp.StatusCode, body)
	}
	outs = append(outs, output{"POST /check answer", string(body)}, output{"serve stderr", stop()})

	for _, o := range outs {
		if leak := runOf12(o.text, echoSecrets()); leak != "" {
			t.Errorf("%s holds %s", o.name, leak)
		}
	}
}

// echoServe starts `campaignwatch serve` and returns its base URL and a
// func that stops it and returns its stderr.
func echoServe(t *testing.T, w *World) (string, func() string) {
	t.Helper()
	p := w.Start(nil, "serve", "--addr", "127.0.0.1:0")
	addrRE := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(p.stdout.String()); m != nil {
			return m[1], func() string { p.Kill(); return p.Wait(t).Stderr }
		}
		select {
		case <-p.done:
			t.Fatalf("serve ended: exit %d\n%s", p.res.Code, tail(p.res.Stderr, 2000))
		default:
		}
	}
	t.Fatalf("serve did not say where it listens within a minute:\n%s", p.stdout.String())
	return "", nil
}

// TestDryRunWritesNothing: `check --dry-run` on a file:// store that does
// not exist yet leaves it not existing, and a real check then makes it.
func TestDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	for _, args := range [][]string{{"check", "--dry-run", "--json"}, {"check", "--dry-run"}} {
		r := w.Run(args...)
		if r.Code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), r.Code, tail(r.Stderr, 3000))
		}
		if _, err := os.Stat(w.Dir); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("after %s, stat %s = %v; want it not to exist", strings.Join(args, " "), w.Dir, err)
		}
	}
	if w.Posts() != 0 {
		t.Errorf("a dry run posted %d messages", w.Posts())
	}
	w.baseline()
	if _, err := os.Stat(w.Dir); err != nil {
		t.Errorf("after a real check, stat %s = %v; want the store", w.Dir, err)
	}
}
