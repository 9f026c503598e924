package run

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// source is an in-memory campaign.Source: the CAMS client has its own tests
// against the emulator; here only what the listing says matters.
type source struct {
	mu        sync.Mutex
	campaigns []campaign.Campaign
	// incomplete, when set, marks every listing incomplete with this error.
	incomplete error
	// hidden campaigns exist but are missing from a listing by pages, as
	// when the pages shift under the listing; asked for by id, they are
	// found.
	hidden []campaign.Campaign
}

var _ campaign.Source = (*source)(nil)

func (s *source) List(_ context.Context, chs []campaign.Channel) ([]campaign.Listing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []campaign.Listing
	for _, ch := range chs {
		l := campaign.Listing{Channel: ch, Complete: s.incomplete == nil, Err: s.incomplete}
		all := s.campaigns
		if ch.Filters.CampaignID != "" {
			all = append(slices.Clone(all), s.hidden...)
		}
		for _, c := range all {
			if c.CustSpaceID == ch.CustSpaceID && c.PageID == ch.PageID &&
				(ch.Filters.CampaignID == "" || c.CampaignID == ch.Filters.CampaignID) &&
				(ch.Filters.Status == "" || c.Status == ch.Filters.Status) {
				l.Campaigns = append(l.Campaigns, c)
			}
		}
		l.Total = len(l.Campaigns)
		out = append(out, l)
	}
	return out, nil
}

func (s *source) set(fn func(cs []campaign.Campaign) []campaign.Campaign) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.campaigns = fn(s.campaigns)
}

