package notify

import (
	"strings"
	"testing"
)

// TestReceiverIDKeysAURLWithoutRevealingIt: the key of a webhook's notes
// is the same for one URL, differs between two, and holds nothing of the
// URL (its token is the secret).
func TestReceiverIDKeysAURLWithoutRevealingIt(t *testing.T) {
	const a = "https://hooks.slack.com/services/T0AAAA/B0BBBB/aaaaTOKENaaaa"
	const b = "https://hooks.slack.com/services/T0AAAA/B0BBBB/bbbbTOKENbbbb"
	ia, ib := receiverID("slack", a), receiverID("slack", b)
	if ia != receiverID("slack", a) || ia == ib || !strings.HasPrefix(ia, "slack-") || len(ia) != len("slack-")+12 {
		t.Errorf("ids %q, %q: want stable per URL, distinct, slack- and 12 hex digits", ia, ib)
	}
	if strings.Contains(ia, "TOKEN") || strings.Contains(ia, "hooks") {
		t.Errorf("id %q reveals the URL", ia)
	}
}
