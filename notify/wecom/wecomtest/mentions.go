package wecomtest

import (
	"encoding/json"
	"regexp"
)

// atUser is a mention in a robot's markdown content: <@userid>.
var atUser = regexp.MustCompile(`<@([^>\s]+)>`)

// Mentions returns whom a message body mentions as a group sees it: a
// text message's mentioned_list ("@all", "@" and a user id) and
// mentioned_mobile_list ("@" and the number), and the <@userid> of a
// markdown message; nil when it mentions nobody or is not JSON.
func Mentions(body []byte) []string {
	var m Message
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	var out []string
	for _, id := range m.Text.Mentioned {
		if id == "@all" {
			out = append(out, id)
			continue
		}
		out = append(out, "@"+id)
	}
	for _, n := range m.Text.MentionedMobiles {
		out = append(out, "@"+n)
	}
	for _, u := range atUser.FindAllStringSubmatch(m.Markdown.Content, -1) {
		out = append(out, "@"+u[1])
	}
	return out
}
