package run

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

var (
	brandA = campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}
	brandB = campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}
)

// routed turns the rig's two notifiers (slack, dingtalk) into receivers
// with the given routes.
func (r *rig) routed(slackRoute, dingRoute campaign.Route) {
	r.opt.Receivers = []Receiver{
		{Notifier: r.opt.Receivers[0].Notifier, Route: slackRoute, Digest: true},
		{Notifier: r.opt.Receivers[1].Notifier, Route: dingRoute, Digest: true},
	}
	r.locale(r.t, 0, r.locs[0])
	r.locale(r.t, 1, r.locs[1])
}

func (r *rig) clock() { r.opt.Now = func() time.Time { return r.now } }

func delivery(t *testing.T, rep *campaign.Report, name string) campaign.Delivery {
	t.Helper()
	for _, d := range rep.Notifications {
		if d.Receiver == name {
			return d
		}
	}
	t.Fatalf("no notification line for %s in %+v", name, rep.Notifications)
	return campaign.Delivery{}
}

func TestTwoTeamsGetOnlyTheirOwnChannels(t *testing.T) {
	rig := newRig(t)
	rig.routed(campaign.Route{Channels: []campaign.ChannelID{brandA}}, campaign.Route{Channels: []campaign.ChannelID{brandB}})
	r := rig.runner()

	check(t, r, false)
	s, d := rig.posted()
	if len(s) != 1 || !strings.Contains(s[0], "2 campaigns in 1 channel: Brand A") || strings.Contains(s[0], "cams-b2") {
		t.Fatalf("brand A's baseline note = %q", s)
	}
	if len(d) != 1 || !strings.Contains(d[0], "1 campaign in 1 channel: Page 239002 (cams-b2)") {
		t.Fatalf("brand B's baseline note = %q", d)
	}

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[0].CampaignName = "spring-sale-2"
		return cs
	})
	rep := check(t, r, false)
	s, d = rig.posted()
	if len(rep.Changes) != 1 || len(s) != 2 || len(d) != 1 || !strings.Contains(s[1], "spring-sale-2") {
		t.Fatalf("a brand A change: report %d changes, slack %d, dingtalk %d messages", len(rep.Changes), len(s), len(d))
	}
	if got := delivery(t, rep, "dingtalk"); got.Messages != 0 || got.Error != "" {
		t.Fatalf("brand B's team got %+v for brand A's change", got)
	}

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[2].Status = "AVAILABLE"
		cs[1].Status = "PAUSED"
		return cs
	})
	rep = check(t, r, false)
	s, d = rig.posted()
	if len(rep.Changes) != 2 || len(s) != 3 || len(d) != 2 {
		t.Fatalf("one change per brand: report %d changes, slack %d, dingtalk %d messages", len(rep.Changes), len(s), len(d))
	}
	if !strings.Contains(s[2], "winback") || strings.Contains(s[2], "launch") {
		t.Errorf("brand A's message:\n%s", s[2])
	}
	if !strings.Contains(d[1], "launch") || strings.Contains(d[1], "winback") {
		t.Errorf("brand B's message:\n%s", d[1])
	}
}

func TestChangeTypesAreRouted(t *testing.T) {
	rig := newRig(t)
	rig.routed(campaign.Route{Changes: []campaign.ChangeType{campaign.BudgetChanged}}, campaign.Route{})
	r := rig.runner()
	check(t, r, false)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Status = "PAUSED"; return cs })
	rep := check(t, r, false)
	if got := delivery(t, rep, "slack"); got.Messages != 0 {
		t.Fatalf("a budget-only receiver got a status change: %+v", got)
	}
	if got := delivery(t, rep, "dingtalk"); got.Messages != 1 {
		t.Fatalf("an every-change receiver: %+v", got)
	}
}

