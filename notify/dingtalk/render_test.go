package dingtalk_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/notify and testdata/digest")

var (
	mobiles = []string{"13800000000", "13900000001"}
	mention = notify.Mention{Mobiles: mobiles}
)

// sent decodes a rendered body as the robot reads it.
type sent struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
	At *struct {
		AtMobiles []string `json:"atMobiles"`
		AtUserIDs []string `json:"atUserIds"`
		IsAtAll   bool     `json:"isAtAll"`
	} `json:"at"`
}

func decode(t *testing.T, body []byte) sent {
	t.Helper()
	var s sent
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRenderGolden renders every message kind for an English receiver in
// UTC and a Chinese one in Shanghai, one golden file per message:
// testdata/notify/<kind>.<language>.dingtalk[.<part>].md, the markdown
// text as the robot gets it. Only change alerts mention the mobiles, in
// their first message only.
func TestRenderGolden(t *testing.T) {
	type golden struct {
		name     string
		alert    *campaign.Alert
		file     string
		mentions bool
		loc      notify.Locale
	}
	tests := []golden{{"digest of the multi-day history", historyDigest(t), "digest/digest.dingtalk.md", false, notify.Locale{}}}
	for _, r := range notifytest.GoldenReaders() {
		for _, g := range notifytest.GoldenAlerts(r.Language, r.Zone) {
			tests = append(tests, golden{g.Name + "/" + r.Language, g.Alert, "notify/" + g.Name + "." + r.Language + ".dingtalk.md",
				notify.Mentions(g.Alert), g.Locale})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := dingtalk.Render(tt.alert, tt.loc, mention)
			if err != nil {
				t.Fatal(err)
			}
			split := strings.HasPrefix(tt.name, "split/")
			if want := map[bool]int{false: 1, true: 2}[split]; len(msgs) != want {
				t.Fatalf("got %d messages, want %d", len(msgs), want)
			}
			for i, m := range msgs {
				s := decode(t, m.Body)
				if s.MsgType != "markdown" || s.Markdown.Title == "" {
					t.Errorf("msgtype %q, title %q; want markdown with a title", s.MsgType, s.Markdown.Title)
				}
				mentioned := s.At != nil && strings.Join(s.At.AtMobiles, ",") == strings.Join(mobiles, ",") &&
					strings.Contains(s.Markdown.Text, "@13800000000 @13900000001")
				if mentioned != (tt.mentions && i == 0) {
					t.Errorf("message %d: mentions = %v, want %v (at %+v)", i+1, mentioned, tt.mentions && i == 0, s.At)
				}
				if problem := dingtalktest.CheckMarkdown(s.Markdown.Text); problem != "" {
					t.Errorf("message %d is outside the robots' markdown: %s", i+1, problem)
				}
				file := tt.file
				if split {
					file = strings.TrimSuffix(file, ".md") + fmt.Sprintf(".%d.md", i+1)
				}
				notifytest.Golden(t, file, []byte(s.Markdown.Text), *update)
			}
			again, _ := dingtalk.Render(tt.alert, tt.loc, mention)
			if !bytes.Equal(again[0].Body, msgs[0].Body) {
				t.Error("a second Render differs")
			}
		})
	}
}

// TestGoldensWithinMarkdownSubset parses every DingTalk golden file, as
// committed, and fails on any construct the robots do not render.
func TestGoldensWithinMarkdownSubset(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "*dingtalk*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 14 {
		t.Fatalf("found %d DingTalk golden files, want every kind in both languages", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if problem := dingtalktest.CheckMarkdown(string(b)); problem != "" {
			t.Errorf("%s: %s", f, problem)
		}
	}
}