type rig struct {
	src   *source
	store *snapshot.Store
	slack *slacktest.Server
	ding  *dingtalktest.Server
	now   time.Time
	opt   Options
	t     *testing.T
	// locs are the notifiers' locales but their labels (locale).
	locs [2]notify.Locale
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{
		src: &source{campaigns: []campaign.Campaign{
			{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233001", CampaignName: "spring-sale", Status: "AVAILABLE", Budget: 6200, BudgetType: "daily"},
			{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233002", CampaignName: "winback", Status: "AVAILABLE", Budget: 4000, BudgetType: "daily"},
			{CustSpaceID: "cams-b2", PageID: "239002", CampaignID: "233101", CampaignName: "launch", Status: "PAUSED", Budget: 500000, BudgetType: "lifetime"},
		}},
		slack: slacktest.New(),
		ding:  dingtalktest.New("SECret"),
		now:   time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC),
		t:     t,
	}
	t.Cleanup(r.slack.Close)
	t.Cleanup(r.ding.Close)
	store, err := snapshot.Open(context.Background(), "file://"+t.TempDir(), snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.store = store
	chs := []campaign.Channel{
		{ChannelID: campaign.ChannelID{CustSpaceID: "cams-a1", PageID: "239001"}, Name: "Brand A"},
		{ChannelID: campaign.ChannelID{CustSpaceID: "cams-b2", PageID: "239002"}},
	}
	r.opt = Options{Source: r.src, Store: store, Incidents: store, SetAside: store, Receivers: []Receiver{everything(nil), everything(nil)}, Channels: chs}
	r.locale(t, 0, notify.Locale{})
	r.locale(t, 1, notify.Locale{})
	return r
}

// locale (re)builds the rig's notifier i (0 Slack, 1 DingTalk) for a
// receiver of locale loc, with the labels of the channels its route takes
// (every channel before routed), as internal/app gives them.
func (r *rig) locale(t *testing.T, i int, loc notify.Locale) {
	t.Helper()
	r.locs[i] = loc
	loc.Labels = r.opt.Receivers[i].Route.Labels(r.opt.Channels)
	nopt := notify.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, MaxWait: time.Second}
	var n campaign.Notifier
	var err error
	if i == 0 {
		n, err = slack.New(notify.Target{Name: "slack", URL: r.slack.URL()}, loc, nopt)
	} else {
		n, err = dingtalk.New(notify.Target{Name: "dingtalk", URL: r.ding.URL(), Secret: "SECret"}, loc, nopt)
	}
	if err != nil {
		t.Fatal(err)
	}
	r.opt.Receivers[i].Notifier = n
}

// everything is a receiver of n that gets everything: every change past
// its route's threshold (none), the digest, the health notices and the
// guardrails, with no quiet hours.
func everything(n campaign.Notifier) Receiver {
	return Receiver{Notifier: n, Digest: true, Health: true, Guardrails: true}
}

func (r *rig) runner() *Runner { return New(r.opt) }

// posted returns every message text each fake accepted so far.
func (r *rig) posted() (slackTexts, dingTexts []string) {
	for _, p := range r.slack.Payloads() {
		slackTexts = append(slackTexts, string(p))
	}
	for _, m := range r.ding.Messages() {
		dingTexts = append(dingTexts, m.Markdown.Text)
	}
	return
}

func check(t *testing.T, r *Runner, dryRun bool) *campaign.Report {
	t.Helper()
	rep, err := r.Check(context.Background(), dryRun)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	return rep
}

func TestCheckBaselineThenChangesThenQuiet(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()

	rep := check(t, r, false)
	if !rep.Baseline || len(rep.Changes) != 0 || rep.Generation != 1 || rep.Campaigns != 3 {
		t.Fatalf("baseline report = %+v", rep)
	}
	s, d := rig.posted()
	if len(s) != 1 || len(d) != 1 || !strings.Contains(d[0], "3 campaigns in 2 channels") {
		t.Fatalf("baseline notes: slack %q, dingtalk %q", s, d)
	}

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		cs[2].Status = "AVAILABLE"
		return cs[1:] // spring-sale is gone
	})
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		return append(cs, campaign.Campaign{CustSpaceID: "cams-a1", PageID: "239001", CampaignID: "233009", CampaignName: "black-friday", Status: "AVAILABLE", Budget: 20000, BudgetType: "daily"})
	})
	rep = check(t, r, false)
	var types []string
	for _, c := range rep.Changes {
		types = append(types, string(c.Type)+":"+c.CampaignID)
	}
	want := "removed:233001,added:233009,status_changed:233101"
	if strings.Join(types, ",") != want {
		t.Fatalf("changes = %v, want %s", types, want)
	}
	s, d = rig.posted()
	if len(s) != 2 || len(d) != 2 {
		t.Fatalf("after the change: %d slack and %d dingtalk messages, want 2 each", len(s), len(d))
	}
	for _, text := range []string{s[1], d[1]} {
		for _, want := range []string{"black-friday", "paused → active", "spring-sale", "Brand A", "Page 239002 (cams-b2)"} {
			if !strings.Contains(text, want) {
				t.Errorf("message lacks %q:\n%s", want, text)
			}
		}
	}

	rep = check(t, r, false)
	if len(rep.Changes) != 0 || rep.Generation != 2 {
		t.Fatalf("quiet check: %+v", rep)
	}
	if s, d = rig.posted(); len(s) != 2 || len(d) != 2 {
		t.Fatalf("a quiet check posted: %d slack, %d dingtalk", len(s), len(d))
	}
}

func TestDryRunCommitsAndSendsNothing(t *testing.T) {
	rig := newRig(t)
	rep := check(t, rig.runner(), true)
	if !rep.DryRun || !rep.Baseline {
		t.Fatalf("report = %+v", rep)
	}
	if snap, err := rig.store.Latest(context.Background()); err != nil || snap != nil {
		t.Fatalf("dry run committed: %v %v", snap, err)
	}
	if s, d := rig.posted(); len(s)+len(d) != 0 {
		t.Fatal("dry run posted")
	}
}

