//go:build !fcdeploy

package webhook

import (
	"net/http"

	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
)

// The fake's registration, for the demo, the playground and the
// conformance suite; the Function Compute build (-tags fcdeploy) leaves
// it out.
func init() {
	receiverstest.Register(Service.Type, func(secret string) receiverstest.Fake {
		f := webhooktest.New(secret)
		return receiverstest.Fake{URL: f.URL(), Secret: secret, Format: "the webhook JSON", Requests: f.Requests, Close: f.Close,
			Bodies: func() [][]byte {
				return receiverstest.Bodies(f.Messages(), func(m webhooktest.Message) []byte { return m.Body })
			},
			Throttle: func() { f.Enqueue(webhooktest.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"}) },
			Mentions: func([]byte) []string { return nil }, // the JSON carries no mention
			SetClock: f.SetClock}
	})
}