// TestRenderSplitsLongAlert checks that 300 changes become few messages
// (a robot takes 20 a minute), each within 20,000 bytes, with every change
// in exactly one.
func TestRenderSplitsLongAlert(t *testing.T) {
	const n = 300
	msgs, err := dingtalk.Render(notifytest.ManyChanges(n), notify.Locale{Labels: notifytest.Labels()}, mention)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) < 2 || len(msgs) > 5 {
		t.Errorf("got %d messages for %d changes, want 2-5", len(msgs), n)
	}
	ids := regexp.MustCompile(`\(c-\d{5}\)`)
	seen := map[string]int{}
	for i, m := range msgs {
		if len(m.Body) > dingtalk.MaxBodyBytes {
			t.Errorf("message %d is %d bytes, over %d", i+1, len(m.Body), dingtalk.MaxBodyBytes)
		}
		s := decode(t, m.Body)
		if want := fmt.Sprintf("(%d/%d)", i+1, len(msgs)); !strings.HasSuffix(s.Markdown.Title, want) {
			t.Errorf("message %d title %q does not end %q", i+1, s.Markdown.Title, want)
		}
		for _, id := range ids.FindAllString(s.Markdown.Text, -1) {
			seen[id]++
		}
	}
	for i := 1; i <= n; i++ {
		if id := fmt.Sprintf("(c-%05d)", i); seen[id] != 1 {
			t.Errorf("%s appears %d times, want once", id, seen[id])
		}
	}
}

// TestRenderMentions renders a change alert for each kind of mention a
// robot carries: at.isAtAll with "@all", at.atMobiles and at.atUserIds
// with "@" and each in the text, as DingTalk shows them. A baseline note
// and a digest mention nobody; a split alert mentions in its first
// message only.
func TestRenderMentions(t *testing.T) {
	tests := []struct {
		name string
		m    notify.Mention
		want []string
	}{
		{"all", notify.Mention{All: true}, []string{"@all"}},
		{"mobiles", notify.Mention{Mobiles: mobiles}, []string{"@13800000000", "@13900000001"}},
		{"userIds", notify.Mention{UserIDs: []string{"manager4711", "dev_ops-2"}}, []string{"@manager4711", "@dev_ops-2"}},
		{"every kind", notify.Mention{All: true, Mobiles: mobiles[:1], UserIDs: []string{"manager4711"}},
			[]string{"@all", "@13800000000", "@manager4711"}},
	}
	mentioned := func(t *testing.T, body []byte) []string {
		t.Helper()
		var m dingtalktest.Message
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		return m.Mentions()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := dingtalk.Render(notifytest.ChangesAlert(), notify.Locale{Labels: notifytest.Labels()}, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			s := decode(t, msgs[0].Body)
			if got := mentioned(t, msgs[0].Body); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("mentions %v (at %+v), want %v", got, s.At, tt.want)
			}
			if !strings.HasSuffix(s.Markdown.Text, "\n"+strings.Join(tt.want, " ")+"\n") {
				t.Errorf("the text does not end with the mention line %q:\n%s", strings.Join(tt.want, " "), s.Markdown.Text)
			}
			if problem := dingtalktest.CheckMarkdown(s.Markdown.Text); problem != "" {
				t.Errorf("the mention line is outside the robots' markdown: %s", problem)
			}
			for _, a := range []*campaign.Alert{notifytest.BaselineAlert(), historyDigest(t)} {
				other, err := dingtalk.Render(a, notify.Locale{Labels: notifytest.Labels()}, tt.m)
				if err != nil {
					t.Fatal(err)
				}
				for i, m := range other {
					if got := mentioned(t, m.Body); got != nil || decode(t, m.Body).At != nil {
						t.Errorf("%s message %d mentions %v", a.Kind, i+1, got)
					}
				}
			}
			long, err := dingtalk.Render(notifytest.ManyChanges(300), notify.Locale{Labels: notifytest.Labels()}, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(long) < 2 {
				t.Fatalf("300 changes rendered into %d message", len(long))
			}
			for i, m := range long {
				if got, want := len(mentioned(t, m.Body)), map[bool]int{true: len(tt.want)}[i == 0]; got != want {
					t.Errorf("split message %d of %d mentions %d, want %d", i+1, len(long), got, want)
				}
			}
		})
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
