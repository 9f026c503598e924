//go:build !fcdeploy

package feishu

import (
	"github.com/campaignwatch/campaignwatch/notify/feishu/feishutest"
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
)

// The fake's registration, for the demo, the playground and the
// conformance suite; the Function Compute build (-tags fcdeploy) leaves
// it out.
func init() {
	receiverstest.Register(Service.Type, func(secret string) receiverstest.Fake {
		f := feishutest.New(secret)
		return receiverstest.Fake{URL: f.URL(), Secret: secret, Format: "a Feishu card", Requests: f.Requests, Close: f.Close,
			Bodies: func() [][]byte {
				return receiverstest.Bodies(f.Messages(), func(m feishutest.Message) []byte { return m.Body })
			},
			Throttle: func() { f.Enqueue(feishutest.TooOften) }, Mentions: feishutest.Mentions, SetClock: f.SetClock}
	})
}
