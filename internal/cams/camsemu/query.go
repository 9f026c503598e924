package camsemu

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// query is a ListMessageCampaign request's parameters.
type query struct {
	channel     campaign.ChannelID
	filters     filters
	index, size int
}

// parseQuery reads the parameters from the query string, where darabonba
// puts every RPC parameter; Page is a JSON object {"Index":n,"Size":n}.
func parseQuery(r *http.Request) (query, *apiError) {
	v := r.URL.Query()
	q := query{
		channel: campaign.ChannelID{CustSpaceID: v.Get("CustSpaceId"), PageID: v.Get("PageId")},
		filters: filters{
			adAccountID:  v.Get("AdAccountId"),
			status:       v.Get("Status"),
			campaignName: v.Get("CampaignName"),
			campaignID:   v.Get("CampaignId"),
		},
	}
	if q.channel.CustSpaceID == "" {
		return query{}, errMissingParameter("CustSpaceId")
	}
	if q.channel.PageID == "" {
		return query{}, errMissingParameter("PageId")
	}
	raw := v.Get("Page")
	if raw == "" {
		return query{}, errMissingParameter("Page")
	}
	var page struct {
		Index, Size *int64
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&page); err != nil {
		return query{}, errInvalidParameter("Page", "want a JSON object {\"Index\":n,\"Size\":n}")
	}
	switch {
	case page.Index == nil:
		return query{}, errMissingParameter("Page.Index")
	case page.Size == nil:
		return query{}, errMissingParameter("Page.Size")
	case *page.Index < 1 || *page.Index > math.MaxInt32:
		return query{}, errInvalidParameter("Page.Index", "want an integer from 1")
	case *page.Size < 1 || *page.Size > math.MaxInt32:
		return query{}, errInvalidParameter("Page.Size", "want an integer from 1")
	}
	q.index, q.size = int(*page.Index), int(*page.Size)
	return q, nil
}
