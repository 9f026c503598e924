package cli

import (
	"bytes"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestDeliveryLineSaysWhatWasNotPosted: the terminal summary says, per
// receiver, what --json counts and a person would otherwise miss: messages
// held, silenced, left pending or set aside.
func TestDeliveryLineSaysWhatWasNotPosted(t *testing.T) {
	for _, tc := range []struct {
		d    campaign.Delivery
		want string
	}{
		{campaign.Delivery{Receiver: "slack", Messages: 1}, "  slack: 1 message posted\n"},
		{campaign.Delivery{Receiver: "finance", Messages: 2, Held: 3, Silenced: 1},
			"  finance: 2 messages posted, 3 held for quiet hours, 1 silenced\n"},
		{campaign.Delivery{Receiver: "brand-a", Messages: 1, SetAside: 1},
			"  brand-a: 1 message posted, 1 set aside after the service refused it again and again (campaignwatch history shows it)\n"},
		{campaign.Delivery{Receiver: "ops", Pending: 2, Error: "Slack answered HTTP 500"},
			"  ops: 0 messages posted, 2 left pending behind another run's delivery, FAILED: Slack answered HTTP 500\n"},
	} {
		var b bytes.Buffer
		printDelivery(&b, tc.d)
		if b.String() != tc.want {
			t.Errorf("got %q\nwant %q", b.String(), tc.want)
		}
	}
}
