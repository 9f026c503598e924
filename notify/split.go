package notify

import (
	"fmt"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// numberingRoom is what split reserves in the title while packing, so that
// the " (12/12)" added afterwards cannot push a message over a limit.
const numberingRoom = " (000/000)"

// split packs doc into as few docs as fit, in order, losing nothing: every
// line of doc appears in exactly one of them. fits reports whether a doc
// renders within the service's limits. Fields stay together with their
// block's heading; a block whose lines run over is continued in the next
// doc under its heading marked as continued in the doc's language. When there is more than one
// doc, each title ends with its number: " (1/3)". Every doc keeps the
// footer.
//
// It returns an error of kind Internal when a single line, or a block's
// fields, do not fit a message on their own: the content was not bounded
// as it should have been.
func split(doc Doc, fits func(Doc) bool) ([]Doc, error) {
	var out []Doc
	cur := Doc{Title: doc.Title + numberingRoom, Footer: doc.Footer, Lang: doc.Lang}
	flush := func() {
		out = append(out, cur)
		cur = Doc{Title: cur.Title, Footer: doc.Footer, Lang: doc.Lang}
	}
	// try appends blk to cur if the result fits.
	try := func(blk Block) bool {
		cand := cur
		cand.Blocks = append(cur.Blocks[:len(cur.Blocks):len(cur.Blocks)], blk)
		if !fits(cand) {
			return false
		}
		cur = cand
		return true
	}
	for _, blk := range doc.Blocks {
		head := blk
		head.Lines = nil
		lines := blk.Lines
		// Place the head (heading and fields) with as many lines as fit.
		if !try(withLines(head, lines[:min(1, len(lines))])) {
			if len(cur.Blocks) == 0 {
				return nil, campaign.Errorf(campaign.Internal, "notify: block %q does not fit one message on its own", blk.Heading)
			}
			flush()
			if !try(withLines(head, lines[:min(1, len(lines))])) {
				return nil, campaign.Errorf(campaign.Internal, "notify: block %q does not fit one message on its own", blk.Heading)
			}
		}
		placed := min(1, len(lines))
		for placed < len(lines) {
			// grow returns cur with k more lines in its last block.
			last := len(cur.Blocks) - 1
			grow := func(k int) Doc {
				grown := cur.Blocks[last]
				grown.Lines = lines[placed-len(grown.Lines) : placed+k]
				cand := cur
				cand.Blocks = append(cur.Blocks[:last:last], grown)
				return cand
			}
			lo := mostThatFit(len(lines)-placed, func(k int) bool { return fits(grow(k)) })
			if lo > 0 {
				cur = grow(lo)
				placed += lo
				continue
			}
			flush()
			cont := Block{Section: blk.Section, Heading: continued(blk.Heading, doc.lang().Continued), Numbered: blk.Numbered}
			if !try(withLines(cont, lines[placed:placed+1])) {
				return nil, campaign.Errorf(campaign.Internal, "notify: a line of %q does not fit one message on its own", blk.Heading)
			}
			placed++
		}
	}
	if len(cur.Blocks) > 0 || len(out) == 0 {
		out = append(out, cur)
	}
	number(out, doc.Title)
	return out, nil
}

// number titles each of docs title, numbered " (1/3)" when there is more
// than one.
func number(docs []Doc, title string) {
	for i := range docs {
		docs[i].Title = title
		if len(docs) > 1 {
			docs[i].Title += fmt.Sprintf(" (%d/%d)", i+1, len(docs))
		}
	}
}

// mostThatFit returns the most of rest lines (0..rest) for which fit
// holds: gallop, then bisect, so that a long list costs a few renderings
// per message, not one per line. fit is monotone: more lines never fit
// better.
func mostThatFit(rest int, fit func(k int) bool) int {
	lo, hi := 0, 1
	for hi <= rest && fit(hi) {
		lo, hi = hi, hi*2
	}
	hi = min(hi, rest+1)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fit(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

func withLines(b Block, lines []string) Block {
	b.Lines = lines
	return b
}

func continued(heading, mark string) string {
	if heading == "" {
		return ""
	}
	return heading + mark
}
