package notify_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/feishu"
	"github.com/campaignwatch/campaignwatch/notify/wecom"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// The mentions the configuration names in checkNeutralCards: the only
// ones a rendered message may carry.
const (
	feishuUser   = "ou_configured"
	feishuAt     = "<at id=" + feishuUser + "></at>"
	wecomMobile  = "13800000000"
	wecomComment = `<font color="comment">`
)

// checkNeutralCards is checkNeutral for Feishu cards and WeCom robots:
// with a campaign name (and channel label) of name, in both languages,
// every text of the rendered messages mentions only whom the
// configuration names (a Feishu user; a WeCom mobile, through the mention
// message's list), links nowhere, shows no bidi or zero-width character
// and keeps the layout of the same alert with a plain name.
func checkNeutralCards(t *testing.T, name string) {
	for _, pu := range publicURLs {
		checkNeutralCardsLinked(t, name, pu)
	}
}

// checkNeutralCardsLinked is checkNeutralCards with public URL pu, as
// checkNeutralLinked.
func checkNeutralCardsLinked(t *testing.T, name, pu string) {
	want := map[bool]int{true: wantLinks(name)}[pu != ""]
	for _, lang := range []string{"en", "zh-CN"} {
		loc, refLoc := namedIn(lang, pu, name), namedIn(lang, pu, "x")
		a := withName(name)
		ref := withName("x")
		links := 0

		fs := feishu.Service.Type
		target := notify.Target{Name: fs, Mention: notify.Mention{UserIDs: []string{feishuUser}}}
		msgs, err := feishu.Render(a, loc, target)
		if err != nil {
			t.Fatalf("feishu.Render: %v", err)
		}
		refMsgs, _ := feishu.Render(ref, refLoc, target)
		ats := 0
		for i, m := range msgs {
			texts := slackTexts(t, m.Body) // every string of the JSON body
			for _, s := range texts {
				s, n := unlink(ownMDLink, s)
				links += n
				ats += strings.Count(s, feishuAt)
				s = strings.ReplaceAll(s, feishuAt, "")
				if loc := mdLink.FindStringIndex(s); loc != nil {
					t.Errorf("feishu %s: name %q made a link or mention %q in %q", lang, name, s[loc[0]:loc[1]], s)
				}
				if strings.Contains(s, "<") {
					t.Errorf("feishu %s: name %q left a tag in %q", lang, name, s)
				}
				if bidi.MatchString(s) {
					t.Errorf("feishu %s: name %q left a bidi or zero-width character", lang, name)
				}
			}
			if len(msgs) == len(refMsgs) {
				if got, want := cardShape(t, m.Body), cardShape(t, refMsgs[i].Body); got != want {
					t.Errorf("feishu %s: name %q changed the card's layout:\n%s\nwant\n%s", lang, name, got, want)
				}
			}
		}
		if links != want {
			t.Errorf("feishu %s, public URL %q: name %q: %d links to campaign pages, want %d", lang, pu, name, links, want)
		}
		links = 0
		if ats != 1 {
			t.Errorf("feishu %s: name %q: the configured user is mentioned %d times, want once", lang, name, ats)
		}

		wtarget := notify.Target{Name: wecom.Service.Type, Mention: notify.Mention{Mobiles: []string{wecomMobile}}}
		wmsgs, err := wecom.Render(a, loc, wtarget)
		if err != nil {
			t.Fatalf("wecom.Render: %v", err)
		}
		wref, _ := wecom.Render(ref, refLoc, wtarget)
		for i, m := range wmsgs {
			var w wecomtest.Message
			if err := json.Unmarshal(m.Body, &w); err != nil {
				t.Fatal(err)
			}
			text := w.Markdown.Content
			if w.MsgType == "text" {
				text = w.Text.Content
				if len(w.Text.Mentioned) != 0 || !slices.Equal(w.Text.MentionedMobiles, []string{wecomMobile}) {
					t.Errorf("wecom %s: mentions %v and %v, want only the configured mobile", lang, w.Text.Mentioned, w.Text.MentionedMobiles)
				}
			} else if i == len(wmsgs)-1 {
				t.Errorf("wecom %s: the change alert ends without its mention message", lang)
			}
			// The footer's grey is the renderer's own markup.
			plain, n := unlink(ownMDLink, strings.Replace(strings.Replace(text, wecomComment, "", 1), "</font>", "", 1))
			links += n
			if loc := mdLink.FindStringIndex(plain); loc != nil {
				t.Errorf("wecom %s: name %q made a link or mention %q:\n%s", lang, name, plain[loc[0]:loc[1]], text)
			}
			if strings.ContainsAny(plain, "<>") {
				t.Errorf("wecom %s: name %q left a tag:\n%s", lang, name, text)
			}
			if bidi.MatchString(text) {
				t.Errorf("wecom %s: name %q left a bidi or zero-width character", lang, name)
			}
			if len(wmsgs) == len(wref) {
				var r wecomtest.Message
				_ = json.Unmarshal(wref[i].Body, &r)
				if got, want := strings.Count(text, "\n"), strings.Count(r.Markdown.Content+r.Text.Content, "\n"); got != want {
					t.Errorf("wecom %s: name %q changed the layout: %d lines, want %d:\n%s", lang, name, got, want, text)
				}
			}
		}
		if links != want {
			t.Errorf("wecom %s, public URL %q: name %q: %d links to campaign pages, want %d", lang, pu, name, links, want)
		}
	}
}

// cardShape is a card's layout without its words: each element's tag
// and the number of lines of each of its texts.
func cardShape(t *testing.T, body []byte) string {
	var c struct {
		Card struct {
			Elements []struct {
				Tag    string
				Text   *struct{ Content string }
				Fields []struct {
					Text struct{ Content string }
				}
			}
		}
	}
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range c.Card.Elements {
		b.WriteString(e.Tag)
		if e.Text != nil {
			b.WriteString(" " + strings.Repeat("|", strings.Count(e.Text.Content, "\n")+1))
		}
		for _, f := range e.Fields {
			b.WriteString(" f" + strings.Repeat("|", strings.Count(f.Text.Content, "\n")+1))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestNeutraliseNamesInCards is TestNeutraliseNames for Feishu and WeCom,
// with each service's own mention syntax among the names.
func TestNeutraliseNamesInCards(t *testing.T) {
	for _, name := range []string{
		"<at id=all></at>", "<at user_id=\"ou_1\">x</at>", "&lt;at id=all&gt;", "[win](https://evil.example)",
		"<@zhangsan> promo", "@all promo", "@13900000000", "<font color=\"warning\">big</font>", "**bold** ~~x~~ `c`",
		"# big\n- item\n> quote", "spring\u202esale\u202c", "visit https://evil.example now", "1. first",
		strings.Repeat("long name ", 100), "",
		"a](https://evil.example)", "x) [y](z", "`x](y)`", "<at id=all>](u)", "\x02in\x1fhttps://evil.example\x03",
	} {
		checkNeutralCards(t, name)
	}
}
