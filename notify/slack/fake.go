//go:build !fcdeploy

package slack

import (
	"time"

	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// The fake's registration, for the demo, the playground and the
// conformance suite; the Function Compute build (-tags fcdeploy) leaves
// it out.
func init() {
	receiverstest.Register(Service.Type, func(string) receiverstest.Fake {
		f := slacktest.New()
		return receiverstest.Fake{URL: f.URL(), Format: "Slack Block Kit", Bodies: f.Payloads, Requests: f.Requests, Close: f.Close,
			Throttle: func() { f.Enqueue(slacktest.RateLimited(1)) }, Mentions: slacktest.Mentions,
			SetClock: func(func() time.Time) {}} // the fake keeps no time
	})
}
