package run

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// healthRigs returns a rig on the file:// store and one on the OSS fake.
func healthRigs(t *testing.T) map[string]func(t *testing.T) *rig {
	return map[string]func(t *testing.T) *rig{
		"file": newRig,
		"oss": func(t *testing.T) *rig {
			r := newRig(t)
			fake := ossfake.New("cw-health")
			t.Cleanup(fake.Close)
			s, err := snapshot.Open(context.Background(), "oss://cw-health/cw", snapshot.Options{
				Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
			if err != nil {
				t.Fatal(err)
			}
			r.store, r.opt.Store, r.opt.Incidents, r.opt.SetAside = s, s, s, s
			return r
		},
	}
}

// notices counts the messages each fake got whose text contains s.
func (r *rig) notices(s string) (slackN, dingN int) {
	sl, dt := r.posted()
	for _, m := range sl {
		if strings.Contains(m, s) {
			slackN++
		}
	}
	for _, m := range dt {
		if strings.Contains(m, s) {
			dingN++
		}
	}
	return
}

const (
	failingTitle   = "campaign checks are failing"
	recoveredTitle = "campaign checks work again"
)

var errAPIDown = campaign.Errorf(campaign.Unavailable, "ServiceUnavailable: the CAMS API answered 503")

func failCheck(t *testing.T, r *Runner) *campaign.Report {
	t.Helper()
	rep, err := r.Check(context.Background(), false)
	if err == nil {
		t.Fatal("check succeeded; want it to fail")
	}
	if rep == nil || rep.Error == "" {
		t.Fatalf("a failed check answered report %+v; want one with the error", rep)
	}
	return rep
}

func TestHealthFailingThenRecovered(t *testing.T) {
	for name, newRig := range healthRigs(t) {
		t.Run(name, func(t *testing.T) {
			rig := newRig(t)
			r := rig.runner()
			check(t, r, false)
			rig.src.incomplete = errAPIDown
			for i := 1; i <= 4; i++ {
				failCheck(t, r)
				want := 0
				if i >= failuresInARow {
					want = 1
				}
				if s, d := rig.notices(failingTitle); s != want || d != want {
					t.Fatalf("after %d failed runs: slack got %d failing notices, dingtalk %d; want %d each", i, s, d, want)
				}
			}
			sl, _ := rig.posted()
			failing := sl[len(sl)-1]
			for _, want := range []string{"4 failed runs", "3 failed runs in a row", "ServiceUnavailable", "CAMS API's own status"} {
				if strings.Contains(failing, want) != (want != "4 failed runs") {
					t.Errorf("failing notice and %q: %s", want, failing)
				}
			}
			rig.src.incomplete = nil
			rep := check(t, r, false)
			if s, d := rig.notices(recoveredTitle); s != 1 || d != 1 {
				t.Fatalf("after the recovery: slack got %d recovered notices, dingtalk %d; want 1 each (in the run that recovered)", s, d)
			}
			if rep.Notifications[0].Messages != 1 {
				t.Errorf("the recovering run's report shows %+v; want the notice counted", rep.Notifications)
			}
			if _, d := rig.posted(); !strings.Contains(d[len(d)-1], "after 4 failed runs") {
				t.Errorf("recovered notice: %s", d[len(d)-1])
			}
			check(t, r, false)
			if s, d := rig.notices(recoveredTitle); s != 1 || d != 1 {
				t.Errorf("a later success sent more recovered notices: %d, %d", s, d)
			}
			// The next incident is a new one: announced again.
			rig.src.incomplete = errAPIDown
			for range failuresInARow {
				failCheck(t, r)
			}
			if s, d := rig.notices(failingTitle); s != 2 || d != 2 {
				t.Errorf("a second incident: %d, %d failing notices in all; want 2 each", s, d)
			}
		})
	}
}

func TestHealthOverlappingFailuresAnnounceOnce(t *testing.T) {
	for name, newRig := range healthRigs(t) {
		t.Run(name, func(t *testing.T) {
			rig := newRig(t)
			rig.ding.SetLimit(1000)
			r := rig.runner()
			check(t, r, false)
			rig.src.incomplete = errAPIDown
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() { _, _ = r.Check(context.Background(), false) })
			}
			wg.Wait()
			failCheck(t, r) // delivers whatever a run that lost a claim left
			if s, d := rig.notices(failingTitle); s != 1 || d != 1 {
				t.Fatalf("10 overlapping failed runs (and one more): slack got %d failing notices, dingtalk %d; want 1 each", s, d)
			}
			cur, _, err := rig.store.Streaks(context.Background(), campaign.ModeCheck)
			if err != nil || len(cur.Failures) != 11 || !cur.Incident {
				t.Fatalf("incident log: %d failures, incident %v, %v; want 11 and an incident", len(cur.Failures), cur.Incident, err)
			}
		})
	}
}

