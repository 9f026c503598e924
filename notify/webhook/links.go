package webhook

import (
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// With a public URL (PUBLIC_URL), each object of the body that names a
// campaign carries "url", the address of the campaign's dashboard page,
// beside the campaign's fields, and a digest's body carries "url", the
// dashboard's overview. Without one the body is as it always was.

// change is a change with its campaign's page.
type change struct {
	campaign.Change
	URL string `json:"url,omitempty"`
}

// event is a guardrail incident with its campaign's page (a rule on one
// campaign; a rule on channels names none).
type event struct {
	campaign.GuardrailEvent
	URL string `json:"url,omitempty"`
}

// linkedCampaign is a campaign of the digest with its page.
type linkedCampaign struct {
	campaign.Campaign
	URL string `json:"url"`
}

// group is a digest's changes of one type, each with its page.
type group struct {
	Type    campaign.ChangeType `json:"type"`
	Changes []change            `json:"changes"`
}

// incident is an open guardrail incident of the digest with its
// campaign's page.
type incident struct {
	campaign.Incident
	URL string `json:"url,omitempty"`
}

// digest is a digest whose campaigns carry their pages: the fields of
// campaign.Digest, its campaigns' lists replaced by these.
type digest struct {
	*campaign.Digest
	TopDaily    []linkedCampaign `json:"topDaily"`
	TopLifetime []linkedCampaign `json:"topLifetime"`
	Changes     []group          `json:"changes"`
	Guardrails  []incident       `json:"guardrails,omitempty"`
}

func keyOf(cs, page, id string) campaign.Key {
	return campaign.Key{CustSpaceID: cs, PageID: page, CampaignID: id}
}

// changes are cs, each with its page under base ("" for none).
func changes(cs []campaign.Change, base string) []change {
	out := make([]change, len(cs))
	for i, c := range cs {
		out[i] = change{Change: c, URL: notify.CampaignURL(base, keyOf(c.CustSpaceID, c.PageID, c.CampaignID))}
	}
	return out
}

// incidentURL is the page of an incident's campaign; "" for a rule on
// channels.
func incidentURL(in campaign.Incident, base string) string {
	if in.CampaignID == "" {
		return ""
	}
	return notify.CampaignURL(base, keyOf(in.CustSpaceID, in.PageID, in.CampaignID))
}

// digestBody is d as the body carries it: d itself without a public URL,
// else d with each campaign's page.
func digestBody(d *campaign.Digest, base string) any {
	if d == nil {
		return nil
	}
	if base == "" {
		return d
	}
	out := &digest{Digest: d, TopDaily: campaigns(d.TopDaily, base), TopLifetime: campaigns(d.TopLifetime, base)}
	out.Changes = make([]group, len(d.Changes))
	for i, g := range d.Changes {
		out.Changes[i] = group{Type: g.Type, Changes: changes(g.Changes, base)}
	}
	for _, in := range d.Guardrails {
		out.Guardrails = append(out.Guardrails, incident{Incident: in, URL: incidentURL(in, base)})
	}
	return out
}

func campaigns(cs []campaign.Campaign, base string) []linkedCampaign {
	out := make([]linkedCampaign, len(cs))
	for i, c := range cs {
		out[i] = linkedCampaign{Campaign: c, URL: notify.CampaignURL(base, c.Key())}
	}
	return out
}
