package playground

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// render turns a chat service's JSON payload into text a person reads:
// every string under a key named text or content, in the order
// the payload has them, each once. Slack's Block Kit, DingTalk's and
// WeCom's markdown, Feishu's cards and the generic webhook all keep their
// words there, so a new fake needs no renderer of its own. A body that is
// not JSON is shown as it is.
func render(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	var (
		out   []string
		seen  = map[string]bool{}
		key   string   // the key whose value comes next, "" inside arrays
		keys  []string // the key of each open object or array
		inObj []bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return strings.TrimSpace(string(body))
		}
		isKey := len(inObj) > 0 && inObj[len(inObj)-1] && key == ""
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				keys = append(keys, key)
				inObj = append(inObj, t == '{')
			default:
				keys, inObj = keys[:len(keys)-1], inObj[:len(inObj)-1]
			}
			key = ""
			continue
		case string:
			if isKey {
				key = t
				continue
			}
			name := key
			if name == "" && len(keys) > 0 {
				name = keys[len(keys)-1] // a string in an array: the array's key
			}
			if (name == "text" || name == "content") && !seen[t] && strings.TrimSpace(t) != "" {
				seen[t] = true
				out = append(out, strings.TrimSpace(t))
			}
		}
		if len(inObj) > 0 && inObj[len(inObj)-1] {
			key = ""
		}
	}
	if len(out) == 0 {
		return strings.TrimSpace(string(body))
	}
	return strings.Join(out, "\n")
}

// show writes one received message framed for a terminal.
func show(w io.Writer, r received) {
	fmt.Fprintf(w, "\n┌ %s received a message %s\n", r.Service, strings.Repeat("─", 30))
	for _, line := range strings.Split(r.Text, "\n") {
		fmt.Fprintf(w, "│ %s\n", line)
	}
	verdict := "accepted"
	if r.Status >= 300 {
		verdict = fmt.Sprintf("refused (HTTP %d)", r.Status)
	}
	fmt.Fprintf(w, "└ %s\n", verdict)
}
