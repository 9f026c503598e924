package camsemu

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Row is one campaign in the API's own field names, as the emulator answers
// it and as LoadCampaigns reads it (plus CustSpaceId, which the API has only
// as a request parameter).
type Row struct {
	CustSpaceID  string `json:"CustSpaceId,omitempty"`
	PageID       string `json:"PageId"`
	CampaignID   string `json:"CampaignId"`
	CampaignName string `json:"CampaignName"`
	Status       string `json:"Status"`
	Budget       int64  `json:"Budget"`
	BudgetType   string `json:"BudgetType"`
	AdAccountID  string `json:"AdAccountId"`
	CreateTime   int64  `json:"CreateTime"`
}

func rowOf(c campaign.Campaign) Row {
	return Row{
		CustSpaceID: c.CustSpaceID, PageID: c.PageID, CampaignID: c.CampaignID,
		CampaignName: c.CampaignName, Status: c.Status, Budget: c.Budget,
		BudgetType: c.BudgetType, AdAccountID: c.AdAccountID, CreateTime: c.CreateTime,
	}
}

func (r Row) campaign() campaign.Campaign {
	return campaign.Campaign{
		CustSpaceID: r.CustSpaceID, PageID: r.PageID, CampaignID: r.CampaignID,
		CampaignName: r.CampaignName, Status: r.Status, Budget: r.Budget,
		BudgetType: r.BudgetType, AdAccountID: r.AdAccountID, CreateTime: r.CreateTime,
	}
}

// LoadCampaigns reads a JSON array of campaigns in the API's field names
// plus CustSpaceId, e.g.
//
//	[{"CustSpaceId":"cams-a1","PageId":"239001","CampaignId":"233001",
//	  "CampaignName":"spring-sale","Status":"AVAILABLE","Budget":6200,
//	  "BudgetType":"daily","AdAccountId":"2339001","CreateTime":1730293928380}]
//
// Unknown fields, a missing CustSpaceId, PageId, CampaignId or
// CampaignName, a Status the API does not return (Statuses), a BudgetType
// other than daily or lifetime, and a campaign listed twice in one channel
// are errors naming the entry: the emulator serves only what the real API
// could.
func LoadCampaigns(r io.Reader) ([]campaign.Campaign, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var rows []Row
	if err := dec.Decode(&rows); err != nil {
		return nil, fmt.Errorf("campaigns file: want a JSON array of campaigns: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("campaigns file: unexpected data after the JSON array")
	}
	seen := make(map[campaign.Key]bool, len(rows))
	out := make([]campaign.Campaign, 0, len(rows))
	for i, row := range rows {
		c := row.campaign()
		var missing []string
		for _, f := range []struct{ name, v string }{
			{"CustSpaceId", c.CustSpaceID}, {"PageId", c.PageID}, {"CampaignId", c.CampaignID}, {"CampaignName", c.CampaignName},
		} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.name)
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("campaigns file: entry %d: %s missing", i, strings.Join(missing, ", "))
		}
		if err := checkStatus(c.Status); err != nil {
			return nil, fmt.Errorf("campaigns file: entry %d (%s): %w", i, c.Key(), err)
		}
		if c.BudgetType != campaign.BudgetDaily && c.BudgetType != campaign.BudgetLifetime {
			return nil, fmt.Errorf("campaigns file: entry %d (%s): BudgetType %q: want daily or lifetime", i, c.Key(), c.BudgetType)
		}
		if seen[c.Key()] {
			return nil, fmt.Errorf("campaigns file: entry %d: campaign %s is listed twice", i, c.Key())
		}
		seen[c.Key()] = true
		out = append(out, c)
	}
	return out, nil
}

// filters are the request's optional filters; empty fields match anything.
type filters struct {
	adAccountID, status, campaignName, campaignID string
}

// match reports whether c passes the filters: AdAccountId, Status and
// CampaignId match exactly, CampaignName as a substring (a name search).
func (f filters) match(c campaign.Campaign) bool {
	return (f.adAccountID == "" || c.AdAccountID == f.adAccountID) &&
		(f.status == "" || c.Status == f.status) &&
		(f.campaignID == "" || c.CampaignID == f.campaignID) &&
		(f.campaignName == "" || strings.Contains(c.CampaignName, f.campaignName))
}

// Statuses are the campaign statuses the emulator serves: AVAILABLE, the
// value the API's page documents, and Meta's own campaign statuses, which
// CAMS passes through (ACTIVE, PAUSED, DELETED, ARCHIVED), all upper case
// as the API writes them. campaignwatch names each in words; anything
// else ("paused", "active") the API never returns, so the emulator
// refuses it rather than produce alerts real data never could.
var Statuses = []string{"AVAILABLE", "ACTIVE", "PAUSED", "DELETED", "ARCHIVED"}

func checkStatus(status string) error {
	for _, s := range Statuses {
		if status == s {
			return nil
		}
	}
	//lint:ignore ST1005 the text names the API's field, which is capitalised
	return fmt.Errorf("Status %q is not one the API returns: want one of %s", status, strings.Join(Statuses, ", "))
}
