package notify

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// errcodeReply is the JSON reply of a robot that answers HTTP 200 with an
// errcode (DingTalk's custom robots, WeCom's group robots).
type errcodeReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// DecodeErrcode decodes an errcode robot's reply body into its code and
// its errmsg (cleaned to one line); a body that is not a JSON object with
// an integer errcode is an error naming service.
func DecodeErrcode(service string, body []byte) (code int, msg string, err error) {
	var r errcodeReply
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
		return 0, "", errors.New("the reply is not " + service + "'s JSON")
	}
	if r.ErrCode == nil {
		return 0, "", errors.New("the reply has no errcode")
	}
	return *r.ErrCode, Clean(r.ErrMsg), nil
}

// ReadErrcode reads what an errcode robot of service answered. For a
// status other than 200 (classified by Classify), or a 200 whose body is
// not the robot's JSON (something in between answered: a proxy, a captive
// portal; worth another try), it returns the Reply to give and ok false.
// Otherwise ok is true and code and msg are the robot's, for the service
// to tell its codes apart; 0 is delivered.
func ReadErrcode(service string, status int, header http.Header, body []byte) (code int, msg string, r Reply, ok bool) {
	if status != http.StatusOK {
		retry, wait := Classify(status, header)
		kind := campaign.Invalid
		if retry {
			kind = campaign.Unavailable
		}
		return 0, "", Reply{Retry: retry, Wait: wait,
			Err: campaign.Errorf(kind, "%s answered HTTP %d (%s)", service, status, Excerpt(body))}, false
	}
	code, msg, err := DecodeErrcode(service, body)
	if err != nil {
		return 0, "", Reply{Retry: true, Err: campaign.Errorf(campaign.Unavailable,
			"%s's reply could not be read: %v (%s)", service, err, Excerpt(body))}, false
	}
	return code, msg, Reply{}, true
}
