package slack_test

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
)

// BenchmarkRender300 renders a 300-change alert into Slack messages;
// Linked with a public URL, each campaign a link to its page.
func BenchmarkRender300(b *testing.B) {
	for _, bc := range []struct {
		name string
		loc  notify.Locale
	}{{"plain", notify.Locale{Labels: notifytest.Labels()}}, {"linked", notify.Locale{Labels: notifytest.Labels(), PublicURL: notifytest.PublicURL}}} {
		b.Run(bc.name, func(b *testing.B) {
			a := notifytest.ManyChanges(300)
			for b.Loop() {
				if _, err := slack.Render(a, bc.loc, notify.Mention{Here: true, UserIDs: []string{"U024BE7LH"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender1000 renders 1,000 changes over 100 channels (the 1%
// changed check of 100,000 campaigns) into Slack messages: many short
// blocks, split over a dozen messages.
func BenchmarkRender1000(b *testing.B) {
	a := notifytest.SpreadChanges(1000, 100)
	for b.Loop() {
		if _, err := slack.Render(a, notify.Locale{}, notify.Mention{Here: true}); err != nil {
			b.Fatal(err)
		}
	}
}
