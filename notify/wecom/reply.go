package wecom

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// WeCom's reply codes that campaignwatch tells apart.
const (
	codeOK         = 0
	codeOverLimit  = 45009 // over 20 messages a minute
	codeInvalidKey = 93000 // the webhook key is unknown
)

type errReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// decodeReply decodes a robot's reply body; a body that is not a JSON
// object with an integer errcode is an error.
func decodeReply(body []byte) (code int, msg string, err error) {
	var r errReply
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
		return 0, "", errors.New("the reply is not WeCom's JSON")
	}
	if r.ErrCode == nil {
		return 0, "", errors.New("the reply has no errcode")
	}
	return *r.ErrCode, notify.Clean(r.ErrMsg), nil
}

// readReply reads a robot's answer: HTTP 200 with an errcode, 0 delivered
// and everything else a failure. Other HTTP statuses go through
// notify.Classify.
func readReply(status int, header http.Header, body []byte) notify.Reply {
	if status != http.StatusOK {
		retry, wait := notify.Classify(status, header)
		kind := campaign.Invalid
		if retry {
			kind = campaign.Unavailable
		}
		return notify.Reply{Retry: retry, Wait: wait,
			Err: campaign.Errorf(kind, "WeCom answered HTTP %d (%s)", status, notify.Excerpt(body))}
	}
	code, msg, err := decodeReply(body)
	if err != nil {
		return notify.Reply{Retry: true, Err: campaign.Errorf(campaign.Unavailable,
			"WeCom's reply could not be read: %v (%s)", err, notify.Excerpt(body))}
	}
	switch code {
	case codeOK:
		return notify.Reply{}
	case codeOverLimit:
		return notify.Reply{Retry: true, Wait: throttleWait, Err: campaign.Errorf(campaign.Unavailable,
			"WeCom is limiting the robot (errcode %d: %s): it takes 20 messages a minute; a later attempt or run delivers the rest", code, msg)}
	case codeInvalidKey:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"WeCom does not know the robot (errcode %d: %s): the key in WECOM_WEBHOOK_URL is invalid or the robot was removed; copy its webhook URL again", code, msg)}
	}
	return notify.Reply{Err: campaign.Errorf(campaign.Invalid, "WeCom refused the message (errcode %d: %s)", code, msg)}
}
