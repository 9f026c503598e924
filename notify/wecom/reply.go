package wecom

import (
	"net/http"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// WeCom's reply codes that campaignwatch tells apart.
const (
	codeOK         = 0
	codeBusy       = -1    // "system busy": WeCom says to retry
	codeOverLimit  = 45009 // over 20 messages a minute
	codeInvalidKey = 93000 // the webhook key is unknown
)

// decodeReply decodes a robot's reply body (see notify.DecodeErrcode).
func decodeReply(body []byte) (code int, msg string, err error) {
	return notify.DecodeErrcode("WeCom", body)
}

// readReply reads a robot's answer: HTTP 200 with an errcode, 0 delivered
// and everything else a failure: 45009 is worth retrying after
// throttleWait, -1 ("system busy") after the usual backoff. Other HTTP
// statuses go through notify.Classify.
func readReply(status int, header http.Header, body []byte) notify.Reply {
	code, msg, r, ok := notify.ReadErrcode("WeCom", status, header, body)
	if !ok {
		return r
	}
	switch code {
	case codeOK:
		return notify.Reply{}
	case codeBusy:
		return notify.Reply{Retry: true, Err: campaign.Errorf(campaign.Unavailable,
			"WeCom is busy (errcode %d: %s); a later attempt may succeed", code, msg)}
	case codeOverLimit:
		return notify.Reply{Retry: true, Wait: throttleWait, Err: campaign.Errorf(campaign.Unavailable,
			"WeCom is limiting the robot (errcode %d: %s): it takes 20 messages a minute; a later attempt or run delivers the rest", code, msg)}
	case codeInvalidKey:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"WeCom does not know the robot (errcode %d: %s): the key in the receiver's webhook URL is invalid or the robot was removed; copy its webhook URL again", code, msg)}
	}
	return notify.Reply{Err: campaign.Errorf(campaign.Invalid, "WeCom refused the message (errcode %d: %s)", code, msg)}
}
