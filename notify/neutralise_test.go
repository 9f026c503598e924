package notify_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
)

var (
	// A link or a mention any of the families would read.
	mdLink     = regexp.MustCompile(`\]\(|!\[|<[a-zA-Z/!@#]|://|@(all|\d)`)
	slackMagic = regexp.MustCompile(`<[!@#]|<https?:|\|[^ ]*>|://|@(channel|here|everyone)`)
	bidi       = regexp.MustCompile("[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\ufeff]")

	// The links a message with a public URL carries: a campaign's page,
	// as [text](url) in the Markdown families and <url|text> in Slack,
	// the text holding nothing that could end it.
	pageURL      = regexp.QuoteMeta(notifytest.PublicURL) + `/ui/campaigns/[A-Za-z0-9%._~-]+/[A-Za-z0-9%._~-]+/[A-Za-z0-9%._~-]+`
	ownMDLink    = regexp.MustCompile(`\[([^\[\]<>\n]*)\]\(` + pageURL + `\)`)
	ownSlackLink = regexp.MustCompile(`<` + pageURL + `\|([^<>|\n]*)>`)
)

// publicURLs are the two ways every neutralise check runs: without a
// public URL (no links at all), and with one, where each campaign named
// links to its page and nothing else links anywhere.
var publicURLs = []string{"", notifytest.PublicURL}

// unlink is s without the message's own links (their texts kept), and
// how many there were.
func unlink(own *regexp.Regexp, s string) (string, int) {
	return own.ReplaceAllString(s, "$1"), len(own.FindAllString(s, -1))
}

// wantLinks is how many links withName(name)'s alert carries with a
// public URL: one per change whose campaign name is not empty, and the
// rename's "old → new" always.
func wantLinks(name string) int {
	if notify.Name(name) == "" {
		return 1
	}
	return len(notifytest.Changes())
}

// withName is the changes alert of every change type, every campaign
// (old and new name of the renamed one too) called name; namedIn is the
// locale whose channel labels are called so.
func withName(name string) *campaign.Alert {
	a := notifytest.ChangesAlert()
	for i := range a.Changes {
		a.Changes[i].CampaignName = name
	}
	a.Changes[5].Old, a.Changes[5].New = name, name
	a.Changes[1].New = name // a status the API might send
	return a
}

// namedIn is the locale of language lang and public URL pu whose labels
// call the first channel name (the second has none).
func namedIn(lang, pu, name string) notify.Locale {
	labels := map[string]string{notifytest.ChannelA.String(): name, notifytest.ChannelB.String(): ""}
	return notify.Locale{Language: lang, PublicURL: pu, Labels: labels}
}

// checkNeutral fails when a campaign name made a rendered message
// mention anyone, link anywhere or change its layout.
func checkNeutral(t *testing.T, name string) {
	for _, pu := range publicURLs {
		checkNeutralLinked(t, name, pu)
	}
}

