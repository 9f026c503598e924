package handler

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/silence"
)

// silencesPrefix starts DELETE /silences/{id}.
const silencesPrefix = "/silences/"

// silencesBody is GET /silences' answer.
type silencesBody struct {
	Silences []silence.View `json:"silences"`
}

// getSilences answers the active silences, ?all=true every one kept.
func (h *Handler) getSilences(ctx context.Context, req *request) *response {
	if h.silences == nil {
		return h.noSilences()
	}
	views, err := h.silences.List(ctx, req.Query["all"] == "true")
	if err != nil {
		return h.errorResponseOf(err)
	}
	return jsonResponse(http.StatusOK, silencesBody{Silences: views})
}

// postSilence makes a silence from a JSON body: 201 and the silence, or
// 400 naming the field.
func (h *Handler) postSilence(ctx context.Context, req *request) *response {
	if h.silences == nil {
		return h.noSilences()
	}
	sreq, err := silence.DecodeRequest(req.Body)
	if err != nil {
		return h.errorResponse(http.StatusBadRequest, "the silence was not made: "+err.Error())
	}
	sl, err := h.silences.Add(ctx, sreq, "dashboard")
	var ps silence.Problems
	if errors.As(err, &ps) {
		return h.errorResponse(http.StatusBadRequest, "the silence was not made: "+strings.ReplaceAll(ps.Error(), "\n", "; "))
	}
	if err != nil {
		return h.errorResponseOf(err)
	}
	return jsonResponse(http.StatusCreated, silence.View{Silence: sl, Active: true})
}

// deleteSilence expires the silence named by the path's last segment now:
// 204, or 404 when no silence has that id.
func (h *Handler) deleteSilence(ctx context.Context, req *request) *response {
	if h.silences == nil {
		return h.noSilences()
	}
	id := strings.TrimPrefix(req.Path, silencesPrefix)
	if id == "" || strings.Contains(id, "/") {
		return h.errorResponse(http.StatusNotFound, "DELETE /silences/{id} takes one silence id; GET /silences lists them")
	}
	if err := h.silences.Expire(ctx, id); err != nil {
		return h.errorResponseOf(err)
	}
	return &response{Status: http.StatusNoContent, Header: http.Header{}}
}

func (h *Handler) noSilences() *response {
	return h.errorResponseOf(campaign.Errorf(campaign.Unavailable, "silences are not available in this deployment: the store is not configured"))
}

// guardrailsBody is GET /guardrails' answer.
type guardrailsBody struct {
	Open []openIncident `json:"open"`
	// At is when the snapshot they were found in was taken.
	At *time.Time `json:"at,omitempty"`
}

// openIncident is an open incident as GET /guardrails shows it: as in
// the report, with state "firing" and since when.
type openIncident struct {
	campaign.Incident
	State string `json:"state"`
}

// getGuardrails answers the guardrail incidents open as of the latest
// snapshot.
func (h *Handler) getGuardrails(ctx context.Context, _ *request) *response {
	if h.incidents == nil {
		return h.errorResponseOf(campaign.Errorf(campaign.Unavailable, "guardrails are not available in this deployment: the store is not configured"))
	}
	ins, at, err := h.incidents(ctx)
	if err != nil {
		return h.errorResponseOf(err)
	}
	body := guardrailsBody{Open: []openIncident{}}
	if !at.IsZero() {
		body.At = &at
	}
	for _, in := range ins {
		in.Told = nil
		body.Open = append(body.Open, openIncident{Incident: in, State: campaign.StateFiring})
	}
	return jsonResponse(http.StatusOK, body)
}
