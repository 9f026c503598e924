package slack_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/notify and testdata/digest")

// TestRenderGolden renders every message kind for an English receiver in
// UTC and a Chinese one in Shanghai, one golden file per message:
// testdata/notify/<kind>.<language>.slack[.<part>].json.
func TestRenderGolden(t *testing.T) {
	type golden struct {
		name  string
		alert *campaign.Alert
		file  string
		loc   notify.Locale
	}
	tests := []golden{{"digest of the multi-day history", historyDigest(t), "digest/digest.slack.json", notify.Locale{}}}
	for _, r := range notifytest.GoldenReaders() {
		for _, g := range notifytest.GoldenAlerts(r.Language, r.Zone) {
			tests = append(tests, golden{g.Name + "/" + r.Language, g.Alert, "notify/" + g.Name + "." + r.Language + ".slack.json", g.Locale})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := slack.Render(tt.alert, tt.loc, notify.Mention{})
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 && !strings.HasPrefix(tt.name, "split/") {
				t.Fatalf("got %d messages, want 1", len(msgs))
			}
			if strings.HasPrefix(tt.name, "split/") && len(msgs) != 2 {
				t.Fatalf("got %d messages, want the split alert in 2", len(msgs))
			}
			for i, m := range msgs {
				if problem := slacktest.Check(m.Body); problem != "" {
					t.Errorf("Slack would refuse message %d: %s", i+1, problem)
				}
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, m.Body, "", "  "); err != nil {
					t.Fatal(err)
				}
				pretty.WriteByte('\n')
				file := tt.file
				if len(msgs) > 1 {
					file = strings.TrimSuffix(file, ".json") + fmt.Sprintf(".%d.json", i+1)
				}
				notifytest.Golden(t, file, pretty.Bytes(), *update)
			}
			again, err := slack.Render(tt.alert, tt.loc, notify.Mention{})
			if err != nil || !bytes.Equal(again[0].Body, msgs[0].Body) || again[0].Text != msgs[0].Text {
				t.Errorf("a second Render differs: %v", err)
			}
		})
	}
}