// A 20% receiver next to a 0 receiver: two moves of 10% reach the first
// only on the second move, the second gets both; the references survive a
// new Runner (they are in the store).
func TestThresholdsAddUpPerReceiver(t *testing.T) {
	rig := newRig(t)
	rig.routed(campaign.Route{Threshold: campaign.Threshold{Percent: 20}}, campaign.Route{})
	check(t, rig.runner(), false) // spring-sale at $62.00

	for i, step := range []struct {
		budget          int64
		wantSlack, want string
	}{
		{6820, "", "US$62.00 → US$68.20"},
		{7502, "US$62.00 → US$75.02", "US$68.20 → US$75.02"},
	} {
		rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = step.budget; return cs })
		rep := check(t, rig.runner(), false)
		if len(rep.Changes) != 1 {
			t.Fatalf("move %d: the report lists %d changes, want the full list of 1", i+1, len(rep.Changes))
		}
		s, d := rig.posted()
		if !strings.Contains(d[len(d)-1], step.want) || len(d) != 2+i {
			t.Fatalf("move %d: the 0 receiver's messages %q, want %q", i+1, d, step.want)
		}
		gotSlack := delivery(t, rep, "slack").Messages
		switch {
		case step.wantSlack == "" && gotSlack != 0:
			t.Fatalf("move %d: the 20%% receiver got %q", i+1, s[len(s)-1])
		case step.wantSlack != "" && (gotSlack != 1 || !strings.Contains(s[len(s)-1], step.wantSlack)):
			t.Fatalf("move %d: the 20%% receiver's messages %q, want %q", i+1, s, step.wantSlack)
		}
	}
}

func TestQuietHoursHoldThenDeliverOnce(t *testing.T) {
	rig := newRig(t)
	rig.clock()
	// 08:00-10:00 UTC; the rig's clock starts at 09:00.
	rig.routed(campaign.Route{Quiet: &campaign.QuietHours{Start: 8 * 60, End: 10 * 60}}, campaign.Route{})
	r := rig.runner()

	rep := check(t, r, false)
	if got := delivery(t, rep, "slack"); got.Messages != 0 || got.Held != 1 {
		t.Fatalf("baseline in quiet hours: %+v, want 1 held", got)
	}
	rig.now = rig.now.Add(30 * time.Minute)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Status = "PAUSED"; return cs })
	rep = check(t, r, false)
	if got := delivery(t, rep, "slack"); got.Messages != 0 || got.Held != 2 {
		t.Fatalf("a change in quiet hours: %+v, want 2 held", got)
	}
	if got := delivery(t, rep, "dingtalk"); got.Messages != 1 || got.Held != 0 {
		t.Fatalf("a receiver without quiet hours: %+v", got)
	}
	if s, _ := rig.posted(); len(s) != 0 {
		t.Fatalf("posted in quiet hours: %q", s)
	}

	rig.now = rig.now.Add(time.Hour) // 10:30: the window has closed
	rep = check(t, r, false)
	s, _ := rig.posted()
	if got := delivery(t, rep, "slack"); got.Messages != 2 || got.Held != 0 {
		t.Fatalf("first run after the window: %+v, want 2 messages", got)
	}
	if len(s) != 2 || !strings.Contains(s[0], "is now watching") || !strings.Contains(s[1], "active → paused") {
		t.Fatalf("held messages, oldest first: %q", s)
	}
	rep = check(t, r, false)
	if got := delivery(t, rep, "slack"); got.Messages != 0 {
		t.Fatalf("delivered twice: %+v", got)
	}
}

func TestDigestGoesToDigestReceiversOverTheirChannels(t *testing.T) {
	rig := newRig(t)
	rig.clock()
	rig.routed(campaign.Route{Channels: []campaign.ChannelID{brandB}}, campaign.Route{})
	rig.opt.Receivers[1].Digest = false
	r := rig.runner()
	check(t, r, false)
	rep, err := r.SendDigest(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Digest.Channels) != 2 {
		t.Fatalf("the report's digest covers %d channels, want every one", len(rep.Digest.Channels))
	}
	if got := delivery(t, rep, "dingtalk"); got.Messages != 0 {
		t.Fatalf("a receiver without the digest got it: %+v", got)
	}
	s, _ := rig.posted()
	if len(s) != 2 || !strings.Contains(s[1], "Page 239002 (cams-b2)") || strings.Contains(s[1], "winback") || strings.Contains(s[1], "Brand A") {
		t.Fatalf("brand B's digest:\n%s", s[len(s)-1])
	}
}