// checkNeutralLinked is checkNeutral with public URL pu: with one, the
// messages carry exactly one link per campaign named, to its page, and
// nothing of the name can end one early or add another.
func checkNeutralLinked(t *testing.T, name, pu string) {
	for _, lang := range []string{"en", "zh-CN"} {
		loc, refLoc := namedIn(lang, pu, name), namedIn(lang, pu, "x")
		a := withName(name)
		ref := withName("x")
		links := 0

		mobiles := []string{"13800000000"}
		msgs, err := dingtalk.Render(a, loc, notify.Mention{Mobiles: mobiles})
		if err != nil {
			t.Fatalf("dingtalk.Render: %v", err)
		}
		refMsgs, _ := dingtalk.Render(ref, refLoc, notify.Mention{Mobiles: mobiles})
		for i, m := range msgs {
			var body struct {
				Markdown struct{ Title, Text string }
				At       struct {
					AtMobiles []string
					IsAtAll   bool
				}
			}
			if err := json.Unmarshal(m.Body, &body); err != nil {
				t.Fatal(err)
			}
			text, n := unlink(ownMDLink, strings.TrimSuffix(body.Markdown.Text, "\n@13800000000\n"))
			links += n
			if want := map[bool]string{true: "13800000000"}[i == 0]; body.At.IsAtAll || strings.Join(body.At.AtMobiles, ",") != want {
				t.Errorf("dingtalk %s message %d: at = %+v, want only the configured mobile, in the first message", lang, i+1, body.At)
			}
			if loc := mdLink.FindStringIndex(text); loc != nil {
				t.Errorf("dingtalk %s: name %q made a link or mention %q:\n%s", lang, name, text[loc[0]:loc[1]], text)
			}
			if p := dingtalktest.CheckMarkdown(body.Markdown.Text); p != "" {
				t.Errorf("dingtalk %s: name %q left the robots' markdown: %s", lang, name, p)
			}
			if bidi.MatchString(text) {
				t.Errorf("dingtalk %s: name %q left a bidi or zero-width character", lang, name)
			}
			if len(msgs) == len(refMsgs) {
				refText := mustText(t, refMsgs[i].Body)
				if got, want := strings.Count(body.Markdown.Text, "\n"), strings.Count(refText, "\n"); got != want {
					t.Errorf("dingtalk %s: name %q changed the layout: %d lines, want %d:\n%s", lang, name, got, want, body.Markdown.Text)
				}
			}
		}

		if want := map[bool]int{true: wantLinks(name)}[pu != ""]; links != want {
			t.Errorf("dingtalk %s, public URL %q: name %q: %d links to campaign pages, want %d", lang, pu, name, links, want)
		}

		smsgs, err := slack.Render(a, loc, notify.Mention{})
		if err != nil {
			t.Fatalf("slack.Render: %v", err)
		}
		links = 0
		for _, m := range smsgs {
			for _, s := range slackTexts(t, m.Body) {
				s, n := unlink(ownSlackLink, s)
				links += n
				if loc := slackMagic.FindStringIndex(s); loc != nil {
					t.Errorf("slack %s: name %q made a link or mention %q in %q", lang, name, s[loc[0]:loc[1]], s)
				}
				if bidi.MatchString(s) {
					t.Errorf("slack %s: name %q left a bidi or zero-width character", lang, name)
				}
			}
		}
		if want := map[bool]int{true: wantLinks(name)}[pu != ""]; links != want {
			t.Errorf("slack %s, public URL %q: name %q: %d links to campaign pages, want %d", lang, pu, name, links, want)
		}
	}
}

func mustText(t *testing.T, body []byte) string {
	var b struct{ Markdown struct{ Text string } }
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatal(err)
	}
	return b.Markdown.Text
}

// slackTexts returns every string of a Slack body: what Slack reads.
func slackTexts(t *testing.T, body []byte) []string {
	t.Helper()
	out := notifytest.Strings(body)
	if out == nil && !json.Valid(body) {
		t.Fatalf("not JSON: %s", body)
	}
	return out
}

func TestNeutraliseNames(t *testing.T) {
	for _, name := range []string{
		"<!channel> sale", "<!here|here>", "<https://evil.example|click>", "<@U123> & <#C1>",
		"[win](https://evil.example)", "![](https://evil.example/x.png)", "@all promo", "@13800000000",
		"# big\n- item\n> quote", "a\nb\r\nc", "| a | b |", "```code```", "<at id=all></at>",
		"spring\u202esale\u202c", "visit https://evil.example now", "1. first", "- dash",
		strings.Repeat("long name ", 100),
		// Names that would end a link early or nest one in the services'
		// link syntax, when campaigns link to their pages.
		"a](https://evil.example)", "x|<https://evil.example|y>", "a) [b](c", "`x](y)`", "a>b<c",
		"]\n(https://evil.example)", "\x02in\x1fhttps://evil.example\x03", "*[x]*", "", "   ",
	} {
		checkNeutral(t, name)
	}
}

