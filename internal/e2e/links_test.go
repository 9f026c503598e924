package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// publicURL is the PUBLIC_URL of TestPublicURLLinks, given with a
// trailing slash, which the configuration drops.
const publicURL = "https://watch.example.com"

// TestPublicURLLinks: with PUBLIC_URL set, the change alert links the
// campaign to its dashboard page in each service's own syntax (Slack
// <url|name>, DingTalk [name](url), the webhook's "url" beside the
// change), the digest links to the dashboard, and the link's path,
// followed on the running `serve` after signing in, answers that
// campaign's page.
func TestPublicURLLinks(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{Webhook: true})
	w.Env["PUBLIC_URL"] = publicURL + "/"
	w.baseline()
	w.BudgetUp()
	w.Check(0)

	page := publicURL + "/ui/campaigns/cams-a1/239001/" + idSpring
	slackLink := "<" + page + "|spring-sale-retargeting>"
	found := false
	for _, m := range w.Slack.Messages() {
		b, _ := json.Marshal(m)
		found = found || strings.Contains(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">").Replace(string(b)), slackLink)
	}
	if !found {
		t.Errorf("no Slack message links the campaign as %s", slackLink)
	}
	dingLink := "[spring-sale-retargeting](" + page + ")"
	found = false
	for _, m := range w.Ding.Messages() {
		found = found || strings.Contains(m.Markdown.Text, dingLink)
	}
	if !found {
		t.Errorf("no DingTalk message links the campaign as %s", dingLink)
	}
	found = false
	for _, m := range w.Hook.Messages() {
		for _, c := range m.Changes {
			var ch struct{ CampaignID, URL string }
			if err := json.Unmarshal(c, &ch); err != nil {
				t.Fatal(err)
			}
			found = found || ch.CampaignID == idSpring && ch.URL == page
		}
	}
	if !found {
		t.Errorf("no webhook body carries \"url\": %q beside the change", page)
	}

	if r := w.Run("digest"); r.Code != 0 {
		t.Fatalf("digest: exit %d\n%s", r.Code, tail(r.Stderr, 2000))
	}
	dash := "](" + publicURL + "/ui/)"
	found = false
	for _, m := range w.Ding.Messages() {
		found = found || strings.Contains(m.Markdown.Title, "digest") && strings.Contains(m.Markdown.Text, dash) &&
			strings.Contains(m.Markdown.Text, "[spring-sale-retargeting]("+page+")")
	}
	if !found {
		t.Errorf("the DingTalk digest does not link the campaign and the dashboard (%s)", dash)
	}

	// Follow the link's path on serve, signed in.
	base, _ := w.startServe()
	client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/ui/login", url.Values{"token": {httpToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		cookie = c
	}
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound || cookie == nil {
		t.Fatalf("sign-in: %d, cookie %v", resp.StatusCode, cookie)
	}
	req, err := http.NewRequest("GET", base+strings.TrimPrefix(page, publicURL), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(cookie)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	w.Record("campaign page", string(body))
	title := regexp.MustCompile(`<h1[^>]*>[^<]*spring-sale-retargeting`)
	if resp.StatusCode != http.StatusOK || !title.Match(body) || !strings.Contains(string(body), idSpring) {
		t.Errorf("GET %s signed in: %d, want the campaign's page:\n%s", strings.TrimPrefix(page, publicURL), resp.StatusCode, tail(string(body), 1500))
	}
}

// TestGuardrailLinksFromTheFile: the configuration file's http.publicURL
// reaches the guardrail messages: the campaign over its cap links to its
// page, in Slack's syntax and in DingTalk's, in each receiver's language.
func TestGuardrailLinksFromTheFile(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.useFile("version: 1\nhttp: {publicURL: \""+publicURL+"/\"}\n"+fileChannels+guardReceivers+`guardrails:
  - {name: a-cap, channels: [Brand A], campaignBudgetAbove: $100}
`, true)
	w.Check(0)
	page := publicURL + "/ui/campaigns/cams-a1/239001/" + idNew
	// The Slack body is JSON, with < and > as \u003c and \u003e or as
	// they are.
	slack := w.slackWith(`\u003c`+page+`|new-arrivals-lookalike\u003e`) + w.slackWith("<"+page+"|new-arrivals-lookalike>")
	if slack != 1 {
		t.Errorf("%d Slack guardrail messages link the campaign to %s, want 1:\n%s", slack, page, bytes.Join(w.Slack.Payloads(), []byte("\n")))
	}
	if got := w.dingWith("[new-arrivals-lookalike](" + page + ")（" + idNew + "）"); got != 1 {
		t.Errorf("%d DingTalk guardrail messages (zh-CN) link the campaign to %s, want 1", got, page)
	}
}
