package slack_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

func TestRenderHealthGolden(t *testing.T) {
	for _, tt := range []struct {
		name  string
		alert *campaign.Alert
		file  string
	}{
		{"failing", notifytest.HealthFailingAlert(), "notify/health-failing.slack.json"},
		{"recovered", notifytest.HealthRecoveredAlert(), "notify/health-recovered.slack.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := slack.Render(tt.alert)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("got %d messages, want 1", len(msgs))
			}
			if problem := slacktest.Check(msgs[0].Body); problem != "" {
				t.Errorf("Slack would refuse the message: %s", problem)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, msgs[0].Body, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			notifytest.Golden(t, tt.file, pretty.Bytes(), *update)
		})
	}
}