func TestIncompleteListingCommitsNothingAndNextRunReportsAll(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	check(t, r, false)

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[1].Budget = 9000; return cs[:2] })
	rig.src.incomplete = campaign.Errorf(campaign.Unavailable, "page 3: HTTP 500")
	rep, err := r.Check(context.Background(), false)
	if err == nil || campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "page 3") {
		t.Fatalf("err = %v, want the listing's failure", err)
	}
	if rep == nil || len(rep.Changes) != 0 || rep.Channels[0].Complete {
		t.Fatalf("report = %+v", rep)
	}
	if snap, _ := rig.store.Latest(context.Background()); snap.Generation != 1 {
		t.Fatalf("generation %d committed after a failed listing", snap.Generation)
	}

	rig.src.incomplete = nil
	rep = check(t, r, false)
	var types []string
	for _, c := range rep.Changes {
		types = append(types, string(c.Type))
	}
	if strings.Join(types, ",") != "budget_changed,removed" {
		t.Fatalf("next good run reported %v", types)
	}
}

func TestFailedReceiverGetsTheChangeNextRunAndTheOtherNotTwice(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	check(t, r, false)

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
	rig.slack.Enqueue(slacktest.ServerError, slacktest.ServerError, slacktest.ServerError)
	rep := check(t, r, false)
	if got := rep.Notifications; len(got) != 2 || got[0].Error == "" || got[0].Messages != 0 || got[1].Error != "" || got[1].Messages != 1 {
		t.Fatalf("notifications = %+v, want slack failed and dingtalk 1 message", got)
	}
	if strings.Contains(rep.Notifications[0].Error, slacktest.New().URL()[len("http://127.0.0.1:"):]) {
		t.Fatal("the error names the webhook")
	}

	rep = check(t, r, false)
	if len(rep.Changes) != 0 {
		t.Fatalf("changes reported twice: %+v", rep.Changes)
	}
	if got := rep.Notifications; got[0].Messages != 1 || got[0].Error != "" || got[1].Messages != 0 {
		t.Fatalf("retry run notifications = %+v, want slack 1, dingtalk 0", got)
	}
	s, d := rig.posted()
	if len(s) != 2 || len(d) != 2 || !strings.Contains(s[1], "US$62.00 → US$70.00") {
		t.Fatalf("slack %q, dingtalk %d", s, len(d))
	}
}

func TestConcurrentChecksAnnounceEachChangeOnce(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 12400; return cs })

	const runs = 10
	reps := make([]*campaign.Report, runs)
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reps[i], errs[i] = rig.runner().Check(context.Background(), false)
		}()
	}
	wg.Wait()
	committed := 0
	for i := range runs {
		if errs[i] != nil {
			t.Fatalf("run %d: %v", i, errs[i])
		}
		if !reps[i].Superseded && len(reps[i].Changes) > 0 {
			committed++ // a run that began after the commit finds nothing new
		}
	}
	if committed != 1 {
		t.Fatalf("%d runs committed the change, want exactly 1", committed)
	}
	s, d := rig.posted()
	if len(s) != 2 || len(d) != 2 {
		t.Fatalf("slack got %d and dingtalk %d messages, want 2 each (baseline + the change once)", len(s), len(d))
	}
}

