package run

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Test posts one short test message to each receiver, or to those named,
// and returns one line per receiver: whether its service took the
// message. It lists nothing and reads or writes no snapshot or outbox, and
// quiet hours do not hold it: it is asked for by a person, now.
func (r *Runner) Test(ctx context.Context, names []string) ([]campaign.Delivery, error) {
	if err := r.needReceiver(false); err != nil {
		return nil, err
	}
	return SendTest(ctx, r.receivers, names, r.opt.Now(), r.opt.Redact)
}

// SendTest is Test for receivers that no Runner holds (the test command
// needs no CAMS client and no store). A name that is none of the
// receivers' is an error of kind Invalid, and then nothing is posted.
// redact may be nil.
func SendTest(ctx context.Context, receivers []Receiver, names []string, now time.Time, redact func(string) string) ([]campaign.Delivery, error) {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	chosen := receivers
	if len(names) > 0 {
		chosen = nil
		known := make([]string, len(receivers))
		for i, rc := range receivers {
			known[i] = rc.Notifier.Name()
		}
		for _, name := range names {
			i := slices.Index(known, name)
			if i < 0 {
				return nil, campaign.Errorf(campaign.Invalid, "no receiver is named %q; the receivers are: %s", campaign.Clip(name, 64), strings.Join(known, ", "))
			}
			if !slices.ContainsFunc(chosen, func(rc Receiver) bool { return rc.Notifier.Name() == name }) {
				chosen = append(chosen, receivers[i])
			}
		}
	}
	runID := newRunID()
	ctx = withRun(ctx, runID)
	out := make([]campaign.Delivery, len(chosen))
	var wg sync.WaitGroup
	for i, rc := range chosen {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := &campaign.Alert{ID: "test-" + runID, Kind: campaign.AlertTest, At: now.UTC(), RunID: runID, Receivers: []string{rc.Notifier.Name()}}
			d := campaign.Delivery{Receiver: rc.Notifier.Name()}
			msgs, err := rc.Notifier.Render(a)
			for _, m := range msgs {
				if err != nil {
					break
				}
				if err = rc.Notifier.Post(ctx, m); err == nil {
					d.Messages++
				}
			}
			if err != nil {
				d.Error = redact(err.Error())
			}
			out[i] = d
		}()
	}
	wg.Wait()
	return out, nil
}
