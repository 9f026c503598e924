package slack_test

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
)

// BenchmarkRender300 renders a 300-change alert into Slack messages.
func BenchmarkRender300(b *testing.B) {
	a := notifytest.ManyChanges(300)
	for b.Loop() {
		if _, err := slack.Render(a, notify.Locale{}, notify.Mention{Here: true, UserIDs: []string{"U024BE7LH"}}); err != nil {
			b.Fatal(err)
		}
	}
}
