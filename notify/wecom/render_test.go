package wecom_test

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
	"github.com/campaignwatch/campaignwatch/notify/wecom"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/notify")

var mention = notify.Mention{All: true, Mobiles: []string{"13800000000"}}

func decode(t *testing.T, body []byte) wecomtest.Message {
	t.Helper()
	var m wecomtest.Message
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// golden shows msgs as a person reads them: each message's markdown, or
// a text message's content and whom it mentions.
func golden(t *testing.T, msgs []campaign.Message) []byte {
	var b bytes.Buffer
	for i, m := range msgs {
		s := decode(t, m.Body)
		fmt.Fprintf(&b, "<!-- message %d of %d: %s -->\n", i+1, len(msgs), s.MsgType)
		if s.MsgType == "text" {
			fmt.Fprintf(&b, "%s\nmentioned_list: %v\nmentioned_mobile_list: %v\n", s.Text.Content, s.Text.Mentioned, s.Text.MentionedMobiles)
			continue
		}
		b.WriteString(s.Markdown.Content)
	}
	return b.Bytes()
}

func newNotifier(t *testing.T, loc notify.Locale) campaign.Notifier {
	t.Helper()
	n, err := wecom.Service.New(notify.Target{Name: "wecom", URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", Mention: mention}, loc, notify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name  string
		alert *campaign.Alert
		file  string
		msgs  int
		loc   notify.Locale
	}{
		{"split", notifytest.ManyChanges(50), "notify/split.wecom.md", 3, notify.Locale{Labels: notifytest.Labels()}},
		{"digest", notifytest.DigestAlert(), "notify/digest.wecom.md", 1, notify.Locale{Labels: notifytest.Labels()}},
	}
	// Every message kind for an English receiver in UTC and a Chinese one
	// in Shanghai: testdata/notify/<kind>.<language>.wecom.md. A change
	// alert ends with the text message that mentions; the split alert
	// takes several markdown messages (msgs 0: at least two).
	for _, r := range notifytest.GoldenReaders() {
		for _, g := range notifytest.GoldenAlerts(r.Language, r.Zone) {
			n := 1
			switch {
			case g.Name == "split":
				n = 0
			case notify.Mentions(g.Alert):
				n = 2
			}
			tests = append(tests, struct {
				name  string
				alert *campaign.Alert
				file  string
				msgs  int
				loc   notify.Locale
			}{g.Name + "/" + r.Language, g.Alert, "notify/" + g.Name + "." + r.Language + ".wecom.md", n, g.Locale})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newNotifier(t, tt.loc)
			msgs, err := n.Render(tt.alert)
			if err != nil {
				t.Fatal(err)
			}
			if tt.msgs == 0 && len(msgs) < 3 {
				t.Fatalf("got %d messages, want the split alert in at least 2 and the mentions", len(msgs))
			}
			if tt.msgs != 0 && len(msgs) != tt.msgs {
				t.Fatalf("got %d messages, want %d", len(msgs), tt.msgs)
			}
			last := decode(t, msgs[len(msgs)-1].Body)
			mentioned := last.MsgType == "text" && strings.Join(last.Text.Mentioned, ",") == "@all" &&
				strings.Join(last.Text.MentionedMobiles, ",") == "13800000000"
			if want := notify.Mentions(tt.alert); mentioned != want {
				t.Errorf("mentions = %v, want %v", mentioned, want)
			}
			for i, m := range msgs {
				if s := decode(t, m.Body); s.MsgType == "markdown" {
					if p := wecomtest.CheckMarkdown(s.Markdown.Content); p != "" {
						t.Errorf("message %d: %s", i+1, p)
					}
				}
			}
			notifytest.Golden(t, tt.file, golden(t, msgs), *update)
			again, _ := n.Render(tt.alert)
			if !bytes.Equal(again[0].Body, msgs[0].Body) || again[0].ID != msgs[0].ID {
				t.Error("a second Render differs")
			}
		})
	}
}

// TestRenderSplitsNeverTruncates checks that 300 changes become markdown
// messages of at most 4,096 bytes of content, numbered, with every change
// in exactly one.
func TestRenderSplitsNeverTruncates(t *testing.T) {
	const n = 300
	msgs, err := wecom.Render(notifytest.ManyChanges(n), notify.Locale{Labels: notifytest.Labels()}, notify.Target{})
	if err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`\(c-\d{5}\)`)
	seen := map[string]int{}
	for i, m := range msgs {
		s := decode(t, m.Body)
		if s.MsgType != "markdown" || len(s.Markdown.Content) > wecom.MaxContentBytes {
			t.Errorf("message %d: %s of %d bytes", i+1, s.MsgType, len(s.Markdown.Content))
		}
		if want := fmt.Sprintf("(%d/%d)", i+1, len(msgs)); !strings.Contains(strings.SplitN(s.Markdown.Content, "\n", 2)[0], want) {
			t.Errorf("message %d does not start with a title numbered %q", i+1, want)
		}
		for _, id := range ids.FindAllString(s.Markdown.Content, -1) {
			seen[id]++
		}
	}
	for i := 1; i <= n; i++ {
		if id := fmt.Sprintf("(c-%05d)", i); seen[id] != 1 {
			t.Errorf("%s appears %d times, want once", id, seen[id])
		}
	}
}
