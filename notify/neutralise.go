package notify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Campaign names, channel labels and every other string from the API or
// the configuration are data: whatever they hold, a message must show them
// as text. Clean makes any such string one tidy line; SlackText,
// MarkdownText and LarkMDText then neutralise, for one markup family each,
// whatever that markup would read as a mention, a link, an image, HTML or
// layout. Renderers pass every string of a Doc (words of the catalogue
// included: they hold no markup) through their family's function, so that
// the only markup in a message is what the renderer itself writes.

// maxTextRunes bounds any one piece of data (a label, a status) in a
// message, so that one line always fits a message on its own.
const maxTextRunes = 200

// maxNameRunes bounds a campaign name in a message: a longer one is cut
// and ends with "…". The campaign's id is always shown next to its name,
// so a cut name still identifies its campaign.
const maxNameRunes = 120

// invisible reports whether r is a character that changes how text around
// it is shown or read without being seen: bidirectional overrides, marks
// and isolates (which can make "evil.com/moc.elgoog" read as anything),
// zero-width spaces and joiners that hide a word from a filter, the byte
// order mark. The zero-width joiner of emoji sequences is kept.
func invisible(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200b', r == '\u200c', r == '\u200e', r == '\u200f',
		r >= '\u202a' && r <= '\u202e', r >= '\u2060' && r <= '\u2064',
		r >= '\u2066' && r <= '\u2069', r == '\ufeff', r == '\u00ad':
		return true
	}
	return false
}

// Clean makes data safe for one line of a message: control characters
// and line or paragraph separators (newlines included) become spaces,
// invisible formatting characters (bidirectional overrides, zero-width
// spaces) and invalid UTF-8 are removed, runs of spaces become one, and
// text longer than 200 characters is cut with "…".
func Clean(s string) string { return clip(oneLine(s), maxTextRunes) }

// Name is Clean for a campaign name: cut at maxNameRunes characters.
func Name(s string) string { return clip(oneLine(s), maxNameRunes) }

// Excerpt makes a service's reply text fit an error message: one line,
// printable, at most 200 characters. Cutting it short could leave a piece
// of a secret too short to be recognised later: body must be redacted
// already, as poster hands it to a replyReader.
func Excerpt(body []byte) string {
	s := Clean(strings.ToValidUTF8(string(body), ""))
	if s == "" {
		return "(empty body)"
	}
	return s
}

func oneLine(s string) string {
	if isOneLine(s) {
		return s
	}
	return collapse(s)
}

// collapse is oneLine of any s.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading spaces and collapses runs
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				continue // an invalid byte, not a real U+FFFD
			}
		}
		switch {
		case invisible(r):
			continue
		case unicode.IsControl(r), unicode.IsSpace(r), r == '\u2028', r == '\u2029': // Zl, Zp
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// isOneLine reports whether oneLine(s) is s, which most data is: text
// of printable characters, spaces apart one by one, none first or last.
// It may say false of such text (an U+FFFD), never true of other text.
func isOneLine(s string) bool {
	space := true // as oneLine's: a space here would be dropped
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' && space, c < ' ', c == 0x7f:
				return false
			}
			space = c == ' '
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || invisible(r) || unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
		space = false
		i += n
	}
	return !space || s == ""
}

func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max-1]), " ") + "…"
}

// Characters every markup family reads as a mention, a link or HTML, and
// their look-alikes, which no markup reads. A substitute keeps the text
// legible ("［SG］ spring", "＠all") and is safe whatever the client's
// renderer does with escapes, which chat services do not all document.
var inert = []string{
	"[", "［", "]", "］", "<", "＜", ">", "＞", "@", "＠", "|", "｜",
	// A scheme's "://" is what clients turn into a link by themselves.
	"://", "：//",
}

