// Package webhook posts campaignwatch alerts as versioned JSON to any
// HTTPS endpoint, with a delivery id that stays the same across attempts
// and runs, a timestamp, and an HMAC-SHA256 signature when a secret is
// set.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// The headers of every post.
const (
	headerDelivery  = "X-Campaignwatch-Delivery"
	headerTimestamp = "X-Campaignwatch-Timestamp"
	headerSignature = "X-Campaignwatch-Signature"
)

// Service describes generic JSON webhooks to the registry: a versioned
// body per part of at most maxChanges changes (Render); the delivery id,
// the timestamp and, with a secret, the signature in headers (Sign); at
// most 10 posts a second with bursts of 10. Replies (readReply): 2xx is
// delivered; 408, 429 (after its Retry-After) and 5xx are retried; 401
// and 403 fail Unauthorized, any other status Invalid.
var Service = notify.Service{
	Type:   "webhook",
	Title:  "Webhook",
	Render: render,
	Sign:   sign,
	Read:   readReply,
	Pace:   []notify.Rate{{Every: 100 * time.Millisecond, Burst: 10}},
	Vars:   notify.Vars{URL: "WEBHOOK_URL", Secret: "WEBHOOK_SECRET", About: "generic JSON webhooks, HMAC-signed"},
}

// signature is the value of headerSignature for a body posted at
// timestamp (Unix seconds): "sha256=" and the hex of HMAC-SHA256 keyed by
// secret over timestamp + "." + body.
func signature(secret string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// sign sets the delivery id (the message's ID), the timestamp (now) and,
// when t has a secret, the signature. It runs per attempt, so that the
// timestamp is fresh while the delivery id stays.
func sign(r *notify.Request, t notify.Target, now time.Time) error {
	ts := now.Unix()
	r.Header.Set(headerDelivery, r.ID)
	r.Header.Set(headerTimestamp, strconv.FormatInt(ts, 10))
	if t.Secret != "" {
		r.Header.Set(headerSignature, signature(t.Secret, ts, r.Body))
	}
	return nil
}

// readReply reads the endpoint's answer by its status alone.
func readReply(status int, header http.Header, body []byte) notify.Reply {
	if status >= 200 && status <= 299 {
		return notify.Reply{}
	}
	if retry, wait := notify.Classify(status, header); retry {
		return notify.Reply{Retry: true, Wait: wait, Err: campaign.Errorf(campaign.Unavailable,
			"the webhook answered HTTP %d (%s); a later attempt may succeed", status, notify.Excerpt(body))}
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"the webhook refused the message: HTTP %d (%s); check that the receiver's secret is the one the endpoint verifies with", status, notify.Excerpt(body))}
	}
	if status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge || status == http.StatusUnprocessableEntity {
		return notify.Reply{Err: campaign.Refused(
			"the webhook refused the message: HTTP %d (%s); check the endpoint's logs for what it did not accept in it", status, notify.Excerpt(body))}
	}
	return notify.Reply{Err: campaign.Errorf(campaign.Invalid,
		"the webhook refused the message: HTTP %d (%s); check the receiver's webhook URL and the endpoint's logs", status, notify.Excerpt(body))}
}
