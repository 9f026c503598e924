package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/webhook"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/notify")

const hookSecret = "wh5ecretF0rS1gn1ngP0st5"

func prettyJSON(t *testing.T, raw []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func TestRenderGolden(t *testing.T) {
	type golden struct {
		name  string
		alert *campaign.Alert
		file  string
		loc   notify.Locale
	}
	tests := []golden{
		{"baseline", notifytest.BaselineAlert(), "notify/baseline.webhook.json", notify.Locale{Labels: notifytest.Labels()}},
		{"changes", notifytest.ChangesAlert(), "notify/changes.webhook.json", notify.Locale{Labels: notifytest.Labels()}},
		{"filters-changed", notifytest.FiltersChangedAlert(), "notify/filters-changed.webhook.json", notify.Locale{Labels: notifytest.Labels()}},
		{"digest", notifytest.DigestAlert(), "notify/digest.webhook.json", notify.Locale{Labels: notifytest.Labels()}},
	}
	for _, g := range notifytest.LinkedAlerts("en", nil) {
		tests = append(tests, golden{g.Name, g.Alert, "notify/" + g.Name + ".webhook.json", g.Locale})
	}
	for _, r := range notifytest.GoldenReaders() {
		for _, g := range append(notifytest.HealthAlerts(r.Language, r.Zone), notifytest.GuardrailAlerts(r.Language, r.Zone)...) {
			tests = append(tests, golden{g.Name + "/" + r.Language, g.Alert, "notify/" + g.Name + "." + r.Language + ".webhook.json", g.Locale})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := webhook.Render(tt.alert, tt.loc, notify.Target{Name: "finance"})
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("got %d messages, want 1", len(msgs))
			}
			notifytest.Golden(t, tt.file, prettyJSON(t, msgs[0].Body), *update)
			again, _ := webhook.Render(tt.alert, tt.loc, notify.Target{Name: "finance"})
			if !bytes.Equal(again[0].Body, msgs[0].Body) {
				t.Error("a second Render differs")
			}
		})
	}
}

