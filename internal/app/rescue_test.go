package app_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// TestStartupAlarmBuildsItsNotifiersOnlyToTell: the startup alarm posts
// one notice per incident, and builds the health receivers' notifiers
// only for that notice: a failed invocation after it builds none (a
// receiver that cannot be built says so once, not on every invocation),
// and after a recovery the next failure is told again.
func TestStartupAlarmBuildsItsNotifiersOnlyToTell(t *testing.T) {
	slackFake := slacktest.New()
	t.Cleanup(slackFake.Close)
	rcs := []config.Receiver{
		{Type: "slack", Target: notify.Target{Name: "slack", URL: slackFake.URL()}, Language: "en", Zone: time.UTC, Health: true},
		{Type: "no-such-service", Target: notify.Target{Name: "broken"}, Language: "en", Zone: time.UTC, Health: true},
	}
	var logs bytes.Buffer
	alarm := &app.StartupAlarm{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	reason := campaign.Errorf(campaign.Invalid, "CAMS_CHANNELS is not set")
	ctx := context.Background()
	built := func() int { return strings.Count(logs.String(), "could not be built") }

	alarm.Failed(ctx, reason, rcs, nil)
	alarm.Failed(ctx, errors.New("still not set"), rcs, nil)
	if n, b := len(slackFake.Payloads()), built(); n != 1 || b != 1 {
		t.Fatalf("after two failures: Slack got %d notices and the broken receiver was built %d times; want 1 and 1\n%s", n, b, logs.String())
	}
	if !strings.Contains(logs.String(), "posted by this instance already") {
		t.Fatalf("the second failure's log does not say the notice went already:\n%s", logs.String())
	}
	alarm.Recovered()
	alarm.Failed(ctx, reason, rcs, nil)
	if n, b := len(slackFake.Payloads()), built(); n != 2 || b != 2 {
		t.Fatalf("after a recovery and a failure: Slack got %d notices, the broken receiver built %d times; want 2 and 2", n, b)
	}
}
