package slack

import (
	"net/http"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// readReply reads an incoming webhook's answer: 2xx (body "ok") is
// delivered; 429 and 5xx are worth retrying (notify.Classify); any other
// status is a refusal whose plain-text body (invalid_payload, no_service,
// channel_not_found, ...) says why, and decides the kind and the advice.
func readReply(status int, header http.Header, body []byte) notify.Reply {
	if status >= 200 && status <= 299 {
		return notify.Reply{}
	}
	reason := notify.Excerpt(body)
	retry, wait := notify.Classify(status, header)
	if retry {
		what := "Slack answered HTTP %d (%s)"
		if status == http.StatusTooManyRequests {
			what = "Slack is rate-limiting this webhook: HTTP %d (%s)"
		}
		return notify.Reply{Retry: true, Wait: wait,
			Err: campaign.Errorf(campaign.Unavailable, what+"; a later attempt may succeed", status, reason)}
	}
	kind, advice := refusal(reason)
	if contentRefusal(reason) {
		return notify.Reply{Err: campaign.Refused("Slack refused the message: HTTP %d %s; %s", status, reason, advice)}
	}
	return notify.Reply{Err: campaign.Errorf(kind, "Slack refused the message: HTTP %d %s; %s", status, reason, advice)}
}

// contentRefusal reports whether Slack's reason refuses the message for
// what it holds, rather than the webhook (campaign.ErrMessageRefused).
func contentRefusal(reason string) bool {
	switch strings.ToLower(reason) {
	case "invalid_payload", "no_text", "invalid_blocks", "invalid_blocks_format", "too_many_attachments", "msg_too_long":
		return true
	}
	return false
}

// refusal maps Slack's reason text to a kind and what to do about it.
func refusal(reason string) (campaign.Kind, string) {
	switch strings.ToLower(reason) {
	case "invalid_token", "no_service", "no_service_id", "no_team", "team_disabled", "action_prohibited", "no_active_hooks", "invalid_team":
		return campaign.Unauthorized, "the webhook was revoked or disabled: create a new incoming webhook and put its URL in the receiver's configuration"
	case "channel_not_found", "channel_is_archived", "posting_to_general_channel_denied", "user_not_found":
		return campaign.Invalid, "the webhook's channel is gone or closed to it: point the webhook at a live channel or give the receiver a new webhook URL"
	case "invalid_payload", "no_text", "invalid_blocks", "invalid_blocks_format", "too_many_attachments", "msg_too_long":
		return campaign.Invalid, "campaignwatch built a message Slack does not accept: this is a bug, please report it with the run id"
	}
	return campaign.Invalid, "check the webhook in Slack's app settings"
}
