package cams

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	retrypolicy "github.com/campaignwatch/campaignwatch/internal/retry"
)

// The API called.
const (
	apiAction  = "ListMessageCampaign"
	apiVersion = "2020-06-06"
	// maxBody bounds one page's answer; a page of 1000 rows is ~250 KB.
	maxBody = 16 << 20
)

// transport hands darabonba's requests to one pooled *http.Client, ignoring
// the per-request transport the SDK builds (the SDK's default client
// races under concurrent calls and pools nothing), and
// notes the answer for classify (noteReply).
type transport struct{ client *http.Client }

func (t transport) Call(req *http.Request, _ *http.Transport) (*http.Response, error) {
	resp, err := t.client.Do(req)
	noteReply(req.Context(), resp)
	return resp, err
}

// replyKey carries a *reply in a call's context.
type replyKey struct{}

// reply is what classify needs of a call's HTTP answer besides the error:
// its status (0 when no answer came) and headers (Retry-After).
type reply struct {
	status int
	header http.Header
}

// noteReply notes resp in the *reply of ctx, if any.
func noteReply(ctx context.Context, resp *http.Response) {
	if r, ok := ctx.Value(replyKey{}).(*reply); ok && resp != nil {
		r.status, r.header = resp.StatusCode, resp.Header
	}
}

// pageRequest is one page of one channel, and the caller to call it with
// (one per goroutine).
type pageRequest struct {
	api         *caller
	ch          campaign.Channel
	index, size int
	// into is where the page's rows go when they fit (its place in the
	// channel's listing); nil, or too small, and they get a slice of their
	// own.
	into []campaign.Campaign
}

// call makes one ListMessageCampaign call, without retrying.
func (c *Client) call(ctx context.Context, pr pageRequest) (page, error) {
	callCtx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	cred, err := c.credential()
	if err != nil || cred.typ == "bearer" || cred.typ == "id_token" {
		return c.callSDK(callCtx, ctx, pr)
	}
	rep := &reply{}
	callCtx = context.WithValue(callCtx, replyKey{}, rep)
	status, body, err := pr.api.do(callCtx, cred, pr)
	c.calls.Add(1)
	switch {
	case err != nil:
		return page{}, askedWait(classify(ctx, err, status), rep.header, c.cfg.Retry.Now())
	case len(body) > maxBody:
		return page{}, &callError{kind: campaign.Invalid, msg: fmt.Sprintf("malformed answer: a page of more than %d bytes", maxBody)}
	}
	return pr.api.decode(body, pr.into)
}

// decode decodes and checks a 200 answer, its rows into into when they fit.
func (k *caller) decode(body []byte, into []campaign.Campaign) (page, error) {
	p, err := k.pages.decode(body, into)
	if err != nil {
		if ce, ok := err.(*callError); ok {
			return page{}, ce
		}
		return page{}, &callError{kind: campaign.KindOf(err), msg: err.Error(), cause: err}
	}
	return p, nil
}

// callSDK makes the call through the SDK's CallApi: for credentials that
// are not access keys (caller.do signs with access keys only), and when
// the credential cannot be read (CallApi then says why).
func (c *Client) callSDK(callCtx, ctx context.Context, pr pageRequest) (page, error) {
	rep := &reply{}
	callCtx = context.WithValue(callCtx, replyKey{}, rep)

	q := map[string]*string{
		"CustSpaceId": dara.String(pr.ch.CustSpaceID),
		"PageId":      dara.String(pr.ch.PageID),
		"Page":        dara.String(`{"Index":` + strconv.Itoa(pr.index) + `,"Size":` + strconv.Itoa(pr.size) + `}`),
	}
	for k, v := range map[string]string{
		"AdAccountId":  pr.ch.Filters.AdAccountID,
		"Status":       pr.ch.Filters.Status,
		"CampaignName": pr.ch.Filters.CampaignName,
		"CampaignId":   pr.ch.Filters.CampaignID,
	} {
		if v != "" {
			q[k] = dara.String(v)
		}
	}
	params := &openapi.Params{
		Action:      dara.String(apiAction),
		Version:     dara.String(apiVersion),
		Protocol:    dara.String(c.ep.protocol),
		Pathname:    dara.String("/"),
		Method:      dara.String("POST"),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		// "binary" hands back the body unread: decodePage checks it as
		// sent, strictly, and the SDK's re-encoding of it (dara.Convert, a
		// JSON round trip of the whole page) is skipped.
		BodyType: dara.String("binary"),
	}
	res, err := pr.api.api.CallApiWithCtx(callCtx, params, &openapi.OpenApiRequest{Query: q}, &dara.RuntimeOptions{})
	c.calls.Add(1)
	if err != nil {
		return page{}, askedWait(classify(ctx, err, rep.status), rep.header, c.cfg.Retry.Now())
	}
	stream, ok := res["body"].(io.ReadCloser)
	if !ok {
		return page{}, &callError{kind: campaign.Internal, msg: fmt.Sprintf("the API client handed back a body of %T, not a stream", res["body"])}
	}
	body, err := readBody(stream, res["headers"])
	stream.Close()
	switch {
	case err != nil:
		return page{}, classify(ctx, err, 0)
	case len(body) > maxBody:
		return page{}, &callError{kind: campaign.Invalid, msg: fmt.Sprintf("malformed answer: a page of more than %d bytes", maxBody)}
	}
	return pr.api.decode(body, pr.into)
}