func TestRenderBaseline(t *testing.T) {
	msgs, err := slack.Render(notifytest.BaselineAlert(), notify.Locale{Labels: notifytest.Labels()}, notify.Mention{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || !strings.Contains(string(msgs[0].Body), "campaignwatch is now watching 257 campaigns in 2 channels") {
		t.Fatalf("baseline messages = %q", msgs)
	}
}

// TestRenderSplitsLongAlert checks that 300 changes become a few messages,
// each within Slack's limits, with every change in exactly one.
func TestRenderSplitsLongAlert(t *testing.T) {
	const n = 300
	msgs, err := slack.Render(notifytest.ManyChanges(n), notify.Locale{Labels: notifytest.Labels()}, notify.Mention{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) < 2 || len(msgs) > 6 {
		t.Errorf("got %d messages for %d changes, want a few (2-6)", len(msgs), n)
	}
	ids := regexp.MustCompile(`\(c-\d{5}\)`)
	seen := map[string]int{}
	for i, m := range msgs {
		if problem := slacktest.Check(m.Body); problem != "" {
			t.Errorf("message %d: Slack would refuse it: %s", i+1, problem)
		}
		if len(m.Body) > slack.MaxPayloadBytes {
			t.Errorf("message %d is %d bytes, over %d", i+1, len(m.Body), slack.MaxPayloadBytes)
		}
		var p struct {
			Text   string `json:"text"`
			Blocks []json.RawMessage
		}
		if err := json.Unmarshal(m.Body, &p); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(p.Text, ")") || !strings.Contains(p.Text, "/") {
			t.Errorf("message %d fallback text %q is not numbered", i+1, p.Text)
		}
		for _, id := range ids.FindAllString(string(m.Body), -1) {
			seen[id]++
		}
		for _, id := range ids.FindAllString(m.Text, -1) {
			seen["text"+id]++
		}
	}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("(c-%05d)", i)
		if seen[id] != 1 || seen["text"+id] != 1 {
			t.Errorf("%s appears %d times in bodies and %d in texts, want once each", id, seen[id], seen["text"+id])
		}
	}
}

// TestRenderMentions renders a change alert for each kind of mention a
// Slack receiver carries: <!channel> for all, <!here> for here, <@U…> for
// a member and <!subteam^S…> for a user group, in a section under the
// header and at the start of the notification text. The message stays
// within Slack's limits; a baseline note and a digest mention nobody; a
// split alert mentions in its first message only.
func TestRenderMentions(t *testing.T) {
	tests := []struct {
		name string
		m    notify.Mention
		want []string
	}{
		{"all", notify.Mention{All: true}, []string{"<!channel>"}},
		{"here", notify.Mention{Here: true}, []string{"<!here>"}},
		{"member", notify.Mention{UserIDs: []string{"U024BE7LH", "W0G2A8Z3Q"}}, []string{"<@U024BE7LH>", "<@W0G2A8Z3Q>"}},
		{"user group", notify.Mention{UserIDs: []string{"S0614TZR7"}}, []string{"<!subteam^S0614TZR7>"}},
		{"every kind", notify.Mention{All: true, Here: true, UserIDs: []string{"U024BE7LH", "S0614TZR7"}},
			[]string{"<!channel>", "<!here>", "<@U024BE7LH>", "<!subteam^S0614TZR7>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := slack.Render(notifytest.ChangesAlert(), notify.Locale{Labels: notifytest.Labels()}, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("got %d messages, want 1", len(msgs))
			}
			if problem := slacktest.Check(msgs[0].Body); problem != "" {
				t.Errorf("Slack would refuse it: %s", problem)
			}
			if got := slacktest.Mentions(msgs[0].Body); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("mentions %v, want %v", got, tt.want)
			}
			var p struct {
				Text   string `json:"text"`
				Blocks []struct {
					Type string                `json:"type"`
					Text struct{ Text string } `json:"text"`
				} `json:"blocks"`
			}
			if err := json.Unmarshal(msgs[0].Body, &p); err != nil {
				t.Fatal(err)
			}
			line := strings.Join(tt.want, " ")
			if len(p.Blocks) < 2 || p.Blocks[0].Type != "header" || p.Blocks[1].Type != "section" || p.Blocks[1].Text.Text != line {
				t.Errorf("block 2 is not the mention section %q: %+v", line, p.Blocks[:2])
			}
			if !strings.HasPrefix(p.Text, line+" ") {
				t.Errorf("notification text %q does not start with the mentions", p.Text)
			}
			plain, _ := slack.Render(notifytest.ChangesAlert(), notify.Locale{Labels: notifytest.Labels()}, notify.Mention{})
			if strings.Contains(string(plain[0].Body), "<!") || strings.Contains(string(plain[0].Body), "<@") {
				t.Errorf("without mentions the message mentions:\n%s", plain[0].Body)
			}
			for _, a := range []*campaign.Alert{notifytest.BaselineAlert(), historyDigest(t)} {
				other, err := slack.Render(a, notify.Locale{Labels: notifytest.Labels()}, tt.m)
				if err != nil {
					t.Fatal(err)
				}
				for i, m := range other {
					if got := slacktest.Mentions(m.Body); got != nil {
						t.Errorf("%s message %d mentions %v", a.Kind, i+1, got)
					}
				}
			}
			long, err := slack.Render(notifytest.ManyChanges(300), notify.Locale{Labels: notifytest.Labels()}, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(long) < 2 {
				t.Fatalf("300 changes rendered into %d message", len(long))
			}
			for i, m := range long {
				if problem := slacktest.Check(m.Body); problem != "" || len(m.Body) > slack.MaxPayloadBytes {
					t.Errorf("split message %d: Slack would refuse it (%q) or it is %d bytes", i+1, problem, len(m.Body))
				}
				if got, want := len(slacktest.Mentions(m.Body)), map[bool]int{true: len(tt.want)}[i == 0]; got != want {
					t.Errorf("split message %d of %d mentions %d, want %d", i+1, len(long), got, want)
				}
			}
		})
	}
}

// TestRenderManyMentions: more user ids than one section holds are spread
// over several sections, each within Slack's limit, all mentioned.
func TestRenderManyMentions(t *testing.T) {
	var ids []string
	for i := range 400 {
		ids = append(ids, fmt.Sprintf("U%08d", i))
	}
	msgs, err := slack.Render(notifytest.ChangesAlert(), notify.Locale{Labels: notifytest.Labels()}, notify.Mention{UserIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if problem := slacktest.Check(msgs[0].Body); problem != "" {
		t.Fatalf("Slack would refuse it: %s", problem)
	}
	if got := slacktest.Mentions(msgs[0].Body); len(got) != len(ids) {
		t.Errorf("mentions %d of %d ids", len(got), len(ids))
	}
}

func TestCheckUserID(t *testing.T) {
	for id, ok := range map[string]bool{
		"U024BE7LH": true, "W0G2A8Z3Q": true, "S0614TZR7": true,
		"u024be7lh": false, "C024BE7LH": false, "U": false, "U024>BE7": false, "here": false,
	} {
		if err := slack.Service.CheckUserID(id); (err == nil) != ok {
			t.Errorf("CheckUserID(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func historyDigest(t *testing.T) *campaign.Alert {
	t.Helper()
	a, err := notifytest.HistoryDigestAlert()
	if err != nil {
		t.Fatal(err)
	}
	return a
}
