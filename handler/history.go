package handler

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
)

// historyParams are the parameters of GET /history; GET /series takes
// since, until and channel.
var historyParams = map[string][]string{
	"since": anyValue, "until": anyValue, "channel": anyValue, "campaignId": anyValue,
	"type": anyValue, "limit": anyValue, "cursor": anyValue, "format": {"json", "csv"},
}

var seriesParams = map[string][]string{"since": anyValue, "until": anyValue, "channel": anyValue}

// form reads the history parameters of a query; repeated values arrive
// comma-joined (the trigger's form), so a list is split at commas.
func form(q map[string]string) history.Form {
	list := func(k string) []string {
		if v, ok := q[k]; ok {
			return strings.Split(v, ",")
		}
		return nil
	}
	return history.Form{Since: q["since"], Until: q["until"], Channels: list("channel"), CampaignIDs: list("campaignId"),
		Types: list("type"), Limit: q["limit"], Cursor: q["cursor"]}
}

// getHistory answers one page of the change history, newest first: JSON,
// or CSV with a header row.
func (h *Handler) getHistory(ctx context.Context, req *request) *response {
	if h.history == nil {
		return h.noHistory()
	}
	q, err := form(req.Query).Query(h.now(), h.zone, h.channels, history.RouteNames)
	if err != nil {
		return h.errorResponse(http.StatusBadRequest, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	page, err := h.history.Changes(ctx, q)
	if err != nil {
		return h.historyError(err)
	}
	if req.Query["format"] == "csv" {
		var buf bytes.Buffer
		_ = history.WriteCSV(&buf, page.Changes) // a bytes.Buffer does not fail
		return textResponse(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
	return jsonResponse(http.StatusOK, page)
}

// getSeries answers the daily budget series, oldest first.
func (h *Handler) getSeries(ctx context.Context, req *request) *response {
	if h.history == nil {
		return h.noHistory()
	}
	q, err := form(req.Query).SeriesQuery(h.now(), h.zone, h.channels, history.RouteNames)
	if err != nil {
		return h.errorResponse(http.StatusBadRequest, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	s, err := h.history.Series(ctx, q)
	if err != nil {
		return h.historyError(err)
	}
	return jsonResponse(http.StatusOK, s)
}

// historyError answers a failed read: a stored object that cannot be read
// is the deployment's fault, not the request's (500, naming the object).
func (h *Handler) historyError(err error) *response {
	if campaign.KindOf(err) == campaign.Invalid {
		return h.errorResponse(http.StatusInternalServerError, err.Error())
	}
	return h.errorResponseOf(err)
}

func (h *Handler) noHistory() *response {
	return h.errorResponseOf(campaign.Errorf(campaign.Unavailable, "the history is not available in this deployment: the store is not configured"))
}

func (h *Handler) now() time.Time {
	if h.clock != nil {
		return h.clock()
	}
	return time.Now()
}