func TestDigestIsSentOncePerDayAndRetriedForAFailedReceiver(t *testing.T) {
	rig := newRig(t)
	clock := rig.now
	rig.opt.Now = func() time.Time { return clock }
	r := rig.runner()
	check(t, r, false)

	rig.ding.Enqueue(dingtalktest.Throttled)
	rep, err := r.SendDigest(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Digest == nil || rep.Digest.Date != "2026-11-26" || rep.Notifications[1].Error == "" {
		t.Fatalf("first digest: %+v", rep.Notifications)
	}
	clock = clock.Add(time.Hour)
	rep, err = r.SendDigest(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(rep.Notifications[0].Messages, rep.Notifications[1].Messages); got != "0 1" {
		t.Fatalf("second digest of the day posted slack, dingtalk = %s, want 0 1", got)
	}
	s, d := rig.posted()
	if len(s) != 2 || len(d) != 2 || !strings.Contains(d[1], "2026-11-26") {
		t.Fatalf("slack %d, dingtalk %d messages", len(s), len(d))
	}
}

func TestNoReceiverRefusesToSend(t *testing.T) {
	rig := newRig(t)
	rig.opt.Receivers = nil
	_, err := rig.runner().Check(context.Background(), false)
	// The configuration names the variables; a run's error names none.
	if campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "no receiver") || strings.Contains(err.Error(), "_URL") {
		t.Fatalf("err = %v", err)
	}
}

func TestBudgetCreepBelowTheThresholdIsAnnouncedOnceItAddsUp(t *testing.T) {
	rig := newRig(t)
	rig.opt.Threshold = campaign.Threshold{Percent: 10}
	for i := range rig.opt.Receivers {
		rig.opt.Receivers[i].Route.Threshold = rig.opt.Threshold
	}
	r := rig.runner()
	check(t, r, false) // spring-sale at $62.00
	for i, step := range []struct {
		budget int64
		want   string
	}{
		{6500, ""},          // +4.8%: below, remembered across the commit
		{6900, "6200→6900"}, // +11.3% since $62.00 was announced
		{7100, ""},          // +2.9% since $69.00
	} {
		rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = step.budget; return cs })
		rep := check(t, r, false)
		got := ""
		for _, c := range rep.Changes {
			got = c.Old + "→" + c.New
		}
		if got != step.want {
			t.Fatalf("step %d (%d): changes %+v, want %q", i, step.budget, rep.Changes, step.want)
		}
	}
}

// deadlineSource reports the deadline its List was given.
type deadlineSource struct {
	source
	got time.Time
}

func (s *deadlineSource) List(ctx context.Context, chs []campaign.Channel) ([]campaign.Listing, error) {
	s.got, _ = ctx.Deadline()
	return s.source.List(ctx, chs)
}

func TestListingLeavesTimeToCommitAndDeliver(t *testing.T) {
	rig := newRig(t)
	src := &deadlineSource{source: source{campaigns: rig.src.campaigns}}
	rig.opt.Source = src
	dl := time.Now().Add(time.Minute)
	ctx, cancel := context.WithDeadline(context.Background(), dl)
	defer cancel()
	if _, err := rig.runner().Check(ctx, false); err != nil {
		t.Fatal(err)
	}
	if want := dl.Add(-listReserve); !src.got.Equal(want) {
		t.Fatalf("listing deadline %v, want %v (the run's less %v)", src.got, want, listReserve)
	}
}

func TestARemovalThePagesHidIsNotAnnounced(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	check(t, r, false)

	// winback (233002) still exists, but the pages shifted past it.
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign {
		rig.src.hidden = []campaign.Campaign{cs[1]}
		return []campaign.Campaign{cs[0], cs[2]}
	})
	rep, err := r.Check(context.Background(), false)
	if campaign.KindOf(err) != campaign.Unavailable || !strings.Contains(err.Error(), "233002") || !strings.Contains(err.Error(), "shifted") {
		t.Fatalf("err = %v, want the shifted listing named", err)
	}
	if len(rep.Changes) != 0 {
		t.Fatalf("changes reported: %+v", rep.Changes)
	}
	if snap, _ := rig.store.Latest(context.Background()); snap.Generation != 1 {
		t.Fatalf("generation %d committed", snap.Generation)
	}
	if s, d := rig.posted(); len(s) != 1 || len(d) != 1 {
		t.Fatalf("posted beyond the baseline: %d slack, %d dingtalk", len(s), len(d))
	}

	// Really removed: asked for by id, it is not there either.
	rig.src.hidden = nil
	rep = check(t, r, false)
	if len(rep.Changes) != 1 || rep.Changes[0].Type != campaign.Removed || rep.Changes[0].CampaignID != "233002" {
		t.Fatalf("changes = %+v, want winback removed", rep.Changes)
	}
}
