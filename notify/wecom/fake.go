//go:build !fcdeploy

package wecom

import (
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// The fake's registration, for the demo, the playground and the
// conformance suite; the Function Compute build (-tags fcdeploy) leaves
// it out.
func init() {
	receiverstest.Register(Service.Type, func(string) receiverstest.Fake {
		f := wecomtest.New()
		return receiverstest.Fake{URL: f.URL(), Format: "WeCom markdown", Requests: f.Requests, Close: f.Close,
			Bodies: func() [][]byte {
				return receiverstest.Bodies(f.Messages(), func(m wecomtest.Message) []byte { return m.Body })
			},
			Throttle: func() { f.Enqueue(wecomtest.OverLimit) }, Mentions: wecomtest.Mentions, SetClock: f.SetClock}
	})
}