var (
	slackReplacer = strings.NewReplacer(
		// Slack's own escapes for the three characters of its link and
		// mention syntax (<!channel>, <!here>, <@U1>, <url|text>).
		"&", "&amp;", "<", "&lt;", ">", "&gt;",
		"@", "＠", "://", "：//",
	)
	markdownReplacer = strings.NewReplacer(append(inert,
		// Bold and italic (DingTalk), bold (WeCom), inline code (WeCom)
		// and the escape character: look-alikes, since neither service
		// documents backslash escapes and both would show the backslash.
		// "_" and "~" mean nothing to either and stay as they are, so that
		// ALIBABA_CLOUD_ACCESS_KEY_ID and spring_sale read as written.
		"*", "＊", "`", "｀", `\`, "＼",
	)...)
	larkReplacer = strings.NewReplacer(append(inert[:len(inert):len(inert)],
		// Emphasis, code and the escape character become numeric
		// character references, which lark_md shows as the character
		// without styling; & becomes &amp;, since lark_md reads entities
		// (so that "&lt;at" in data stays the text it is).
		"&", "&amp;", `\`, "&#92;", "*", "&#42;", "_", "&#95;", "~", "&#126;", "`", "&#96;",
	)...)
)

// SlackText neutralises s for Slack mrkdwn (and plain_text): &, < and >
// are escaped as Slack asks, so that no <!channel>, <!here>, <@user> or
// <url|text> can form; "@" and a URL's "://" become look-alikes that
// Slack neither mentions nor links. s is first made one line (see Clean,
// without the cut).
func SlackText(s string) string { return slackReplacer.Replace(oneLine(s)) }

// MarkdownText neutralises s for the Markdown of DingTalk and WeCom
// robots: brackets, angle brackets, "@", "|" and a URL's "://" become
// look-alikes, so that no [link](url), ![image](url), <html>, @all,
// @13800000000 or table can form; so do "*" (bold, italic), "`" (WeCom's
// inline code) and "\", since neither service documents a backslash
// escape and a backslash would show. What would start a heading, a list,
// a rule or a fence where s starts a line ("#", "- ", "+ ", "1. ", "1) ",
// "=", "---", "___", "~~~") takes a look-alike too; nothing else is
// touched ("_", "~", "-20%", "12.5"), for these mean nothing there. s is
// first made one line (see Clean, without the cut), so that it cannot
// start a block of its own.
func MarkdownText(s string) string { return markdownStart(markdownReplacer.Replace(oneLine(s))) }

// markdownStart gives a look-alike to what would start a heading, a list,
// a rule or a fence where s (replaced already) starts a line.
func markdownStart(s string) string {
	switch {
	case s == "":
		return s
	case strings.Trim(s, "-_= ") == "": // a rule or a heading's underline
		return map[byte]string{'-': "‐", '_': "＿", '=': "＝", ' ': " "}[s[0]] + s[1:]
	case strings.HasPrefix(s, "~~~"): // a code fence
		return "～" + s[1:]
	case s[0] == '#':
		return "＃" + s[1:]
	case s[0] == '=':
		return "＝" + s[1:]
	case s[0] == '-' && (len(s) == 1 || s[1] == ' '):
		return "‐" + s[1:] // U+2010 HYPHEN: no list marker
	case s[0] == '+' && (len(s) == 1 || s[1] == ' '):
		return "＋" + s[1:]
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') &&
		(i+1 == len(s) || s[i+1] == ' ') {
		return s[:i] + map[byte]string{'.': "．", ')': "）"}[s[i]] + s[i+1:]
	}
	return s
}

// LarkMDText neutralises s for the lark_md text of Feishu and Lark cards,
// the one lark_md neutraliser of the product: as MarkdownText, brackets,
// angle brackets, "@", "|" and a URL's "://" become look-alikes, so that
// no [link](url), <at id=all></at>, <a href> or bare URL can form,
// whether or not a client decodes entities first; emphasis and code
// characters (* _ ~ ` and \) become numeric character references (&#42;),
// which cards show as the character, and & becomes &amp;. s is first made
// one line (see Clean, without the cut).
func LarkMDText(s string) string { return larkReplacer.Replace(oneLine(s)) }
