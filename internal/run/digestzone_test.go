package run

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// TestDigestDayFollowsEachReceiversZone: the digest's day is the day of
// each receiver's zone, not only its title. On the Sunday New York leaves
// daylight saving time, New York's day before 10:00 is 25 hours long, and
// a campaign added 30 minutes into it is in the New York receiver's
// digest, but not in that of a receiver on DIGEST_TIMEZONE (UTC), whose
// day began an hour later.
func TestDigestDayFollowsEachReceiversZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	rig := newRig(t)
	rig.clock()
	rig.locale(t, 0, notify.Locale{Language: "en", Zone: ny})
	rig.routed(campaign.Route{}, campaign.Route{})
	rig.opt.Receivers[0].Zone = ny
	rig.opt.Zone = time.UTC
	r := rig.runner()

	rig.now = time.Date(2026, 10, 31, 14, 10, 0, 0, time.UTC) // 10:10 in New York
	check(t, r, false)
	rig.now = time.Date(2026, 10, 31, 14, 30, 0, 0, time.UTC)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		return append(cs, campaign.Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233009",
			CampaignName: "autumn-teaser", Status: "PAUSED", Budget: 100, BudgetType: "daily"})
	})
	check(t, r, false)

	rig.now = time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC) // 10:00 EST, 25 h after 10:00 EDT
	rep, err := r.SendDigest(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := delivery(t, rep, "slack"); got.Messages != 1 {
		t.Fatalf("slack: %+v", got)
	}
	s, d := rig.posted()
	nyDigest, utcDigest := s[len(s)-1], d[len(d)-1]
	if !strings.Contains(nyDigest, "autumn-teaser") || !strings.Contains(nyDigest, "2026-11-01 (America/New_York)") {
		t.Errorf("the New York receiver's digest lacks the campaign added in its day:\n%s", nyDigest)
	}
	if strings.Contains(utcDigest, "autumn-teaser") {
		t.Errorf("the UTC receiver's digest has a campaign added before its day began:\n%s", utcDigest)
	}
}
