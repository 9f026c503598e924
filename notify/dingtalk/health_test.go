package dingtalk_test

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

func TestRenderHealthGolden(t *testing.T) {
	for _, tt := range []struct {
		name  string
		alert *campaign.Alert
		file  string
	}{
		{"failing", notifytest.HealthFailingAlert(), "notify/health-failing.dingtalk.md"},
		{"recovered", notifytest.HealthRecoveredAlert(), "notify/health-recovered.dingtalk.md"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := dingtalk.Render(tt.alert, mobiles)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 {
				t.Fatalf("got %d messages, want 1", len(msgs))
			}
			s := decode(t, msgs[0].Body)
			if s.At != nil || strings.Contains(s.Markdown.Text, "@138") {
				t.Errorf("a health notice mentions %+v; only change alerts mention", s.At)
			}
			// DingTalk robots show tables and code as raw text.
			for _, bad := range []string{"| ", "```", "<br"} {
				if strings.Contains(s.Markdown.Text, bad) {
					t.Errorf("notice contains %q, which DingTalk does not render", bad)
				}
			}
			notifytest.Golden(t, tt.file, []byte(s.Markdown.Text), *update)
		})
	}
}
