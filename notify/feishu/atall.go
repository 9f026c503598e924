package feishu

import (
	"encoding/json"
	"errors"
	"strings"
)

// allTag is the lark_md that mentions everyone.
const allTag = "<at id=all></at>"

// errNoRoom: the card has no room left for the note under maxBodyBytes.
var errNoRoom = errors.New("the card has no room for the note")

// withoutAll takes the @all mention out of a card Render made (the
// mention line keeps the user ids it names, and goes when it names none)
// and, when note is not "", adds note as plain text where the mention
// was. ok is false when the card mentions nobody as everyone.
func withoutAll(b []byte, note string) (out []byte, ok bool, err error) {
	var m message
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, false, err
	}
	els := make([]element, 0, len(m.Card.Elements)+1)
	for _, el := range m.Card.Elements {
		if ok || el.Tag != "div" || el.Text == nil || !strings.Contains(el.Text.Content, allTag) {
			els = append(els, el)
			continue
		}
		ok = true
		if rest := strings.Join(strings.Fields(strings.ReplaceAll(el.Text.Content, allTag, "")), " "); rest != "" {
			els = append(els, div(rest))
		}
		if note != "" {
			els = append(els, element{Tag: "div", Text: &text{Tag: "plain_text", Content: note}})
		}
	}
	if !ok {
		return nil, false, nil
	}
	m.Card.Elements = els
	out, err = encode(m)
	if err == nil && len(out)+signRoom > maxBodyBytes {
		return nil, false, errNoRoom
	}
	return out, true, err
}
