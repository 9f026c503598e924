package feishu

import "github.com/campaignwatch/campaignwatch/notify"

// meter measures a card as encodeDoc would find it (notify.Meter), so
// that a long alert is packed in one pass: each element (a rule, a
// section's name, a block's div) adds its JSON and a comma, and each
// line its separator and text in its div's text, or the text itself
// where it is the div's first.
type meter struct {
	m notify.Mention
	// size is the body's bytes; els its elements.
	size, els int
}

func newMeter(m notify.Mention) *meter { return &meter{m: m} }

func (t *meter) Start(d notify.Doc) {
	t.size, t.els = maxBodyBytes+1, 1 // fits nothing: the split encodes and says why
	if b, err := body(d, t.m); err == nil {
		t.size, t.els = len(b), 0
		if mentions(t.m) != "" {
			t.els++
		}
		if d.Footer != "" {
			t.els++
		}
	}
}

func (t *meter) Block(blocks []notify.Block) {
	head := blocks[len(blocks)-1]
	head.Lines = nil
	for _, el := range append(sectionStart(blocks, len(blocks)-1), blockDiv(head)) {
		t.add(el)
	}
}

// add adds el to the card's elements: after a comma, or into an empty
// list, which is null.
func (t *meter) add(el element) {
	n := elementBytes(el)
	if t.els == 0 {
		t.size += n + len("[]") - len("null")
	} else {
		t.size += n + len(",")
	}
	t.els++
}

func (t *meter) Line(b notify.Block, n int) {
	if n == 0 && b.Heading == "" { // the div takes a text
		head, first := b, b
		head.Lines, first.Lines = nil, b.Lines[:1]
		t.size += elementBytes(blockDiv(first)) - elementBytes(blockDiv(head))
		return
	}
	t.size += notify.JSONLen(lineSep(b)+divLine(b, n), false)
}

func (t *meter) Fits() bool { return t.size+signRoom <= maxBodyBytes }

// elementBytes is the length of el's JSON in a card.
func elementBytes(el element) int {
	b, err := notify.EncodeJSON(el)
	if err != nil {
		return maxBodyBytes + 1
	}
	return len(b)
}
