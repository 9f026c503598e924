package notify

import (
	"unicode/utf8"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// A Meter measures one message of a service while a long doc is packed
// into messages (RenderDocMetered): it adds up what each block and each
// line adds to the message's body, so that every line is rendered and
// measured once, instead of encoding candidate messages again and again
// (split). It must agree exactly with the service's encode: a message
// fits by the meter if and only if its encoding fits. Each service's
// tests check that it packs every sample alert as split does.
type Meter interface {
	// Start begins a message of d's title and footer, without blocks.
	Start(d Doc)
	// Block adds the last of blocks, its section, heading and fields
	// but not its lines, after the others, which are the blocks added
	// since Start.
	Block(blocks []Block)
	// Line adds line n (from 0) of b, the block added last, which holds
	// at least n+1 lines.
	Line(b Block, n int)
	// Fits reports whether what was added since Start is within the
	// service's limits.
	Fits() bool
}

// splitMetered is split measuring with m instead of encoding candidates:
// the same docs, in one pass. It adds lines one by one, which is what
// split's search finds, since a line more never makes a message fit
// better.
func splitMetered(doc Doc, m Meter) ([]Doc, error) {
	var out []Doc
	cur := Doc{Title: doc.Title + numberingRoom, Footer: doc.Footer, Lang: doc.Lang}
	m.Start(cur)
	flush := func() {
		out = append(out, cur)
		cur = Doc{Title: cur.Title, Footer: doc.Footer, Lang: doc.Lang}
		m.Start(cur)
	}
	// add appends blk, with its lines, to cur if the result fits. When
	// it does not, m is left measuring more than cur: flush starts anew.
	add := func(blk Block) bool {
		cur.Blocks = append(cur.Blocks, blk)
		m.Block(cur.Blocks)
		for n := range blk.Lines {
			m.Line(blk, n)
		}
		if !m.Fits() {
			cur.Blocks = cur.Blocks[:len(cur.Blocks)-1]
			return false
		}
		return true
	}
	for _, blk := range doc.Blocks {
		lines := blk.Lines
		first := withLines(blk, lines[:min(1, len(lines))])
		if !add(first) {
			if len(cur.Blocks) == 0 {
				return nil, campaign.Errorf(campaign.Internal, "notify: block %q does not fit one message on its own", blk.Heading)
			}
			flush()
			if !add(first) {
				return nil, campaign.Errorf(campaign.Internal, "notify: block %q does not fit one message on its own", blk.Heading)
			}
		}
		for placed := min(1, len(lines)); placed < len(lines); placed++ {
			last := &cur.Blocks[len(cur.Blocks)-1]
			grown := withLines(*last, lines[placed-len(last.Lines):placed+1])
			m.Line(grown, len(grown.Lines)-1)
			if m.Fits() {
				*last = grown
				continue
			}
			flush()
			cont := Block{Section: blk.Section, Heading: continued(blk.Heading, doc.lang().Continued), Numbered: blk.Numbered}
			if !add(withLines(cont, lines[placed:placed+1])) {
				return nil, campaign.Errorf(campaign.Internal, "notify: a line of %q does not fit one message on its own", blk.Heading)
			}
		}
	}
	if len(cur.Blocks) > 0 || len(out) == 0 {
		out = append(out, cur)
	}
	number(out, doc.Title)
	return out, nil
}

// JSONLen is the length of s as a JSON string encoded by encoding/json,
// less its two quotes: with escapeHTML, as json.Marshal writes it ("<",
// ">" and "&" as \u003c...), else as EncodeJSON does. It is additive:
// the length of a+b is JSONLen(a)+JSONLen(b), for strings cut between
// characters, which is what lets a Meter add up a message piece by
// piece.
func JSONLen(s string, escapeHTML bool) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < ' ' || escapeHTML && (c == '<' || c == '>' || c == '&'):
				n += 6 // \u00XX
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r == '\u2028', r == '\u2029':
			n += 6 // \ufffd, \u2028, \u2029
		default:
			n += size
		}
		i += size
	}
	return n
}

// SumMeter measures the messages of a service whose size is the sum of
// what each part of a doc adds, where nothing adds to another's size:
// empty(d) is the size of d without blocks, head(d, blocks) what the
// last of blocks adds without its lines (after the others), line(b, n)
// what line n of b adds, limit the most a message may have.
func SumMeter(empty func(d Doc) int, head func(d Doc, blocks []Block) int, line func(b Block, n int) int, limit int) Meter {
	return &sumMeter{empty: empty, head: head, line: line, limit: limit}
}

type sumMeter struct {
	empty       func(Doc) int
	head        func(Doc, []Block) int
	line        func(Block, int) int
	limit, size int
	doc         Doc
}

func (m *sumMeter) Start(d Doc) {
	m.doc = d
	m.size = m.empty(d)
}

func (m *sumMeter) Block(blocks []Block) { m.size += m.head(m.doc, blocks) }

func (m *sumMeter) Line(b Block, n int) { m.size += m.line(b, n) }

func (m *sumMeter) Fits() bool { return m.size <= m.limit }

// MarkdownMeter measures the messages of a service whose body is JSON
// (encoded as EncodeJSON does) holding a doc's Markdown as one string:
// empty(d) is the length of the body of d without blocks (its title,
// footer and whatever the service adds), limit the most bytes a body
// may have. Each block and line adds the JSON length of its Markdown.
func MarkdownMeter(empty func(Doc) int, limit int) Meter {
	return SumMeter(empty,
		func(d Doc, blocks []Block) int { return JSONLen(markdownHead(d.lang(), blocks, len(blocks)-1), false) },
		func(b Block, n int) int { return JSONLen(markdownLine(b, n, b.Lines[n]), false) },
		limit)
}