func TestHealthAnHourWithoutASuccessIsAnnounced(t *testing.T) {
	rig := newRig(t)
	clock := rig.now
	rig.opt.Now = func() time.Time { return clock }
	r := rig.runner()
	check(t, r, false)
	rig.src.incomplete = errAPIDown
	failCheck(t, r)
	clock = clock.Add(noSuccessFor)
	failCheck(t, r)
	if s, d := rig.notices(failingTitle); s != 1 || d != 1 {
		t.Fatalf("two failed checks an hour apart: %d, %d failing notices; want 1 each", s, d)
	}
}

func TestAFailedListingStillDeliversWhatIsPending(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	rig.ding.Enqueue(dingtalktest.Throttled)
	rep := check(t, r, false)
	if rep.Notifications[1].Error == "" {
		t.Fatalf("the baseline reached dingtalk: %+v", rep.Notifications)
	}
	rig.src.incomplete = errAPIDown
	rep = failCheck(t, r)
	if len(rep.Notifications) != 2 || rep.Notifications[1].Messages != 1 || rep.Notifications[1].Error != "" {
		t.Fatalf("the failed run's deliveries: %+v; want the pending baseline delivered to dingtalk", rep.Notifications)
	}
	if _, d := rig.posted(); len(d) != 1 || !strings.Contains(d[0], "now watching") {
		t.Fatalf("dingtalk got %q", d)
	}
}

// failingDigest is the real store whose history cannot be read: the
// digest fails while checks succeed.
type failingDigest struct{ *snapshot.Store }

func (s failingDigest) AsOf(context.Context, time.Time) (*campaign.Snapshot, error) {
	return nil, campaign.StoreError(campaign.Errorf(campaign.Unavailable, "oss://cw/gen/: 503 ServiceUnavailable"))
}

func TestHealthDigestFailingWhileChecksSucceed(t *testing.T) {
	rig := newRig(t)
	rig.opt.Store = failingDigest{rig.store}
	rig.opt.Incidents = failingDigest{rig.store}
	r := rig.runner()
	for range failuresInARow {
		check(t, r, false)
		if _, err := r.SendDigest(context.Background(), false); err == nil {
			t.Fatal("digest succeeded")
		}
	}
	if s, d := rig.notices("the daily digest is failing"); s != 1 || d != 1 {
		t.Fatalf("3 failed digests: %d, %d digest notices; want 1 each", s, d)
	}
	if s, _ := rig.notices(failingTitle); s != 0 {
		t.Errorf("checks succeeded but %d check notices went out", s)
	}
	if _, d := rig.posted(); !strings.Contains(d[len(d)-1], "snapshot bucket") {
		t.Errorf("a store failure should point at the bucket: %s", d[len(d)-1])
	}
}

func TestHealthReceiverWithHealthOffGetsNoNotice(t *testing.T) {
	rig := newRig(t)
	sl, dt := rig.opt.Receivers[0].Notifier, rig.opt.Receivers[1].Notifier
	rig.opt.Receivers = []Receiver{
		{Notifier: sl, Digest: true, Health: true},
		{Notifier: dt, Digest: true, Health: false},
	}
	r := rig.runner()
	check(t, r, false)
	rig.src.incomplete = errAPIDown
	for range failuresInARow {
		failCheck(t, r)
	}
	if s, d := rig.notices(failingTitle); s != 1 || d != 0 {
		t.Fatalf("slack (health on) got %d, dingtalk (health off) %d failing notices; want 1 and 0", s, d)
	}
}

