package handler

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// response is an HTTP answer in the plain form the routes give, written
// out by ServeHTTP or turned into the FC HTTP trigger's response by Invoke.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// statusOf maps error kinds to HTTP status codes: the one table.
var statusOf = map[campaign.Kind]int{
	campaign.Invalid:      http.StatusBadRequest,
	campaign.Unauthorized: http.StatusUnauthorized,
	campaign.NotFound:     http.StatusNotFound,
	campaign.Conflict:     http.StatusConflict,
	campaign.Unavailable:  http.StatusServiceUnavailable,
	campaign.Internal:     http.StatusInternalServerError,
}

// statusFor returns the HTTP status an error of err's kind is answered with;
// 200 for nil and 500 for an unknown kind.
func statusFor(err error) int {
	if err == nil {
		return http.StatusOK
	}
	if s, ok := statusOf[campaign.KindOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody is every error's body: {"error": "..."}, plus the report when a
// run failed after listing.
type errorBody struct {
	Error  string           `json:"error"`
	Report *campaign.Report `json:"report,omitempty"`
}

// jsonResponse encodes v as the body. Encoding never fails for the types
// the routes answer; if it did, the answer is a plain 500.
func jsonResponse(status int, v any) *response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return &response{
			Status: http.StatusInternalServerError,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   []byte(`{"error":"internal error: the answer could not be encoded"}` + "\n"),
		}
	}
	return &response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: buf.Bytes()}
}

func textResponse(status int, contentType string, body []byte) *response {
	return &response{Status: status, Header: http.Header{"Content-Type": {contentType}}, Body: body}
}

// errorResponse answers {"error": msg} with msg passed through the
// redactor.
func (h *Handler) errorResponse(status int, msg string) *response {
	return jsonResponse(status, errorBody{Error: h.redact(msg)})
}

// errorResponseOf answers err with the status of its kind.
func (h *Handler) errorResponseOf(err error) *response {
	return h.errorResponse(statusFor(err), err.Error())
}

// reportResponse answers a run's outcome: the error (with the report, when
// there is one) when the run failed; 502 with the report when a receiver
// could not be reached; else 200 with the report.
func (h *Handler) reportResponse(rep *campaign.Report, err error) *response {
	rep = h.redactReport(rep)
	if err != nil {
		return jsonResponse(statusFor(err), errorBody{Error: h.redact(err.Error()), Report: rep})
	}
	if rep == nil {
		return h.errorResponse(http.StatusInternalServerError, "internal error: the run returned no report")
	}
	if len(rep.Failed()) > 0 {
		return jsonResponse(http.StatusBadGateway, rep)
	}
	return jsonResponse(http.StatusOK, rep)
}

// redactReport returns a copy of rep whose error texts passed through the
// redactor; nil stays nil.
func (h *Handler) redactReport(rep *campaign.Report) *campaign.Report {
	if rep == nil {
		return nil
	}
	out := *rep
	out.Error = h.redact(rep.Error)
	out.Channels = slices.Clone(rep.Channels)
	for i := range out.Channels {
		out.Channels[i].Error = h.redact(out.Channels[i].Error)
	}
	out.Notifications = slices.Clone(rep.Notifications)
	for i := range out.Notifications {
		out.Notifications[i].Error = h.redact(out.Notifications[i].Error)
	}
	return &out
}