func TestEscapersPerFamily(t *testing.T) {
	for _, tt := range []struct {
		f       func(string) string
		in, out string
	}{
		{notify.SlackText, "<!channel> & <url|x>", "&lt;!channel&gt; &amp; &lt;url|x&gt;"},
		{notify.SlackText, "@here https://x", "＠here https：//x"},
		{notify.MarkdownText, "[x](http://y) ![](z) @all", "［x］(http：//y) !［］(z) ＠all"},
		{notify.MarkdownText, "# h", "＃ h"},
		{notify.MarkdownText, "12. item", "12． item"},
		{notify.MarkdownText, "3) item", "3） item"},
		{notify.MarkdownText, "- dash", "‐ dash"},
		{notify.MarkdownText, "+ plus", "＋ plus"},
		{notify.MarkdownText, "=== big", "＝== big"},
		{notify.MarkdownText, "spring_sale *x* **y** `z` a\\b ~~c~~", "spring_sale ＊x＊ ＊＊y＊＊ ｀z｀ a＼b ~~c~~"},
		{notify.MarkdownText, "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
		{notify.MarkdownText, "-20% flash", "-20% flash"},
		{notify.MarkdownText, "12.5% off", "12.5% off"},
		{notify.MarkdownText, "2026", "2026"},
		{notify.MarkdownText, "---", "‐--"},
		{notify.MarkdownText, "___", "＿__"},
		{notify.MarkdownText, "~~~ x", "～~~ x"},
		{notify.LarkMDText, "<at id=all></at> [x](y)", "＜at id=all＞＜/at＞ ［x］(y)"},
		{notify.LarkMDText, "a & b", "a &amp; b"},
		{notify.LarkMDText, "spring_sale *x* ~~y~~ `z` \\", "spring&#95;sale &#42;x&#42; &#126;&#126;y&#126;&#126; &#96;z&#96; &#92;"},
		{notify.LarkMDText, "&lt;at id=all&gt; https://e.example\u202e", "&amp;lt;at id=all&amp;gt; https：//e.example"},
		{notify.MarkdownText, "<@zhangsan> <font color=\"red\">x</font>", "＜＠zhangsan＞ ＜font color=\"red\"＞x＜/font＞"},
	} {
		if got := tt.f(tt.in); got != tt.out {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.out)
		}
	}
}

// FuzzNeutralise: whatever a campaign name holds, the Slack, DingTalk,
// Feishu and WeCom messages, in English and Chinese, mention no one the
// configuration did not name, link nowhere (with a public URL: only each
// campaign to its page, one whole link each), keep their layout, and each
// family's escaper leaves nothing its markup reads. (The generic
// webhook's body is JSON data, not markup: nothing in it is read as a
// mention or a link.)
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"spring-sale", "<!channel>", "[x](https://e.example)", "@all", "# h\n- i", "\u202eevil", "<at id=all></at>", "a|b", "<@zhangsan>", "&lt;at id=all&gt;",
		"a](https://e.example)", "x|<https://e.example|y>", "`x](y)`", "\x02in\x1fhttps://e.example\x03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for fam, text := range map[string]string{"markdown": notify.MarkdownText(name), "lark_md": notify.LarkMDText(name)} {
			if loc := mdLink.FindStringIndex(text); loc != nil {
				t.Errorf("%s(%q) = %q keeps %q", fam, name, text, text[loc[0]:loc[1]])
			}
			if strings.ContainsAny(text, "\n\r[]<>|@") {
				t.Errorf("%s(%q) = %q keeps a structural character", fam, name, text)
			}
		}
		if s := notify.MarkdownText(name); strings.ContainsAny(s, "*`\\") {
			t.Errorf("MarkdownText(%q) = %q keeps an emphasis, code or escape character", name, s)
		}
		if s := notify.LarkMDText(name); strings.ContainsAny(s, "*_~`\\") {
			t.Errorf("LarkMDText(%q) = %q keeps an emphasis character", name, s)
		}
		if s := notify.SlackText(name); strings.ContainsAny(s, "<>\n") || strings.Contains(s, "://") || strings.Contains(s, "@") {
			t.Errorf("SlackText(%q) = %q", name, s)
		}
		// One of the two public URLs per input (by its length), so that a
		// run costs what it did before links: both are covered over a run,
		// and TestNeutraliseNames checks every listed name with both.
		pu := publicURLs[len(name)%len(publicURLs)]
		checkNeutralLinked(t, name, pu)
		checkNeutralCardsLinked(t, name, pu)
	})
}
