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
	}
	tests := []golden{{"digest of the multi-day history", historyDigest(t), "digest/digest.slack.json"}}
	for _, r := range notifytest.GoldenReaders() {
		for _, g := range notifytest.GoldenAlerts(r.Language, r.Zone) {
			tests = append(tests, golden{g.Name + "/" + r.Language, g.Alert, "notify/" + g.Name + "." + r.Language + ".slack.json"})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := slack.Render(tt.alert)
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
			again, err := slack.Render(tt.alert)
			if err != nil || !bytes.Equal(again[0].Body, msgs[0].Body) || again[0].Text != msgs[0].Text {
				t.Errorf("a second Render differs: %v", err)
			}
		})
	}
}

func TestRenderBaseline(t *testing.T) {
	msgs, err := slack.Render(notifytest.BaselineAlert())
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
	msgs, err := slack.Render(notifytest.ManyChanges(n))
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

func historyDigest(t *testing.T) *campaign.Alert {
	t.Helper()
	a, err := notifytest.HistoryDigestAlert()
	if err != nil {
		t.Fatal(err)
	}
	return a
}
