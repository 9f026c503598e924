package dingtalk

import (
	"net/http"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// DingTalk's reply codes that campaignwatch tells apart.
const (
	codeOK        = 0
	codeBusy      = -1     // "system busy": DingTalk says to retry
	codeThrottled = 130101 // over 20 messages a minute: throttled for 10 minutes
	codeSecurity  = 310000 // keyword, IP whitelist, timestamp or sign rejected
	codeNoToken   = 300001 // access_token unknown
	codeTooLarge  = 460101 // over 20,000 bytes
)

// throttleWait is how long DingTalk refuses a robot's posts after
// codeThrottled. It is longer than a post's claim: the run waits it out
// when its deadline allows (a Function Compute run's rarely does), else
// the message stays pending for a later run.
const throttleWait = 10 * time.Minute

// decodeReply decodes a robot's reply body (see notify.DecodeErrcode).
func decodeReply(body []byte) (code int, msg string, err error) {
	return notify.DecodeErrcode("DingTalk", body)
}

// readReply reads a robot's answer. DingTalk answers HTTP 200 with an
// errcode: 0 is delivered, everything else is a failure: 130101 is worth
// retrying after throttleWait, -1 ("system busy") after the usual
// backoff, the rest are refusals with DingTalk's errmsg. Other HTTP statuses go through notify.Classify.
func readReply(status int, header http.Header, body []byte) notify.Reply {
	code, msg, r, ok := notify.ReadErrcode("DingTalk", status, header, body)
	if !ok {
		return r
	}
	switch code {
	case codeOK:
		return notify.Reply{}
	case codeBusy:
		return notify.Reply{Retry: true, Err: campaign.Errorf(campaign.Unavailable,
			"DingTalk is busy (errcode %d: %s); a later attempt may succeed", code, msg)}
	case codeThrottled:
		return notify.Reply{Retry: true, Wait: throttleWait, Err: campaign.Errorf(campaign.Unavailable,
			"DingTalk is throttling the robot (errcode %d: %s): it takes 20 messages a minute, then refuses posts for about 10 minutes; campaignwatch waits if the run has the time, else a later run delivers", code, msg)}
	case codeSecurity:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"DingTalk refused the message (errcode %d: %s): check the robot's security settings: the receiver's secret must be its signing secret, messages must contain its keyword, this host's IP must be whitelisted, and the clock must be right", code, msg)}
	case codeNoToken:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"DingTalk refused the message (errcode %d: %s): the access_token in the receiver's webhook URL is not a robot's; copy the robot's webhook URL again", code, msg)}
	case codeTooLarge:
		return notify.Reply{Err: campaign.Errorf(campaign.Invalid,
			"DingTalk refused the message (errcode %d: %s): it is too large; this is a bug in campaignwatch, please report it with the run id", code, msg)}
	}
	return notify.Reply{Err: campaign.Errorf(campaign.Invalid, "DingTalk refused the message (errcode %d: %s)", code, msg)}
}
