package feishu_test

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
	"github.com/campaignwatch/campaignwatch/notify/feishu"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/notify")

var mention = notify.Mention{All: true, UserIDs: []string{"ou_7d8a6e6df7621556ce0d21922b676706ccs"}}

// pretty indents the bodies of msgs as one JSON array, for a golden file.
func pretty(t *testing.T, msgs []campaign.Message) []byte {
	t.Helper()
	var parts [][]byte
	for _, m := range msgs {
		parts = append(parts, m.Body)
	}
	raw := append(append([]byte("["), bytes.Join(parts, []byte(","))...), ']')
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name  string
		alert *campaign.Alert
		file  string
		parts int
		loc   notify.Locale
	}{
		{"split", notifytest.ManyChanges(260), "notify/split.feishu.json", 2, notify.Locale{Labels: notifytest.Labels()}},
		{"digest", notifytest.DigestAlert(), "notify/digest.feishu.json", 1, notify.Locale{Labels: notifytest.Labels()}},
	}
	// Every message kind for an English receiver in UTC and a Chinese one
	// in Shanghai: testdata/notify/<kind>.<language>.feishu.json.
	for _, r := range notifytest.GoldenReaders() {
		for _, g := range notifytest.GoldenAlerts(r.Language, r.Zone) {
			parts := 1
			if g.Name == "split" {
				parts = 2
			}
			tests = append(tests, struct {
				name  string
				alert *campaign.Alert
				file  string
				parts int
				loc   notify.Locale
			}{g.Name + "/" + r.Language, g.Alert, "notify/" + g.Name + "." + r.Language + ".feishu.json", parts, g.Locale})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := feishu.Service.New(notify.Target{Name: "feishu", URL: "https://open.feishu.cn/open-apis/bot/v2/hook/x", Mention: mention}, tt.loc, notify.Options{})
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := n.Render(tt.alert)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != tt.parts {
				t.Fatalf("got %d messages, want %d", len(msgs), tt.parts)
			}
			for i, m := range msgs {
				mentioned := strings.Contains(string(m.Body), "<at id=all></at> <at id=ou_7d8a6e6df7621556ce0d21922b676706ccs></at>")
				if want := notify.Mentions(tt.alert) && i == 0; mentioned != want {
					t.Errorf("message %d mentions = %v, want %v (the first card of a change alert alone mentions)", i+1, mentioned, want)
				}
				if len(m.Body) > feishu.MaxBodyBytes {
					t.Errorf("message %d is %d bytes, over %d", i+1, len(m.Body), feishu.MaxBodyBytes)
				}
			}
			notifytest.Golden(t, tt.file, pretty(t, msgs), *update)
			again, _ := n.Render(tt.alert)
			if !bytes.Equal(again[0].Body, msgs[0].Body) || again[0].ID != msgs[0].ID {
				t.Error("a second Render differs")
			}
		})
	}
}

// TestRenderSplitsLongAlert checks that 500 changes become cards of at
// most 20 KB, numbered, with every change in exactly one.
func TestRenderSplitsLongAlert(t *testing.T) {
	const n = 500
	msgs, err := feishu.Render(notifytest.ManyChanges(n), notify.Locale{Labels: notifytest.Labels()}, notify.Target{Secret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) < 3 {
		t.Errorf("got %d messages for %d changes, want several", len(msgs), n)
	}
	ids := regexp.MustCompile(`\(c-\d{5}\)`)
	seen := map[string]int{}
	for i, m := range msgs {
		if len(m.Body) > feishu.MaxBodyBytes-80 {
			t.Errorf("message %d is %d bytes, leaving no room for the signature under %d", i+1, len(m.Body), feishu.MaxBodyBytes)
		}
		var card struct {
			Card struct {
				Header struct {
					Title struct{ Content string } `json:"title"`
				} `json:"header"`
			} `json:"card"`
		}
		if err := json.Unmarshal(m.Body, &card); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("(%d/%d)", i+1, len(msgs)); !strings.HasSuffix(card.Card.Header.Title.Content, want) {
			t.Errorf("message %d title %q does not end %q", i+1, card.Card.Header.Title.Content, want)
		}
		for _, id := range ids.FindAllString(string(m.Body), -1) {
			seen[id]++
		}
	}
	for i := 1; i <= n; i++ {
		if id := fmt.Sprintf("(c-%05d)", i); seen[id] != 1 {
			t.Errorf("%s appears %d times, want once", id, seen[id])
		}
	}
}

// TestDataCannotMentionOrStyle checks that a campaign name cannot mention
// everyone, add a link or style the card.
func TestDataCannotMentionOrStyle(t *testing.T) {
	a := notifytest.ChangesAlert()
	a.Changes = a.Changes[:1]
	a.Changes[0].CampaignName = "<at id=all></at> **big** [x](https://evil.example) ~~gone~~ `code` @all &lt;at id=all&gt; \u202eevil\nline"
	msgs, err := feishu.Render(a, notify.Locale{Labels: notifytest.Labels()}, notify.Target{})
	if err != nil {
		t.Fatal(err)
	}
	body := string(msgs[0].Body)
	for _, bad := range []string{"<at", "**big", "[x]", "~~", "`code", "https://", "@all", "&lt;at", "\u202e", "evil\\nline"} {
		if strings.Contains(body, bad) {
			t.Errorf("the card carries %q from the data: %s", bad, body)
		}
	}
}
