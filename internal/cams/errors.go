package cams

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alibabacloud-go/tea/tea"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	retrypolicy "github.com/campaignwatch/campaignwatch/internal/retry"
)

// callError is one failed call, classified: its kind, whether it is worth
// retrying, and what the person reading it should do.
type callError struct {
	kind      campaign.Kind
	retryable bool
	wait      time.Duration // what the answer's Retry-After asked for; 0: none
	msg       string        // what happened and what to do; no secret
	cause     error
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.cause }

// askedWait notes on e, when it is worth retrying, the wait its answer's
// Retry-After header asked for (whole seconds or an HTTP date), for the
// retry policy to take instead of its backoff: a gateway in front of the
// API may send one with a throttling or 503 answer. A date is read
// against now, the retry policy's clock.
func askedWait(e *callError, h http.Header, now time.Time) *callError {
	if d, ok := retrypolicy.RetryAfter(h, now); ok && e.retryable {
		e.wait = d
	}
	return e
}

// classifyCode turns an API error code (from an HTTP error or a 200 answer
// with Success:false) into a callError. status is the HTTP status.
func classifyCode(code string, status int, cause error) *callError {
	e := &callError{kind: campaign.Invalid, cause: cause}
	advice := ""
	switch {
	case strings.HasPrefix(code, "Throttling"), status == 429:
		e.kind, e.retryable, advice = campaign.Unavailable, true, "CAMS is throttling the calls; lower the configured calls per second (QPS) if this persists"
	case status >= 500, code == "ServiceUnavailable", code == "InternalError", code == "SignatureNonceUsed":
		e.kind, e.retryable, advice = campaign.Unavailable, true, "CAMS failed on its side; a later run may succeed"
	case strings.HasPrefix(code, "InvalidAccessKeyId"):
		e.kind, advice = campaign.Unauthorized, "the access key id is unknown or disabled: check the access key id (or the function's role)"
	case code == "SignatureDoesNotMatch", code == "IncompleteSignature":
		e.kind, advice = campaign.Unauthorized, "the signature was refused: check that the access key secret belongs to the access key id"
	case strings.HasPrefix(code, "InvalidSecurityToken"), code == "MissingSecurityToken":
		e.kind, advice = campaign.Unauthorized, "the STS security token is missing, expired or not of this key: refresh the security token together with its key pair (or give the function a role)"
	case strings.HasPrefix(code, "InvalidTimeStamp"):
		e.kind, advice = campaign.Unauthorized, "the request's date was refused: check this machine's clock"
	case strings.HasPrefix(code, "Forbidden"), strings.HasPrefix(code, "NoPermission"), status == 403:
		e.kind, advice = campaign.Unauthorized, "the credentials may not call cams:ListMessageCampaign: grant it to the RAM user or role"
	case status == 401:
		e.kind, advice = campaign.Unauthorized, "the credentials were refused: check the access key id and secret (or the function's role)"
	default:
		advice = "check the channel's CustSpaceId, PageId and filters in the configuration"
	}
	e.msg = fmt.Sprintf("%s: %s", describeCause(code, status, cause), advice)
	return e
}

// describeCause says what the API answered, with its request id for
// support.
func describeCause(code string, status int, cause error) string {
	var ae *apiError
	if errors.As(cause, &ae) {
		return fmt.Sprintf("CAMS answered %s (%s, request id %s)", code, clip(ae.Message), orNone(ae.RequestID))
	}
	var se *tea.SDKError
	if errors.As(cause, &se) {
		reqID, msg := sdkErrorDetail(se)
		return fmt.Sprintf("CAMS answered HTTP %d %s (%s, request id %s)", status, code, clip(msg), orNone(reqID))
	}
	return fmt.Sprintf("CAMS answered HTTP %d", status)
}

// sdkErrorDetail reads the request id and message from the error body the
// SDK kept in Data.
func sdkErrorDetail(se *tea.SDKError) (reqID, msg string) {
	var body struct {
		RequestID string `json:"RequestId"`
		Message   string `json:"Message"`
	}
	if se.Data != nil {
		_ = json.Unmarshal([]byte(*se.Data), &body)
	}
	return body.RequestID, body.Message
}

// classify turns whatever a call returned into a callError. status is the
// HTTP status the transport saw (0 when no answer came); ctx is the run's
// context, to tell its end from a single call's timeout.
func classify(ctx context.Context, err error, status int) *callError {
	var ce *callError
	if errors.As(err, &ce) {
		return ce
	}
	if ctx.Err() != nil {
		return &callError{kind: campaign.Unavailable, msg: "the run's deadline came before the listing finished: " + ctx.Err().Error(), cause: err}
	}
	var se *tea.SDKError
	if errors.As(err, &se) {
		code := tea.StringValue(se.Code)
		if s := tea.IntValue(se.StatusCode); s != 0 {
			status = s
		}
		if status == 0 {
			// Not an answer: the SDK's own refusal (no credentials, bad
			// configuration).
			return &callError{kind: campaign.Unauthorized, cause: err,
				msg: fmt.Sprintf("the API client could not sign the call (%s: %s): configure an access key id and secret, or give the function a role", code, clip(tea.StringValue(se.Message)))}
		}
		return classifyCode(code, status, err)
	}
	if status >= 400 {
		// An error answer the SDK could not read (not JSON).
		return classifyCode("", status, err)
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return &callError{kind: campaign.Unavailable, retryable: true, cause: err,
			msg: "CAMS could not be reached or did not answer in time: " + redactURL(err)}
	}
	if status == 200 {
		return &callError{kind: campaign.Invalid, cause: err, msg: "malformed answer: " + err.Error()}
	}
	return &callError{kind: campaign.Internal, cause: err, msg: "calling CAMS failed: " + err.Error()}
}

// redactURL drops the query string (ids, filters, signature nonces) from
// a transport error's text; the error names the host only.
func redactURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			return fmt.Sprintf("%s %s://%s: %v", ue.Op, u.Scheme, u.Host, ue.Err)
		}
		return ue.Err.Error()
	}
	return err.Error()
}

// clip shortens a server message to one line for an error.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "no message"
	}
	return campaign.Clip(s, 200)
}