// brokenStore is a store whose every call fails, as when the bucket is
// gone.
type brokenStore struct{ *snapshot.Store }

var errBucketGone = campaign.StoreError(campaign.Errorf(campaign.NotFound, "oss://cw-gone: NoSuchBucket: the specified bucket does not exist"))

func (brokenStore) LatestGeneration(context.Context) (int64, error) { return 0, errBucketGone }
func (brokenStore) Streaks(context.Context, string) (campaign.Streak, campaign.Streak, error) {
	return campaign.Streak{}, campaign.Streak{}, errBucketGone
}
func (brokenStore) PendingFor(context.Context, []string) (map[string][]*campaign.Alert, error) {
	return nil, errors.New("PendingFor must not be called when the store failed")
}

func TestHealthStoreGonePostsDirectlyOncePerProcess(t *testing.T) {
	rig := newRig(t)
	rig.opt.Store = brokenStore{rig.store}
	rig.opt.Incidents = brokenStore{rig.store}
	r := rig.runner()
	for range 3 {
		failCheck(t, r)
	}
	if s, d := rig.notices(failingTitle); s != 1 || d != 1 {
		t.Fatalf("3 runs against a gone bucket: %d, %d direct notices; want 1 each", s, d)
	}
	if _, d := rig.posted(); !strings.Contains(d[0], "snapshot bucket") || !strings.Contains(d[0], "posted directly") {
		t.Errorf("direct notice: %s", d[0])
	}
}

// killedBeforeTheMark is a incident log whose OpenIncident never lands, as
// when the run that queued the failing notice is killed before it marks
// the incident.
type killedBeforeTheMark struct{ campaign.IncidentLog }

func (killedBeforeTheMark) OpenIncident(context.Context, string, int) error {
	return errors.New("the run was killed before it marked the incident")
}

// TestHealthRecoveredAfterARunKilledBeforeTheMark: a run queues the
// failing notice and dies before it writes the incident mark; a success
// then ends the streak. The failing notice went out (the outbox delivers
// it), so the success owes the recovered notice: it finds the notice in
// the outbox though the mark is missing.
func TestHealthRecoveredAfterARunKilledBeforeTheMark(t *testing.T) {
	for name, newRig := range healthRigs(t) {
		t.Run(name, func(t *testing.T) {
			rig := newRig(t)
			rig.opt.Incidents = killedBeforeTheMark{rig.store}
			r := rig.runner()
			check(t, r, false)
			rig.src.incomplete = errAPIDown
			for range failuresInARow {
				failCheck(t, r)
			}
			if s, d := rig.notices(failingTitle); s != 1 || d != 1 {
				t.Fatalf("failing notices: %d, %d; want 1 each", s, d)
			}
			if opened, err := rig.store.HasIncident(context.Background(), campaign.ModeCheck, 1); err != nil || opened {
				t.Fatalf("the incident mark exists (%v, %v): the test does not test the kill", opened, err)
			}
			rig.src.incomplete = nil
			check(t, r, false)
			if s, d := rig.notices(recoveredTitle); s != 1 || d != 1 {
				t.Fatalf("after the recovery: %d, %d recovered notices; want 1 each", s, d)
			}
			check(t, r, false)
			if s, d := rig.notices(recoveredTitle); s != 1 || d != 1 {
				t.Errorf("a later success sent more recovered notices: %d, %d", s, d)
			}
		})
	}
}

