package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// passThrough wraps a notifier and adds nothing, as the demo's wrapper
// does: a wrapper must not change what a receiver gets.
type passThrough struct{ campaign.Notifier }

// TestWrappedReceiverKeepsItsZoneInTheDigest: a receiver in New York
// whose notifier is wrapped (app.Options.Wrap, as the demo does) gets
// the digest of New York's day, as it does unwrapped. On the Sunday New
// York leaves daylight saving time its day before 10:00 is 25 hours
// long, and a campaign added 30 minutes into it is in the New York
// receiver's digest, not in that of the receiver on DIGEST_TIMEZONE
// (UTC), whose day began an hour later. The run used to find the zone by
// a type assertion on the notifier, which any wrapper hid: the wrapped
// New York receiver got the UTC day's digest without the campaign.
func TestWrappedReceiverKeepsItsZoneInTheDigest(t *testing.T) {
	emu, slackFake, dingFake, cfg := twoReceivers(t)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Receivers {
		if cfg.Receivers[i].Type == "dingtalk" {
			cfg.Receivers[i].Zone = ny
		}
	}
	now := time.Date(2026, 10, 31, 14, 10, 0, 0, time.UTC) // 10:10 in New York
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.Options{
		Now:  func() time.Time { return now },
		Wrap: func(n campaign.Notifier) campaign.Notifier { return passThrough{n} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Runner.Check(ctx, false); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 10, 31, 14, 30, 0, 0, time.UTC)
	emu.SetCampaigns("cams-a1", "239001", append(emu.Campaigns("cams-a1", "239001"), campaign.Campaign{
		CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233009", CampaignName: "autumn-teaser",
		Status: "PAUSED", Budget: 100, BudgetType: "daily", AdAccountID: "act_1", CreateTime: 1730293928381}))
	if _, err := a.Runner.Check(ctx, false); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC) // 10:00 EST, 25 h after 10:00 EDT
	if _, err := a.Runner.SendDigest(ctx, false); err != nil {
		t.Fatal(err)
	}
	ding := dingFake.Messages()
	slack := slackFake.Payloads()
	if len(ding) != 3 || len(slack) != 3 {
		t.Fatalf("dingtalk got %d messages, slack %d; want the baseline, the change and the digest each", len(ding), len(slack))
	}
	if digest := ding[2].Markdown.Text; !strings.Contains(digest, "autumn-teaser") || !strings.Contains(digest, "Changes since 2026-10-31 10:00 UTC-04:00") {
		t.Errorf("the wrapped New York receiver's digest is not of New York's 25-hour day (it lacks the campaign added in it):\n%s", digest)
	}
	if digest := string(slack[2]); strings.Contains(digest, "autumn-teaser") {
		t.Errorf("the UTC receiver's digest has a campaign added before its day began:\n%s", digest)
	}
}