// callWithRetry makes the call, retrying throttling, 5xx and timeouts by
// the shared policy (c.cfg.Retry: backoff with jitter, or the wait the
// answer's Retry-After asked for). Every attempt waits
// for a slot of the shared QPS ceiling. It never starts a backoff that
// would outlive ctx's deadline: it gives up at once with an Unavailable
// error instead. It returns the number of calls made, retries included.
func (c *Client) callWithRetry(ctx context.Context, pr pageRequest) (page, int, error) {
	var p page
	calls := 0
	policy := c.cfg.Retry
	policy.OnRetry = func(attempt int, wait time.Duration, err error) {
		c.cfg.Logger.DebugContext(ctx, "cams: retrying", "channel", pr.ch.ChannelID.String(), "page", pr.index, "attempt", attempt, "wait", wait, "error", err.Error())
	}
	err := policy.Do(ctx, func(ctx context.Context, attempt int) error {
		ended, err := c.ceiling.wait(ctx)
		if err != nil {
			return retrypolicy.Permanent(&callError{kind: campaign.Unavailable, cause: err,
				msg: fmt.Sprintf("no time left for call %d under the ceiling of %g calls a second before the run's deadline: %v", attempt, c.cfg.QPS, err)})
		}
		calls = attempt
		p, err = c.call(ctx, pr)
		ended()
		if err == nil {
			return nil
		}
		ce := classify(ctx, err, 0)
		if !ce.retryable {
			return retrypolicy.Permanent(ce)
		}
		return retrypolicy.After(ce, ce.wait) // 0: the policy's backoff
	})
	var re *retrypolicy.Error
	if !errors.As(err, &re) {
		return p, calls, err
	}
	var ce *callError
	if !errors.As(re.Err, &ce) {
		return page{}, calls, re.Err
	}
	switch re.Reason {
	case retrypolicy.Exhausted:
		return page{}, calls, &callError{kind: ce.kind, cause: ce, msg: fmt.Sprintf("gave up after %d calls: %s", calls, ce.msg)}
	case retrypolicy.TooLong:
		return page{}, calls, &callError{kind: ce.kind, cause: ce,
			msg: fmt.Sprintf("gave up after %d calls, the run's deadline being too close for another: %s", calls, ce.msg)}
	}
	return page{}, calls, &callError{kind: campaign.Unavailable, cause: ce,
		msg: fmt.Sprintf("the run ended while waiting to retry (%v): %s", re.Cause, ce.msg)}
}

// readBody reads an answer of at most maxBody+1 bytes, into a buffer sized
// by its Content-Length when the server sent one.
func readBody(r io.Reader, headers any) ([]byte, error) {
	var buf bytes.Buffer
	if h, ok := headers.(map[string]*string); ok {
		if n, err := strconv.Atoi(dara.StringValue(h["content-length"])); err == nil && n > 0 && n <= maxBody {
			buf.Grow(n + bytes.MinRead)
		}
	}
	_, err := buf.ReadFrom(io.LimitReader(r, maxBody+1))
	return buf.Bytes(), err
}
