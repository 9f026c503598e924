package notify_test

import (
	"regexp"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/feishu"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom"
)

// TestLinksCountTowardSplitting: with a public URL, a long alert is
// split with its links counted in each service's size limits, every
// campaign's link whole in exactly one message, and it takes at least
// as many messages as without links.
func TestLinksCountTowardSplitting(t *testing.T) {
	services := []struct {
		name   string
		render func(*campaign.Alert, notify.Locale) ([]campaign.Message, error)
		link   *regexp.Regexp
	}{
		{"slack", func(a *campaign.Alert, loc notify.Locale) ([]campaign.Message, error) {
			return slack.Render(a, loc, notify.Mention{})
		}, ownSlackLink},
		{"dingtalk", func(a *campaign.Alert, loc notify.Locale) ([]campaign.Message, error) {
			return dingtalk.Render(a, loc, notify.Mention{})
		}, ownMDLink},
		{"feishu", func(a *campaign.Alert, loc notify.Locale) ([]campaign.Message, error) {
			return feishu.Render(a, loc, notify.Target{})
		}, ownMDLink},
		{"wecom", func(a *campaign.Alert, loc notify.Locale) ([]campaign.Message, error) {
			return wecom.Render(a, loc, notify.Target{})
		}, ownMDLink},
	}
	for _, svc := range services {
		t.Run(svc.name, func(t *testing.T) {
			plain, err := svc.render(notifytest.ManyChanges(notifytest.SplitChanges), notify.Locale{Labels: notifytest.Labels()})
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := svc.render(notifytest.ManyChanges(notifytest.SplitChanges), notify.Locale{Labels: notifytest.Labels(), PublicURL: notifytest.PublicURL})
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) < len(plain) || len(msgs) < 2 {
				t.Fatalf("%d messages with links, %d without: links must count toward the split", len(msgs), len(plain))
			}
			links := 0
			for i, m := range msgs {
				for _, s := range slackTexts(t, m.Body) { // every string of the JSON body
					links += len(svc.link.FindAllString(s, -1))
				}
				if svc.name == "slack" {
					if p := slacktest.Check(m.Body); p != "" {
						t.Errorf("message %d: Slack would refuse it: %s", i+1, p)
					}
				}
			}
			if links != notifytest.SplitChanges {
				t.Errorf("%d whole links over %d messages, want one per change (%d)", links, len(msgs), notifytest.SplitChanges)
			}
		})
	}
}
