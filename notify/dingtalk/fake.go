//go:build !fcdeploy

package dingtalk

import (
	"encoding/json"

	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
)

// The fake's registration, for the demo, the playground and the
// conformance suite; the Function Compute build (-tags fcdeploy) leaves
// it out.
func init() {
	receiverstest.Register(Service.Type, func(secret string) receiverstest.Fake {
		f := dingtalktest.New(secret)
		return receiverstest.Fake{URL: f.URL(), Secret: secret, Format: "DingTalk markdown", Requests: f.Requests, Close: f.Close,
			Bodies: func() [][]byte {
				return receiverstest.Bodies(f.Messages(), func(m dingtalktest.Message) []byte { return m.Body })
			},
			Throttle: func() { f.Enqueue(dingtalktest.Throttled) }, SetClock: f.SetClock,
			Mentions: func(body []byte) []string {
				var m dingtalktest.Message
				if json.Unmarshal(body, &m) != nil {
					return nil
				}
				return m.Mentions()
			}}
	})
}
