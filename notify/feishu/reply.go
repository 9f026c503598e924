package feishu

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// Feishu's reply codes that campaignwatch tells apart.
const (
	codeOK         = 0
	codeBadRequest = 9499  // the request is malformed or too large
	codeTooOften   = 11232 // over 5 a second or 100 a minute
	codeBadToken   = 19001 // the hook token is unknown
	codeBadSign    = 19021 // sign does not match, or the timestamp is over an hour off
	codeIPDenied   = 19022 // this host's IP is not in the bot's allow list
	codeKeyword    = 19024 // the message lacks the bot's keyword
	// codeGroupSettings: the group's settings do not allow what the
	// message does. Feishu documents that a bot cannot mention everyone
	// in a group that lets only its owner and admins @all, but not the
	// code its custom bot then answers with; 230018 ("These operations are
	// NOT allowed at current group settings") is the code of Feishu's
	// message API for a group's settings, assumed here (the fake answers
	// it). The notifier does not depend on it: any refusal of a card that
	// mentions everyone is tried again without the mention.
	codeGroupSettings = 230018
)

// reply is a bot's JSON reply: {"code":0,"msg":"success"}, or the older
// {"StatusCode":0,"StatusMessage":"success"}.
type reply struct {
	Code          *int   `json:"code"`
	Msg           string `json:"msg"`
	StatusCode    *int   `json:"StatusCode"`
	StatusMessage string `json:"StatusMessage"`
}

// decodeReply decodes a bot's reply body; a body that is not a JSON object
// with an integer code is an error.
func decodeReply(body []byte) (code int, msg string, err error) {
	var r reply
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
		return 0, "", errors.New("the reply is not Feishu's JSON")
	}
	switch {
	case r.Code != nil:
		return *r.Code, notify.Clean(r.Msg), nil
	case r.StatusCode != nil:
		return *r.StatusCode, notify.Clean(r.StatusMessage), nil
	}
	return 0, "", errors.New("the reply has no code")
}

// readReply reads a bot's answer. Feishu answers with a code in a JSON
// body (mostly HTTP 200, 400 for some bad requests): 0 is delivered, every
// other code a failure. 429 and 5xx go through notify.Classify, as does
// any other status without Feishu's JSON.
func readReply(status int, header http.Header, body []byte) notify.Reply {
	retry, wait := notify.Classify(status, header)
	if retry {
		return notify.Reply{Retry: true, Wait: wait, Err: campaign.Errorf(campaign.Unavailable,
			"Feishu answered HTTP %d (%s); a later attempt may succeed", status, notify.Excerpt(body))}
	}
	code, msg, err := decodeReply(body)
	if err != nil {
		if status == http.StatusOK {
			// A 200 that is not Feishu's answer comes from something in
			// between (a proxy, a captive portal): worth another try later.
			return notify.Reply{Retry: true, Err: campaign.Errorf(campaign.Unavailable,
				"Feishu's reply could not be read: %v (%s)", err, notify.Excerpt(body))}
		}
		return notify.Reply{Err: campaign.Errorf(campaign.Invalid, "Feishu refused the message: HTTP %d (%s)", status, notify.Excerpt(body))}
	}
	switch code {
	case codeOK:
		if status >= 200 && status <= 299 {
			return notify.Reply{}
		}
	case codeTooOften:
		return notify.Reply{Retry: true, Err: campaign.Errorf(campaign.Unavailable,
			"Feishu says the bot is sent to too often (code %d: %s): it takes 5 messages a second and 100 a minute; campaignwatch backs off, a later run delivers the rest", code, msg)}
	case codeBadSign:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"Feishu refused the signature (code %d: %s): the receiver's secret must be the bot's signing secret, and this host's clock must be right", code, msg)}
	case codeIPDenied, codeKeyword:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"Feishu refused the message (code %d: %s): check the bot's security settings: this host's IP must be allowed, and messages must contain its keyword", code, msg)}
	case codeBadToken:
		return notify.Reply{Err: campaign.Errorf(campaign.Unauthorized,
			"Feishu does not know the bot (code %d: %s): the token in the receiver's webhook URL is not a bot's, or the bot was removed; copy its webhook URL again", code, msg)}
	case codeGroupSettings:
		return notify.Reply{Err: campaign.Refused(
			"Feishu refused the message: the group's settings do not allow it (code %d: %s); a card that mentions everyone (@all) is posted again without the mention", code, msg)}
	case codeBadRequest:
		return notify.Reply{Err: campaign.Refused(
			"Feishu refused the message as a bad request (code %d: %s): campaignwatch built a card Feishu does not accept; this is a bug, please report it with the run id", code, msg)}
	}
	return notify.Reply{Err: campaign.Errorf(campaign.Invalid, "Feishu refused the message (HTTP %d, code %d: %s)", status, code, msg)}
}
