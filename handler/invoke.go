package handler

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aliyun/fc-runtime-go-sdk/fccontext"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/logging"
)

// httpResponse is the answer to an FC 3.0 HTTP trigger event, which
// Function Compute turns into the HTTP response.
type httpResponse struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers"`
	// IsBase64Encoded is true when Body is base64 (a body that is not
	// valid UTF-8).
	IsBase64Encoded bool   `json:"isBase64Encoded"`
	Body            string `json:"body"`
}

// Invoke is the Function Compute entry point, for fc.Start(h.Invoke). The
// event is taken as raw bytes (fc-runtime-go-sdk hands a []byte parameter
// over as it came), so that even an event that is not JSON gets this
// package's error naming what was wrong. It puts the invocation's request
// id into ctx for logging, then:
//   - an HTTP trigger event is served by the routes and answered with an
//     httpResponse (a malformed one with 400 {"error": ...}); the error is
//     always nil;
//   - a timer event runs the job its payload selects and answers the
//     report; a failed run, or a receiver that could not be reached, is an
//     error (so that FC retries an asynchronous invocation) whose redacted
//     message names the failure;
//   - any other event is an error of kind campaign.Invalid.
func (h *Handler) Invoke(ctx context.Context, event []byte) (any, error) {
	if fcc, ok := fccontext.FromContext(ctx); ok && fcc.RequestID != "" {
		ctx = logging.WithRequestID(ctx, fcc.RequestID)
	}
	ev, err := decodeEvent(event)
	if ev.Trigger == triggerHTTP {
		if err != nil {
			resp := h.errorResponseOf(err)
			h.log.WarnContext(ctx, "request", "status", resp.Status, "error", h.redact(err.Error()))
			return toHTTPResponse(resp), nil
		}
		if logging.RequestID(ctx) == "" && ev.HTTP.RequestID != "" {
			ctx = logging.WithRequestID(ctx, ev.HTTP.RequestID)
		}
		return toHTTPResponse(h.Serve(ctx, ev.HTTP)), nil
	}
	if err != nil {
		err = campaign.Errorf(campaign.KindOf(err), "%s", h.redact(err.Error()))
		h.log.ErrorContext(ctx, "event refused", "trigger", ev.Trigger.String(), "error", err.Error())
		return nil, err
	}
	return h.runTimer(ctx, ev.Timer)
}

// runTimer runs the timer's job and turns its outcome into the
// invocation's result.
func (h *Handler) runTimer(ctx context.Context, t *timerEvent) (any, error) {
	start := time.Now()
	rep, err := h.runJob(ctx, t.Mode)
	rep = h.redactReport(rep)
	if err == nil && rep == nil {
		err = campaign.Errorf(campaign.Internal, "internal error: the %s run returned no report", t.Mode)
	}
	attrs := []any{"trigger", t.TriggerName, "mode", t.Mode, "duration", time.Since(start).Round(time.Millisecond).String()}
	if err != nil {
		err = campaign.Errorf(campaign.KindOf(err), "%s failed: %s", t.Mode, h.redact(err.Error()))
		h.log.ErrorContext(ctx, "timer invocation failed", append(attrs, "error", err.Error())...)
		return nil, err
	}
	if failed := rep.Failed(); len(failed) > 0 {
		reasons := make([]string, len(failed))
		for i, d := range failed {
			reasons[i] = fmt.Sprintf("receiver %s could not be reached: %s", d.Receiver, d.Error)
		}
		err = campaign.Errorf(campaign.Unavailable,
			"%s: %s; what was found is committed and a retry of this invocation delivers the pending messages",
			t.Mode, strings.Join(reasons, "; "))
		h.log.ErrorContext(ctx, "timer invocation failed", append(attrs, "error", err.Error())...)
		return nil, err
	}
	h.log.InfoContext(ctx, "timer invocation", append(attrs, "changes", len(rep.Changes), "generation", rep.Generation)...)
	return rep, nil
}

// runJob calls the job, turning a panic into an Internal error (logged
// with its stack) so that the process keeps serving invocations.
func (h *Handler) runJob(ctx context.Context, mode string) (rep *campaign.Report, err error) {
	defer func() {
		if p := recover(); p != nil {
			h.log.ErrorContext(ctx, "panic in a timer job", "mode", mode,
				"panic", h.redact(anyString(p)), "stack", h.redact(string(debug.Stack())))
			rep, err = nil, campaign.Errorf(campaign.Internal, "internal error")
		}
	}()
	if mode == campaign.ModeDigest {
		return h.jobs.SendDigest(ctx, false)
	}
	return h.jobs.Check(ctx, false)
}

// toHTTPResponse turns a route's answer into the HTTP trigger's response.
func toHTTPResponse(r *response) httpResponse {
	out := httpResponse{StatusCode: r.Status, Headers: make(map[string]string, len(r.Header))}
	for k, v := range r.Header {
		out.Headers[k] = strings.Join(v, ", ")
	}
	if utf8.Valid(r.Body) {
		out.Body = string(r.Body)
	} else {
		out.Body = base64.StdEncoding.EncodeToString(r.Body)
		out.IsBase64Encoded = true
	}
	if out.StatusCode == 0 {
		out.StatusCode = http.StatusOK
	}
	return out
}

// Redacted wraps an FC invocation function so that what it returns to
// Function Compute passes redact: the result, as its JSON, and the error's
// text. It is the last step before anything leaves the process.
func Redacted(invoke func(context.Context, []byte) (any, error), redact func(string) string) func(context.Context, []byte) (any, error) {
	return func(ctx context.Context, event []byte) (any, error) {
		out, err := invoke(ctx, event)
		if err != nil {
			if msg := err.Error(); redact(msg) != msg {
				err = campaign.Errorf(campaign.KindOf(err), "%s", redact(msg))
			}
		}
		if out == nil {
			return nil, err
		}
		b, merr := json.Marshal(out)
		if merr != nil {
			return nil, campaign.Errorf(campaign.Internal, "internal error: the result could not be encoded")
		}
		return json.RawMessage(redact(string(b))), err
	}
}

// Misconfigured returns the Function Compute entry point of an instance
// whose configuration or wiring failed: every timer invocation fails with
// reason (redacted), so that the engineer reads it in the function's
// logs, and every HTTP trigger event is answered 503 {"error": ...}
// without the reason, which is not for anonymous callers.
func Misconfigured(reason error, redact func(string) string) func(context.Context, []byte) (any, error) {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	err := campaign.Errorf(campaign.Unavailable, "campaignwatch is misconfigured: %s", redact(reason.Error()))
	return func(_ context.Context, event []byte) (any, error) {
		if ev, _ := decodeEvent(event); ev.Trigger == triggerHTTP {
			return toHTTPResponse(jsonResponse(http.StatusServiceUnavailable,
				errorBody{Error: "campaignwatch is misconfigured; the function's logs say what to fix"})), nil
		}
		return nil, err
	}
}