// A receiver's delivery record follows its name: a new URL gets what is
// pending, and nothing already delivered; a new receiver gets no history;
// a removed one blocks nothing.
func TestRecordsFollowTheReceiversName(t *testing.T) {
	rig := newRig(t)
	ctx := context.Background()
	check(t, rig.runner(), false)

	// slack is down for a change; then its URL is rotated.
	rig.slack.Enqueue(slacktest.NoService)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Status = "PAUSED"; return cs })
	rep := check(t, rig.runner(), false)
	if delivery(t, rep, "slack").Error == "" {
		t.Fatal("slack did not fail")
	}
	rotated := slacktest.New()
	t.Cleanup(rotated.Close)
	nopt := notify.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, MaxWait: time.Second}
	labels := campaign.Route{}.Labels(rig.opt.Channels)
	sl, err := slack.New(notify.Target{Name: "slack", URL: rotated.URL()}, notify.Locale{Labels: labels}, nopt)
	if err != nil {
		t.Fatal(err)
	}
	newcomer := slacktest.New()
	t.Cleanup(newcomer.Close)
	nc, err := slack.New(notify.Target{Name: "newcomer", URL: newcomer.URL()}, notify.Locale{Labels: labels}, nopt)
	if err != nil {
		t.Fatal(err)
	}
	rig.opt.Receivers = []Receiver{everything(sl), everything(nc)} // dingtalk removed
	check(t, rig.runner(), false)
	if got := rotated.Payloads(); len(got) != 1 || !strings.Contains(string(got[0]), "paused") {
		t.Fatalf("the rotated URL got %d messages, want the pending change only", len(got))
	}
	if n := len(newcomer.Payloads()); n != 0 {
		t.Fatalf("a new receiver got %d messages of history", n)
	}
	pending, err := rig.store.PendingFor(ctx, []string{"slack", "newcomer"})
	if err != nil || len(pending["slack"])+len(pending["newcomer"]) != 0 {
		t.Fatalf("still pending: %v %v", pending, err)
	}
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Status = "AVAILABLE"; return cs })
	rep = check(t, rig.runner(), false)
	if delivery(t, rep, "newcomer").Messages != 1 || delivery(t, rep, "slack").Messages != 1 {
		t.Fatalf("after the change: %+v", rep.Notifications)
	}
}

func TestTestPostsToEachOrTheNamedReceivers(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	ctx := context.Background()
	rig.slack.Enqueue(slacktest.NoService)
	ds, err := r.Test(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Error == "" || ds[1].Messages != 1 || ds[1].Error != "" {
		t.Fatalf("test = %+v, want slack failed and dingtalk ok", ds)
	}
	if _, d := rig.posted(); len(d) != 1 || !strings.Contains(d[0], "test") {
		t.Fatalf("dingtalk got %q", d)
	}
	ds, err = r.Test(ctx, []string{"slack"})
	if err != nil || len(ds) != 1 || ds[0].Receiver != "slack" || ds[0].Messages != 1 {
		t.Fatalf("test --receiver slack = %+v, %v", ds, err)
	}
	if _, err := r.Test(ctx, []string{"nobody"}); campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "slack, dingtalk") {
		t.Fatalf("unknown receiver: %v", err)
	}
	if snap, err := rig.store.Latest(ctx); snap != nil || err != nil {
		t.Fatalf("test touched the store: %v %v", snap, err)
	}
}

// A store written before receivers had references of their own reads as
// every receiver using the check's references.
func TestStoreWithoutReceiverRefsIsRead(t *testing.T) {
	rig := newRig(t)
	ctx := context.Background()
	rig.routed(campaign.Route{Threshold: campaign.Threshold{Percent: 20}}, campaign.Route{})
	snap := &campaign.Snapshot{Generation: 1, TakenAt: rig.now.Add(-time.Hour), Campaigns: rig.src.campaigns,
		Channels:   []campaign.ChannelState{{ChannelID: brandA, Total: 2, Complete: true}, {ChannelID: brandB, Total: 1, Complete: true}},
		BudgetRefs: map[campaign.Key]int64{rig.src.campaigns[0].Key(): 5500}} // a move of 6200-5500 announced to nobody yet
	if err := rig.store.Commit(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 6800; return cs })
	rep := check(t, rig.runner(), false)
	s, d := rig.posted()
	if len(s) != 1 || !strings.Contains(s[0], "US$55.00 → US$68.00") || len(d) != 1 || !strings.Contains(d[0], "US$55.00 → US$68.00") {
		t.Fatalf("report %+v\nslack %q\ndingtalk %q", rep.Changes, s, d)
	}
}
