package run

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

func TestAMessageRefusedRunAfterRunIsSetAsideAndTheLaterOnesFlow(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)
	budget := int64(6200)
	for run := 1; run <= setAsideRuns; run++ {
		budget += 1000
		rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = budget; return cs })
		rig.slack.Enqueue(slacktest.InvalidPayload) // the oldest alert, every time
		rep := check(t, rig.runner(), false)
		d := delivery(t, rep, "slack")
		if run < setAsideRuns {
			if d.Error == "" || d.SetAside != 0 || d.Messages != 0 {
				t.Fatalf("run %d: Slack's delivery %+v, want the refusal reported and nothing set aside yet", run, d)
			}
			continue
		}
		if d.Error != "" || d.SetAside != 1 || d.Messages != setAsideRuns-1 {
			t.Fatalf("run %d: Slack's delivery %+v, want the refused alert set aside and the %d later ones delivered", run, d, setAsideRuns-1)
		}
	}
	moves := rig.slackMoves()
	if len(moves) != 2 || !strings.HasPrefix(moves[0], "US$72.00 → US$82.00") || !strings.HasPrefix(moves[1], "US$82.00 → US$92.00") {
		t.Fatalf("Slack got %q, want the two later moves, in order", moves)
	}
	asides, err := rig.store.SetAsides(context.Background())
	if err != nil || len(asides) != 1 {
		t.Fatalf("set aside: %+v, %v; want the one refused alert", asides, err)
	}
	if a := asides[0]; a.Receiver != "slack" || a.Changes != 1 || len(a.Refusals) != setAsideRuns || !strings.Contains(a.Refusals[0].Error, "invalid_payload") {
		t.Fatalf("the record kept: %+v", a)
	}
	// The next run delivers the notice of the message set aside (queued
	// while the run that set it aside delivered), and only that.
	if rep := check(t, rig.runner(), false); delivery(t, rep, "slack").Messages != 1 || len(rig.slackMoves()) != 2 {
		t.Fatalf("Slack's delivery %+v, moves %q: want the notice alone, the message set aside not posted again", delivery(t, rep, "slack"), rig.slackMoves())
	}
	if s, d := rig.notices(asideTitle); s != 1 || d != 1 {
		t.Fatalf("notices of the message set aside: Slack %d, DingTalk %d; want 1 each", s, d)
	}
}

func TestARefusedReceiverSetsNothingAside(t *testing.T) {
	rig := newRig(t)
	check(t, rig.runner(), false)
	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
	for run := 1; run <= setAsideRuns+1; run++ {
		rig.slack.Enqueue(slacktest.NoService) // the webhook was revoked: every message would meet it
		if d := delivery(t, check(t, rig.runner(), false), "slack"); d.Error == "" || d.SetAside != 0 {
			t.Fatalf("run %d: Slack's delivery %+v, want its error and nothing set aside", run, d)
		}
	}
	if asides, _ := rig.store.SetAsides(context.Background()); len(asides) != 0 {
		t.Fatalf("set aside: %+v", asides)
	}
}
