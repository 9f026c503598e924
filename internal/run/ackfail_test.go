package run

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// failAckOnce: the store write that records a delivered message fails once
// (OSS 503 beyond the SDK's retries, a network blip); the process lives on.
type failAckOnce struct {
	campaign.Store
	failed atomic.Bool // receivers are delivered to in parallel
}

func (s *failAckOnce) Ack(ctx context.Context, c *campaign.Claim, i, total int) error {
	if strings.HasPrefix(c.Receiver, "slack") && s.failed.CompareAndSwap(false, true) {
		return campaign.Errorf(campaign.Unavailable, "PutObject ack: OSS is failing; try again later")
	}
	return s.Store.Ack(ctx, c, i, total)
}

// TestAFailedRecordIsRetriedNotPostedTwice: the store refuses to record a
// posted message once; the process lives on, so the message must not be
// posted again by the next run: found in review.
func TestAFailedRecordIsRetriedNotPostedTwice(t *testing.T) {
	rig := newRig(t)
	clock := rig.now
	rig.opt.Now = func() time.Time { return clock }
	check(t, rig.runner(), false)

	rig.src.set(func(cs []campaign.Campaign) []campaign.Campaign { cs[0].Budget = 7000; return cs })
	opt := rig.opt
	opt.Store = &failAckOnce{Store: rig.store}
	opt.Incidents = nil // as before: the wrapper kept no incident log
	rep, err := New(opt).Check(context.Background(), false)
	if err != nil || rep.Notifications[0].Error != "" || rep.Notifications[0].Messages != 1 {
		t.Fatalf("run 1: err %v, notifications %+v; want slack delivered once despite the failed record", err, rep.Notifications)
	}
	clock = clock.Add(31 * time.Second)
	rep = check(t, rig.runner(), false)
	t.Logf("run 2: notifications %+v", rep.Notifications)
	s, _ := rig.posted()
	n := 0
	for _, m := range s {
		if strings.Contains(m, "US$62.00 → US$70.00") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("slack got the change %d times, want once: no process was killed", n)
	}
}
