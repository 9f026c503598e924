package cams

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// TestListKeepsUnderQPSCeilingUnderLoad lists under CPU load (goroutines
// spinning on every core), which delays calls between the moment the
// client lets them go and the moment they reach the server, and asserts
// the ceiling as the server measures it: never more than CAMS_QPS calls
// in any sliding second.
func TestListKeepsUnderQPSCeilingUnderLoad(t *testing.T) {
	const qps = 20
	f := newFixture(t, camsemu.Options{MaxPageSize: 10}, Config{QPS: qps, Concurrency: 8})
	var chs []campaign.Channel
	for i := range 8 {
		space := fmt.Sprintf("cams-%02d", i)
		f.emu.SetCampaigns(space, "1", makeCampaigns(space, "1", 130))
		chs = append(chs, channel(space, "1"))
	}
	ctx, stop := context.WithCancel(t.Context())
	var spin sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		spin.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				for range 1 << 12 {
					n = n*31 + 7
				}
			}
		})
	}
	ls, err := f.client.List(ctx, chs)
	stop()
	spin.Wait()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if !l.Complete {
			t.Fatalf("%s: %v", l.Channel.ChannelID, l.Err)
		}
	}
	if st := f.emu.Stats(); st.Calls != 8*13 || st.MaxQPS > qps {
		t.Errorf("%d calls, at most %d in one sliding second (per whole second %v); want %d calls, never more than %d a second",
			st.Calls, st.MaxQPS, st.PerSecond, 8*13, qps)
	}
}
