package notifytest

import (
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// PublicURL is the public URL (PUBLIC_URL) of the linked golden files.
const PublicURL = "https://watch.example.com"

// LinkedAlerts are the messages that name campaigns, for a receiver
// reading language in zone whose messages link them to the dashboard
// under PublicURL: a change alert, the guardrail incidents opened, and
// the digest with two incidents still open ("changes-linked",
// "guardrail-breached-linked", "digest-linked").
func LinkedAlerts(language string, zone *time.Location) []GoldenAlert {
	digest := DigestAlert()
	for _, e := range guardrailEvents()[:2] {
		digest.Digest.Guardrails = append(digest.Digest.Guardrails, e.Incident)
	}
	out := []GoldenAlert{
		{Name: "changes-linked", Alert: ChangesAlert()},
		{Name: "guardrail-breached-linked", Alert: GuardrailBreachedAlert()},
		{Name: "digest-linked", Alert: digest},
	}
	for i := range out {
		out[i].Locale = notify.Locale{Language: language, Zone: zone, Labels: Labels(), PublicURL: PublicURL}
	}
	return out
}

// CampaignURL is the dashboard page of a campaign of the fixture under
// PublicURL, as the linked golden files show it.
func CampaignURL(ch campaign.ChannelID, id string) string {
	return PublicURL + "/ui/campaigns/" + ch.CustSpaceID + "/" + ch.PageID + "/" + id
}
