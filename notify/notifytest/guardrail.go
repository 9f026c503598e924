package notifytest

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// guardrailEvents are the fixture's incidents: a campaign over its cap, a
// channel's total over its cap, and a channel gone dark.
func guardrailEvents() []campaign.GuardrailEvent {
	since := At.Add(-2*time.Hour - 10*time.Minute)
	return []campaign.GuardrailEvent{
		{Incident: campaign.Incident{Rule: "brand-a-campaign-cap", Fingerprint: "a1b2c3d4e5f6", Condition: campaign.CampaignBudgetAbove,
			BudgetType: campaign.BudgetDaily, CustSpaceID: ChannelA.CustSpaceID, PageID: ChannelA.PageID, CampaignID: "233001",
			CampaignName: "spring-sale", Value: 80000, Limit: 50000, Since: since}, State: campaign.StateFiring},
		{Incident: campaign.Incident{Rule: "brand-a-total", Fingerprint: "b2c3d4e5f6a1", Condition: campaign.TotalBudgetAbove,
			BudgetType: campaign.BudgetDaily, CustSpaceID: ChannelA.CustSpaceID, PageID: ChannelA.PageID,
			Channels: []campaign.ChannelID{ChannelA}, Value: 612300, Limit: 500000, Since: since}, State: campaign.StateFiring},
		{Incident: campaign.Incident{Rule: "brand-b-dark", Fingerprint: "c3d4e5f6a1b2", Condition: campaign.ActiveCampaignsBelow,
			BudgetType: campaign.BudgetDaily, CustSpaceID: ChannelB.CustSpaceID, PageID: ChannelB.PageID,
			Channels: []campaign.ChannelID{ChannelB}, Value: 0, Limit: 1, Since: since}, State: campaign.StateFiring},
	}
}

// GuardrailBreachedAlert is a guardrail alert that opens the fixture's
// three incidents.
func GuardrailBreachedAlert() *campaign.Alert {
	es := guardrailEvents()
	for i := range es {
		es[i].Since = At
	}
	return &campaign.Alert{ID: "g43", Kind: campaign.AlertGuardrail, Generation: 43, At: At, RunID: "run-0043",
		Guardrails: es}
}

// GuardrailResolvedAlert resolves them 2 h 10 min after they opened: the
// campaign back within its cap, the total too, and a lifetime-capped
// campaign removed.
func GuardrailResolvedAlert() *campaign.Alert {
	es := guardrailEvents()[:2]
	es[0].Value, es[1].Value = 45000, 498000
	gone := guardrailEvents()[0]
	gone.Rule, gone.CampaignID, gone.CampaignName, gone.BudgetType = "brand-b-lifetime-cap", "233102", "evergreen", campaign.BudgetLifetime
	gone.CustSpaceID, gone.PageID, gone.Value, gone.Limit, gone.Gone = ChannelB.CustSpaceID, ChannelB.PageID, 0, 2000000, true
	es = append(es, gone)
	for i := range es {
		es[i].State, es[i].Until = campaign.StateResolved, At
	}
	return &campaign.Alert{ID: "g44", Kind: campaign.AlertGuardrail, Generation: 44, At: At, RunID: "run-0044",
		Guardrails: es}
}

// GuardrailAlerts are the guardrail messages the golden files show, for a
// receiver reading language in zone: incidents opened, then resolved.
func GuardrailAlerts(language string, zone *time.Location) []GoldenAlert {
	out := []GoldenAlert{{Name: "guardrail-breached", Alert: GuardrailBreachedAlert()}, {Name: "guardrail-resolved", Alert: GuardrailResolvedAlert()}}
	for i := range out {
		out[i].Locale = notify.Locale{Language: language, Zone: zone, Labels: Labels()}
	}
	return out
}
