package feishutest

import (
	"regexp"

	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

// atTag is a Feishu mention in a card's lark_md: <at id=all></at>,
// <at id=ou_…></at> or <at user_id="ou_…">name</at>.
var atTag = regexp.MustCompile(`<at (?:id|user_id|email)="?([^">\s]+)"?\s*>`)

// Mentions returns whom a message body mentions as a group sees it: "@all"
// for <at id=all>, "@" and the id for a user, in no fixed order; nil when
// it mentions nobody or is not JSON.
func Mentions(body []byte) []string {
	var out []string
	for _, s := range notifytest.Strings(body) {
		for _, m := range atTag.FindAllStringSubmatch(s, -1) {
			out = append(out, "@"+m[1])
		}
	}
	return out
}
