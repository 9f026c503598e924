package notify

import (
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// A Doc's strings are plain text, with one exception: where the reader
// has a public URL (PUBLIC_URL), the name of each campaign a message
// names is a link span, made by link and nowhere else. A span is the
// link's text and its URL between three control characters that Clean
// and Name turn into spaces, so that no data (a campaign name, a label,
// an error) can hold one: only the renderer's own spans become links.
// Renderers write a Doc string with SlackRich, MarkdownRich or
// LarkMDRich, which turn each span into their service's own link syntax
// and neutralise every other piece as SlackText, MarkdownText and
// LarkMDText do; PlainText shows a span's text only. Without a public URL
// there are no spans, and every string renders as it did before links.
const (
	linkOpen  = '\x02'
	linkSplit = '\x1f'
	linkClose = '\x03'
)

// maxLinkURL bounds a link's address: a campaign whose ids make a longer
// one (ids are short digits in practice) is named without a link, so
// that a line with its link always fits the smallest section a service
// allows (Slack's 3,000 bytes) and is never cut inside the link.
const maxLinkURL = 1000

// link is text as a span linking to url; text itself when url is "" or
// longer than maxLinkURL. text holds no control character (it comes
// through Name or Clean); url is made by CampaignURL or DashboardURL.
func link(text, url string) string {
	if url == "" || text == "" || len(url) > maxLinkURL {
		return text
	}
	return string(linkOpen) + text + string(linkSplit) + url + string(linkClose)
}

// CampaignURL is the address of campaign k's dashboard page under base
// (PUBLIC_URL, without a trailing slash): base/ui/campaigns/{custSpaceId}/
// {pageId}/{campaignId}, each id one path segment with every byte but
// letters, digits and -._~ percent-encoded, so that the address holds no
// character any service's link syntax reads (no parenthesis, bracket,
// angle bracket, bar or space). "" when base is "".
func CampaignURL(base string, k campaign.Key) string {
	if base == "" {
		return ""
	}
	return base + "/ui/campaigns/" + segment(k.CustSpaceID) + "/" + segment(k.PageID) + "/" + segment(k.CampaignID)
}

// DashboardURL is the dashboard's overview under base: base/ui/; "" when
// base is "".
func DashboardURL(base string) string {
	if base == "" {
		return ""
	}
	return base + "/ui/"
}

// segment percent-encodes every byte of s but the unreserved ones.
func segment(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// Span is one piece of a Doc string: text, linking to URL when URL is
// not "".
type Span struct {
	Text, URL string
}

// Spans cuts s into its plain pieces and its link spans, in order. A
// piece that is not a whole span is text.
func Spans(s string) []Span {
	var out []Span
	for s != "" {
		i := strings.IndexRune(s, linkOpen)
		if i < 0 {
			break
		}
		j := strings.IndexRune(s[i:], linkClose)
		if j < 0 {
			break
		}
		text, url, ok := strings.Cut(s[i+1:i+j], string(linkSplit))
		if !ok {
			break
		}
		if i > 0 {
			out = append(out, Span{Text: s[:i]})
		}
		out = append(out, Span{Text: text, URL: url})
		s = s[i+j+1:]
	}
	if s != "" {
		out = append(out, Span{Text: s})
	}
	return out
}

// hasLink reports whether s holds a link span.
func hasLink(s string) bool { return strings.ContainsRune(s, linkOpen) }

// Unlinked is s with each link span replaced by its text: for plain text
// (the fallback text of a notification, terminals, logs).
func Unlinked(s string) string {
	if !hasLink(s) {
		return s
	}
	var b strings.Builder
	for _, sp := range Spans(s) {
		b.WriteString(sp.Text)
	}
	return b.String()
}

// rich writes s: plain pieces and link texts through piece (first: the
// piece starts s), each link as wrap(written text, url). Control
// characters left in a piece (none, from a Doc) become spaces.
func rich(s string, piece func(s string, first bool) string, wrap func(text, url string) string) string {
	var b strings.Builder
	for i, sp := range Spans(s) {
		t := piece(strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
				return ' '
			}
			return r
		}, sp.Text), i == 0)
		if sp.URL != "" {
			t = wrap(t, sp.URL)
		}
		b.WriteString(t)
	}
	return b.String()
}

// SlackRich is SlackText for a Doc string: each link span becomes
// Slack's <url|text>, its text neutralised as SlackText does and its "|"
// a look-alike, so that nothing of a name can end it early. Without a
// span it is SlackText.
func SlackRich(s string) string {
	if !hasLink(s) {
		return SlackText(s)
	}
	return rich(s, func(p string, _ bool) string { return slackReplacer.Replace(p) }, func(text, url string) string {
		// A "|" in the text would be read as the address's end by a
		// client that splits at the last one: a look-alike instead.
		return "<" + slackURL.Replace(url) + "|" + strings.ReplaceAll(text, "|", "｜") + ">"
	})
}

// slackURL escapes what Slack reads in a link's address; CampaignURL
// makes none of these, and a PUBLIC_URL with one is refused.
var slackURL = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C")

// markdownURL escapes what Markdown reads in a link's address.
var markdownURL = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "[", "%5B", "]", "%5D")

// MarkdownRich is MarkdownText for a Doc string: each link span becomes
// [text](url), its text neutralised as MarkdownText does (brackets and
// parentheses cannot end it early: "[" and "]" take look-alikes). What
// starts s is kept from starting a block as MarkdownText keeps it.
// Without a span it is MarkdownText.
func MarkdownRich(s string) string {
	if !hasLink(s) {
		return MarkdownText(s)
	}
	return rich(s, func(p string, first bool) string {
		p = markdownReplacer.Replace(p)
		if first {
			p = markdownStart(p)
		}
		return p
	}, markdownLink)
}

func markdownLink(text, url string) string { return "[" + text + "](" + markdownURL.Replace(url) + ")" }

// LarkMDRich is LarkMDText for a Doc string: each link span becomes
// lark_md's [text](url), its text neutralised as LarkMDText does.
// Without a span it is LarkMDText.
func LarkMDRich(s string) string {
	if !hasLink(s) {
		return LarkMDText(s)
	}
	return rich(s, func(p string, _ bool) string { return larkReplacer.Replace(p) }, markdownLink)
}