// TestRenderTestMessage: the test command's alert is one body of kind
// "test" naming the receiver, with the test message as its text; before,
// it rendered nothing, so `campaignwatch test` posted nothing to a webhook
// and still called it a success.
func TestRenderTestMessage(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	a := &campaign.Alert{ID: "test-5e8ff14dee1b", Kind: campaign.AlertTest, At: at, RunID: "5e8ff14dee1b", Receivers: []string{"finance"}}
	msgs, err := webhook.Render(a, notify.Locale{Labels: notifytest.Labels()}, notify.Target{Name: "finance"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	var p webhook.Payload
	if err := json.Unmarshal(msgs[0].Body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Version != webhook.Version || p.Kind != "test" || p.Receiver != "finance" || p.RunID != "5e8ff14dee1b" || !p.At.Equal(at) || p.Part != 1 || p.Parts != 1 {
		t.Errorf("test body: %s", msgs[0].Body)
	}
	if !strings.Contains(msgs[0].Text, "This is a test") {
		t.Errorf("test text: %q", msgs[0].Text)
	}
}

// TestRenderSplitsIntoParts: 2,500 changes go in parts of at most 1,000,
// numbered, every change in exactly one. The golden file keeps each
// part's envelope with its first and last change (the full parts are
// half a megabyte).
func TestRenderSplitsIntoParts(t *testing.T) {
	const n = 2500
	msgs, err := webhook.Render(notifytest.ManyChanges(n), notify.Locale{Labels: notifytest.Labels()}, notify.Target{Name: "finance"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 {
		t.Fatalf("got %d parts, want 3", len(msgs))
	}
	var envelopes []map[string]any
	next := 1
	for i, m := range msgs {
		var p webhook.Payload
		if err := json.Unmarshal(m.Body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Part != i+1 || p.Parts != 3 || len(p.Changes) > webhook.MaxChanges {
			t.Errorf("part %d: part %d of %d with %d changes", i+1, p.Part, p.Parts, len(p.Changes))
		}
		for _, c := range p.Changes {
			if want := fmt.Sprintf("c-%05d", next); c.CampaignID != want {
				t.Fatalf("part %d has %s where %s belongs", i+1, c.CampaignID, want)
			}
			next++
		}
		var env map[string]any
		_ = json.Unmarshal(m.Body, &env)
		all := env["changes"].([]any)
		env["changes"] = []any{all[0], fmt.Sprintf("... %d more ...", len(all)-2), all[len(all)-1]}
		envelopes = append(envelopes, env)
	}
	if next != n+1 {
		t.Errorf("the parts carry %d changes, want %d", next-1, n)
	}
	raw, _ := json.Marshal(envelopes)
	notifytest.Golden(t, "notify/split.webhook.json", prettyJSON(t, raw), *update)
}

func setup(t *testing.T, serverSecret, clientSecret string) (*webhooktest.Server, campaign.Notifier, *notifytest.Clock, *bytes.Buffer) {
	t.Helper()
	fake := webhooktest.New(serverSecret)
	t.Cleanup(fake.Close)
	clock := notifytest.NewClock(notifytest.At)
	fake.SetClock(clock.Now)
	logs := &bytes.Buffer{}
	t.Cleanup(func() { noSecret(t, "logs", logs.String()) })
	n, err := webhook.Service.New(notify.Target{Name: "webhook", URL: fake.URL(), Secret: clientSecret}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Logger:     slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        clock.Now, Sleep: clock.Sleep, Version: "v9.8.7",
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, n, clock, logs
}

func noSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{hookSecret, "wh0ok7oken5ecret0123456789", "wr0ngSecretWr0ng"} {
		if strings.Contains(text, s) {
			t.Errorf("%s carry the secret %q: %s", what, s, text)
		}
	}
}

func TestPostStatuses(t *testing.T) {
	tests := []struct {
		name         string
		clientSecret string
		queue        []webhooktest.Reply
		kind         campaign.Kind
		requests     int
		sleeps       []time.Duration // nil: not compared
	}{
		{name: "signed post accepted", clientSecret: hookSecret, requests: 1, sleeps: []time.Duration{}},
		{name: "wrong secret", clientSecret: "wr0ngSecretWr0ng", kind: campaign.Unauthorized, requests: 1},
		{name: "unsigned to a verifying endpoint", kind: campaign.Unauthorized, requests: 1},
		{name: "429 honours Retry-After", clientSecret: hookSecret,
			queue: []webhooktest.Reply{{Status: 429, RetryAfter: "7"}}, requests: 2, sleeps: []time.Duration{7 * time.Second}},
		{name: "408 retried", clientSecret: hookSecret, queue: []webhooktest.Reply{{Status: 408}}, requests: 2},
		{name: "502 retried", clientSecret: hookSecret, queue: []webhooktest.Reply{{Status: 502}}, requests: 2},
		{name: "5xx until the attempts run out", clientSecret: hookSecret,
			queue: []webhooktest.Reply{{Status: 500}, {Status: 500}, {Status: 500}}, kind: campaign.Unavailable, requests: 3},
		{name: "404 fails", clientSecret: hookSecret, queue: []webhooktest.Reply{{Status: 404}}, kind: campaign.Invalid, requests: 1},
		{name: "422 fails", clientSecret: hookSecret, queue: []webhooktest.Reply{{Status: 422}}, kind: campaign.Invalid, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, n, clock, _ := setup(t, hookSecret, tt.clientSecret)
			fake.Enqueue(tt.queue...)
			msgs, err := n.Render(notifytest.ChangesAlert())
			if err != nil {
				t.Fatal(err)
			}
			err = n.Post(context.Background(), msgs[0])
			if k := campaign.KindOf(err); k != tt.kind {
				t.Errorf("kind = %q (%v), want %q", k, err, tt.kind)
			}
			if err != nil {
				noSecret(t, "the error", err.Error())
			}
			if got := fake.Requests(); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			if tt.sleeps != nil && fmt.Sprint(clock.Sleeps()) != fmt.Sprint(tt.sleeps) {
				t.Errorf("sleeps = %v, want %v", clock.Sleeps(), tt.sleeps)
			}
			for i, id := range fake.Deliveries() {
				if id != msgs[0].ID || id == "" {
					t.Errorf("attempt %d carried delivery %q, want %q", i+1, id, msgs[0].ID)
				}
			}
			if tt.kind == "" {
				got := fake.Messages()
				if len(got) != 1 || got[0].UserAgent != "campaignwatch/v9.8.7" || got[0].Receiver != "webhook" {
					t.Errorf("accepted %+v, want one post from campaignwatch/v9.8.7 to receiver webhook", got)
				}
			}
		})
	}
}

// TestRedeliveryKeepsTheDeliveryID: rendering the same alert again (as a
// later run does after a lost acknowledgement) gives the same delivery id
// per part, so that the endpoint drops the repeat; another receiver and
// another part get other ids.
func TestRedeliveryKeepsTheDeliveryID(t *testing.T) {
	fake, n, _, _ := setup(t, hookSecret, hookSecret)
	a := notifytest.ManyChanges(1500)
	for range 2 {
		msgs, err := n.Render(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if err := n.Post(context.Background(), m); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := len(fake.Messages()); got != 2 || fake.Duplicates() != 2 {
		t.Errorf("the endpoint kept %d posts and dropped %d duplicates, want 2 and 2", got, fake.Duplicates())
	}
	other, _ := webhook.Service.New(notify.Target{Name: "webhook#2", URL: fake.URL()}, notify.Locale{Labels: notifytest.Labels()}, notify.Options{})
	mine, _ := n.Render(a)
	theirs, _ := other.Render(a)
	if mine[0].ID == mine[1].ID || mine[0].ID == theirs[0].ID {
		t.Errorf("ids %q, %q, %q: want one per part and receiver", mine[0].ID, mine[1].ID, theirs[0].ID)
	}
}

// TestSignature checks Signature against a value computed by hand from
// the documented rule.
func TestSignature(t *testing.T) {
	got := webhook.Signature("secret", 1700000000, []byte(`{"version":1}`))
	if got != "sha256=6c49492c841520e805df0f6652ac4859b2bf8a94b97b7fe2664f0c02e62d2c85" {
		t.Errorf("Signature = %q", got)
	}
}

// TestRenderUnknownKindIsInvalid: an alert kind without a JSON form is an
// error, never an empty rendering that would count as delivered.
func TestRenderUnknownKindIsInvalid(t *testing.T) {
	if _, err := webhook.Render(&campaign.Alert{ID: "x", Kind: "nonsense"}, notify.Locale{Labels: notifytest.Labels()}, notify.Target{Name: "finance"}); campaign.KindOf(err) != campaign.Invalid {
		t.Errorf("an unknown kind: err = %v, want Invalid", err)
	}
}

// TestBodyIsTheSameInEveryLanguage: the JSON body carries data only
// (change types, API values, counts, times in UTC), no word of the
// catalogue, so a receiver's language and zone change nothing in it and
// one golden file per kind holds for both languages; only the plain text
// the logs and --dry-run show (Message.Text) is in the receiver's
// language. The kinds without a golden file of TestRenderGolden (the
// test message, the digest without a comparison) get theirs here. The one
// exception is a health notice's hintText, which is written for the
// receiver's reader on purpose (the health goldens are per language).
func TestBodyIsTheSameInEveryLanguage(t *testing.T) {
	readers := notifytest.GoldenReaders()
	en := notifytest.GoldenAlerts(readers[0].Language, readers[0].Zone)
	zh := notifytest.GoldenAlerts(readers[1].Language, readers[1].Zone)
	for i := range en {
		if en[i].Alert.Kind == campaign.AlertHealth {
			continue
		}
		t.Run(en[i].Name, func(t *testing.T) {
			target := notify.Target{Name: "finance"}
			enMsgs, err := webhook.Render(en[i].Alert, en[i].Locale, target)
			if err != nil {
				t.Fatal(err)
			}
			zhMsgs, err := webhook.Render(zh[i].Alert, zh[i].Locale, target)
			if err != nil {
				t.Fatal(err)
			}
			if len(enMsgs) != len(zhMsgs) {
				t.Fatalf("%d parts in English, %d in Chinese", len(enMsgs), len(zhMsgs))
			}
			for p := range enMsgs {
				if !bytes.Equal(enMsgs[p].Body, zhMsgs[p].Body) {
					t.Errorf("part %d: the body depends on the language:\nen: %s\nzh-CN: %s", p+1, enMsgs[p].Body, zhMsgs[p].Body)
				}
				if enMsgs[p].Text == zhMsgs[p].Text || !strings.ContainsRune(zhMsgs[p].Text, '：') {
					t.Errorf("part %d: the plain text is not in the receiver's language:\nen: %s\nzh-CN: %s", p+1, enMsgs[p].Text, zhMsgs[p].Text)
				}
			}
			if en[i].Name == "test" || en[i].Name == "digest-first" {
				notifytest.Golden(t, "notify/"+en[i].Name+".webhook.json", prettyJSON(t, enMsgs[0].Body), *update)
			}
		})
	}
}
