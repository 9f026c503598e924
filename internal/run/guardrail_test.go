package run

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func guardedRig(t *testing.T, rules ...campaign.Guardrail) *rig {
	t.Helper()
	rig := newRig(t)
	rig.clock()
	rig.routed(campaign.Route{}, campaign.Route{})
	for i := range rig.opt.Receivers {
		rig.opt.Receivers[i].Guardrails = true
	}
	rig.opt.Guardrails = rules
	rig.opt.Silences = rig.store
	return rig
}

func firing(rep *campaign.Report) (open, resolved int) {
	for _, e := range rep.Guardrails {
		if e.State == campaign.StateFiring {
			open++
		} else {
			resolved++
		}
	}
	return open, resolved
}

// A cap crossed in small steps, each below the change threshold, opens one
// incident; it stays quiet while breached and resolves once.
func TestGuardrailOpensOnceAndResolvesOnce(t *testing.T) {
	rule := campaign.Guardrail{Name: "brand-a-cap", Channels: []campaign.ChannelID{brandA}, BudgetType: "daily",
		Condition: campaign.CampaignBudgetAbove, Limit: 7000}
	rig := guardedRig(t, rule)
	rig.opt.Threshold = campaign.Threshold{Percent: 50}
	for i := range rig.opt.Receivers {
		rig.opt.Receivers[i].Route.Threshold = rig.opt.Threshold
	}
	check(t, rig.runner(), false) // baseline: spring-sale at $62.00
	steps := []int64{6600, 6900, 7100, 7300, 6900}
	var reps []*campaign.Report
	for _, b := range steps {
		rig.now = rig.now.Add(10 * time.Minute)
		rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = b; return cs })
		reps = append(reps, check(t, rig.runner(), false))
	}
	for i, want := range [][2]int{{0, 0}, {0, 0}, {1, 0}, {0, 0}, {0, 1}} {
		if o, r := firing(reps[i]); o != want[0] || r != want[1] {
			t.Fatalf("step %d (%d): %d opened, %d resolved; want %v (report %+v)", i, steps[i], o, r, want, reps[i].Guardrails)
		}
	}
	if len(reps[2].Changes) != 0 {
		t.Fatalf("the steps stay below the 50%% threshold, yet the report has changes %+v", reps[2].Changes)
	}
	s, d := rig.posted()
	var guard []string
	for _, m := range s {
		if strings.Contains(m, "brand-a-cap") {
			guard = append(guard, m)
		}
	}
	if len(guard) != 2 || len(d) != len(s) {
		t.Fatalf("slack got %d guardrail messages (want 2: breached, resolved), dingtalk %d messages vs slack %d:\n%s", len(guard), len(d), len(s), strings.Join(s, "\n---\n"))
	}
	for _, want := range []string{"Guardrail breached: brand-a-cap", "spring-sale (233001) in Brand A: daily budget US$71.00, above the cap of US$70.00", "Breached since"} {
		if !strings.Contains(guard[0], want) {
			t.Errorf("breached message lacks %q:\n%s", want, guard[0])
		}
	}
	for _, want := range []string{"Guardrail back within bounds: brand-a-cap", "daily budget US$69.00, back within the cap of US$70.00", "Lasted", "20 min"} {
		if !strings.Contains(guard[1], want) {
			t.Errorf("resolved message lacks %q:\n%s", want, guard[1])
		}
	}
}

// An edited rule resolves its incident silently; a removed campaign
// resolves with a message; the baseline evaluates too.
func TestGuardrailEditedRuleAndRemovedCampaign(t *testing.T) {
	total := campaign.Guardrail{Name: "brand-a-total", Channels: []campaign.ChannelID{brandA}, BudgetType: "daily",
		Condition: campaign.TotalBudgetAbove, Limit: 10000, Urgent: true}
	rig := guardedRig(t, total)
	rep := check(t, rig.runner(), false) // baseline: 6200+4000 = 10200 > 10000
	if o, _ := firing(rep); o != 1 || rep.Guardrails[0].Value != 10200 {
		t.Fatalf("baseline opened %+v", rep.Guardrails)
	}
	s, _ := rig.posted()
	if len(s) != 2 || !strings.Contains(s[1], "active daily budgets add up to US$102.00, above the cap of US$100.00") {
		t.Fatalf("baseline messages %q", s)
	}
	// Edit the limit: the old incident resolves silently, the new one opens.
	rig.opt.Guardrails[0].Limit = 9000
	rig.now = rig.now.Add(time.Hour)
	rep = check(t, rig.runner(), false)
	if o, r := firing(rep); o != 1 || r != 0 {
		t.Fatalf("edited rule: %+v", rep.Guardrails)
	}
	// Remove the rule: resolves silently, nothing sent, committed all the same.
	rig.opt.Guardrails = nil
	rig.now = rig.now.Add(time.Hour)
	before, _ := rig.posted()
	rep = check(t, rig.runner(), false)
	after, _ := rig.posted()
	if len(rep.Guardrails) != 0 || len(after) != len(before) {
		t.Fatalf("a removed rule: report %+v, %d messages sent", rep.Guardrails, len(after)-len(before))
	}
	latest, err := rig.store.Latest(t.Context())
	if err != nil || len(latest.Incidents) != 0 {
		t.Fatalf("the removed rule's incident is still open: %+v, %v", latest.Incidents, err)
	}
}