// TestHealthNoticesAreHeldByQuietHours: quiet hours hold every message,
// health notices included: the failing notice waits, counted as held, and
// goes out on the first run after the window closes, once.
func TestHealthNoticesAreHeldByQuietHours(t *testing.T) {
	rig := newRig(t)
	rig.clock()
	rig.routed(campaign.Route{Quiet: &campaign.QuietHours{Start: 8 * 60, End: 10 * 60}}, campaign.Route{}) // 08:00-10:00 UTC; the clock is at 09:00
	for i := range rig.opt.Receivers {
		rig.opt.Receivers[i].Health = true
	}
	r := rig.runner()
	rig.now = rig.now.Add(-2 * time.Hour) // 07:00: the baseline goes out
	check(t, r, false)
	rig.now = rig.now.Add(2 * time.Hour)
	rig.src.incomplete = errAPIDown
	var rep *campaign.Report
	for range failuresInARow {
		rep = failCheck(t, r)
	}
	if got := delivery(t, rep, "slack"); got.Messages != 0 || got.Held != 1 {
		t.Fatalf("the failing notice in quiet hours: %+v; want 1 held", got)
	}
	if s, d := rig.notices(failingTitle); s != 0 || d != 1 {
		t.Fatalf("failing notices: slack (quiet) %d, dingtalk %d; want 0 and 1", s, d)
	}
	rig.now = rig.now.Add(90 * time.Minute) // 10:30: the window has closed
	rep = failCheck(t, r)
	if got := delivery(t, rep, "slack"); got.Messages != 1 || got.Held != 0 {
		t.Fatalf("the first run after the window: %+v; want the held notice delivered", got)
	}
	failCheck(t, r)
	if s, d := rig.notices(failingTitle); s != 1 || d != 1 {
		t.Fatalf("failing notices in all: %d, %d; want 1 each", s, d)
	}
}

// TestARecoveringRunDeliversInOnePass: the run that recovers records its
// success before it delivers, so the recovered notice goes out in the
// run's one delivery pass. Slack is down from the failing notice on: the
// recovering run tries it once (the failing notice first, and stops
// there, as any run does), the same number of requests as the run that
// queued the failing notice; it used to deliver, then record, then
// deliver a second time, knocking at the failing service twice.
func TestARecoveringRunDeliversInOnePass(t *testing.T) {
	rig := newRig(t)
	r := rig.runner()
	check(t, r, false)
	rig.src.incomplete = errAPIDown
	for range failuresInARow - 1 {
		failCheck(t, r)
	}
	down := make([]slacktest.Response, 200)
	for i := range down {
		down[i] = slacktest.ServerError
	}
	rig.slack.Enqueue(down...)
	before := rig.slack.Requests()
	failCheck(t, r) // queues the failing notice; Slack refuses it
	perPass := rig.slack.Requests() - before
	if perPass == 0 {
		t.Fatal("the failing notice was not tried on Slack")
	}
	rig.src.incomplete = nil
	before = rig.slack.Requests()
	rep := check(t, r, false)
	if got := rig.slack.Requests() - before; got != perPass {
		t.Errorf("the recovering run sent Slack %d requests; want %d, one delivery pass as in the failing run", got, perPass)
	}
	if d := delivery(t, rep, "slack"); d.Error == "" || d.Messages != 0 {
		t.Errorf("slack in the recovering run's report: %+v; want its error, nothing sent", d)
	}
	if s, d := rig.notices(recoveredTitle); s != 0 || d != 1 {
		t.Errorf("recovered notices: slack %d, dingtalk %d; want 0 (down), 1", s, d)
	}
}

// TestDetachedIsBoundedByTheRunsDeadline: the bookkeeping a run owes
// outlives the run's cancellation, but not its deadline: it ends at the
// earlier of the two bounds.
func TestDetachedIsBoundedByTheRunsDeadline(t *testing.T) {
	near := time.Now().Add(5 * time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), near)
	cancel()
	dctx, stop := Detached(ctx, healthTimeout)
	defer stop()
	if dl, ok := dctx.Deadline(); dctx.Err() != nil || !ok || !dl.Equal(near) {
		t.Fatalf("detached from a cancelled run 5s from its deadline: err %v, deadline %v (%v); want alive until the run's deadline %v", dctx.Err(), dl, ok, near)
	}
	far, stopFar := Detached(context.Background(), healthTimeout)
	defer stopFar()
	if dl, ok := far.Deadline(); !ok || time.Until(dl) > healthTimeout || time.Until(dl) <= 0 {
		t.Fatalf("detached from a run without a deadline: deadline %v (%v); want %s from now", dl, ok, healthTimeout)
	}
}
