package run

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

const asideTitle = "messages to slack were set aside"

// refusedRuns commits a budget change per run while Slack refuses the
// run's first post (and, with twice, its second too), for runs runs.
func (r *rig) refusedRuns(t *testing.T, budget *int64, runs int, twice bool) *campaign.Report {
	t.Helper()
	var rep *campaign.Report
	for range runs {
		*budget += 1000
		r.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = *budget; return cs })
		r.slack.Enqueue(slacktest.InvalidPayload)
		if twice {
			r.slack.Enqueue(slacktest.InvalidPayload)
		}
		rep = check(t, r.runner(), false)
	}
	return rep
}

// TestMessagesSetAsideAreToldOncePerIncident: the first message set aside
// for Slack opens its incident, and the health receivers get one notice
// naming Slack, the count, the refusal and what to do. A second message
// set aside before any of Slack's messages got through joins the incident
// without a notice; once one does get through, the next message set aside
// is told again.
func TestMessagesSetAsideAreToldOncePerIncident(t *testing.T) {
	for name, newRig := range healthRigs(t) {
		t.Run(name, func(t *testing.T) {
			rig := newRig(t)
			rig.ding.SetLimit(1000)
			check(t, rig.runner(), false)
			budget := int64(6200)
			// Runs 1-3 refuse alert A; run 3 sets it aside and its next
			// post (alert B) is refused too, so nothing gets through.
			rig.refusedRuns(t, &budget, setAsideRuns-1, false)
			if d := delivery(t, rig.refusedRuns(t, &budget, 1, true), "slack"); d.SetAside != 1 || d.Messages != 0 {
				t.Fatalf("run %d: Slack's delivery %+v, want A set aside and B refused", setAsideRuns, d)
			}
			// Runs 4-5 refuse B: run 5 sets it aside, in the same incident.
			rig.refusedRuns(t, &budget, 1, false)
			if d := delivery(t, rig.refusedRuns(t, &budget, 1, false), "slack"); d.SetAside != 1 || d.Messages == 0 {
				t.Fatalf("run %d: Slack's delivery %+v, want B set aside and the rest delivered", setAsideRuns+2, d)
			}
			check(t, rig.runner(), false)
			if s, d := rig.notices(asideTitle); s != 1 || d != 1 {
				t.Fatalf("two messages set aside in one incident: Slack got %d notices, DingTalk %d; want 1 each", s, d)
			}
			_, dt := rig.posted()
			var notice string
			for _, m := range dt {
				if strings.Contains(m, asideTitle) {
					notice = m
				}
			}
			for _, want := range []string{"refused one message to slack again and again", "Messages set aside**: 1", "Times refused**: 3",
				"invalid_payload", "What to check first", "set aside too, without another notice"} {
				if !strings.Contains(notice, want) {
					t.Errorf("the notice lacks %q:\n%s", want, notice)
				}
			}
			// Slack's later messages got through: the incident ended, and
			// the next message set aside opens a new one.
			rig.refusedRuns(t, &budget, setAsideRuns, false)
			check(t, rig.runner(), false)
			if s, _ := rig.notices(asideTitle); s != 2 {
				t.Fatalf("a message set aside after Slack's messages flowed again: Slack got %d notices in all, want 2", s)
			}
			// DingTalk's own pacing (20 a minute) holds its copy for a
			// later run; it is owed all the same.
			if _, d := rig.notices(asideTitle); d != 2 && !rig.owes(t, "dingtalk", healthAlertID(asideKind("slack"), 2, campaign.HealthFailing)) {
				t.Fatalf("DingTalk got %d notices and is not owed the second", d)
			}
			asides, err := rig.store.SetAsides(context.Background())
			if err != nil || len(asides) != 3 {
				t.Fatalf("set aside: %d, %v; want 3", len(asides), err)
			}
		})
	}
}

// owes reports whether receiver is owed the alert id.
func (r *rig) owes(t *testing.T, receiver, id string) bool {
	t.Helper()
	pending, err := r.store.PendingFor(context.Background(), []string{receiver})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range pending[receiver] {
		if a.ID == id {
			return true
		}
	}
	return false
}

// TestOverlappingRunsTellASetAsideOnce: ten runs set messages of Slack
// aside at once; one notice is queued, and the incident counts all ten.
func TestOverlappingRunsTellASetAsideOnce(t *testing.T) {
	for name, newRig := range healthRigs(t) {
		t.Run(name, func(t *testing.T) {
			rig := newRig(t)
			r := rig.runner()
			rc := r.receivers[0]
			at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
			var wg sync.WaitGroup
			for i := range 10 {
				wg.Go(func() {
					r.asideOpened(context.Background(), rc, campaign.SetAside{AlertID: "g" + string(rune('a'+i)), Receiver: "slack", At: at,
						Refusals: []campaign.Refusal{{At: at.Add(-time.Hour), RunID: "r1", Error: "Slack refused the message: HTTP 400 invalid_payload"}}})
				})
			}
			wg.Wait()
			pending, err := rig.store.PendingFor(context.Background(), []string{"dingtalk"})
			if err != nil {
				t.Fatal(err)
			}
			var notices []*campaign.Alert
			for _, a := range pending["dingtalk"] {
				if a.Health != nil && a.Health.Kind == campaign.HealthAside {
					notices = append(notices, a)
				}
			}
			if len(notices) != 1 || notices[0].Health.Receiver != "slack" {
				t.Fatalf("queued %d notices of messages set aside (%+v), want 1 naming slack", len(notices), notices)
			}
			cur, _, err := rig.store.Streaks(context.Background(), asideKind("slack"))
			if err != nil || len(cur.Failures) != 10 || !cur.Incident {
				t.Fatalf("incident log: %d set aside, incident %v, %v; want 10 and the incident opened", len(cur.Failures), cur.Incident, err)
			}
		})
	}
}
