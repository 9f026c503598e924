package playground

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// Clock is a clock that LayDown moves through past days and then lets run
// with time.Now; campaignwatch is wired with its Now.
type Clock struct {
	mu  sync.Mutex
	set *time.Time
}

// Now is the time: the one set, else time.Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set != nil {
		return *c.set
	}
	return time.Now()
}

func (c *Clock) fix(t time.Time) { c.mu.Lock(); c.set = &t; c.mu.Unlock() }
func (c *Clock) real()           { c.mu.Lock(); c.set = nil; c.mu.Unlock() }

// LayDown records days of history before now, in seconds: the first
// check with the clock days back (the baseline, on a new store), then, at
// that hour of each following day, it moves some campaigns of the
// emulator's channels (budgets up and down, a campaign paused or resumed,
// one added every few days) and checks again; the last check is now.
// With restore, the campaigns are put back as they were before that last
// check, so that the emulator ends as it began. Every record is the
// product's own: check (told the day, -days up to 0) is the wired
// runner's. The clock runs in real time again afterwards, also when a
// check fails.
func LayDown(ctx context.Context, emu *camsemu.Server, channels []campaign.ChannelID, clock *Clock, days int, restore bool,
	check func(ctx context.Context, day int) error) error {
	defer clock.real()
	start := map[campaign.ChannelID][]campaign.Campaign{}
	for _, ch := range channels {
		start[ch] = emu.Campaigns(ch.CustSpaceID, ch.PageID)
	}
	now := time.Now()
	for d := -days; d <= 0; d++ {
		clock.fix(now.AddDate(0, 0, d))
		switch {
		case d == 0 && restore:
			for _, ch := range channels {
				emu.SetCampaigns(ch.CustSpaceID, ch.PageID, start[ch])
			}
		case d > -days:
			move(emu, channels, d+days, clock.Now())
		}
		if err := check(ctx, d); err != nil {
			return fmt.Errorf("the check of %s: %w", clock.Now().Format(time.DateOnly), err)
		}
	}
	return nil
}

// move changes some campaigns for day n, the same way every time.
func move(emu *camsemu.Server, channels []campaign.ChannelID, n int, at time.Time) {
	for ci, ch := range channels {
		cs := emu.Campaigns(ch.CustSpaceID, ch.PageID)
		if len(cs) == 0 {
			continue
		}
		for i := range cs {
			if (i+n+ci)%4 == 0 && cs[i].BudgetType == campaign.BudgetDaily {
				cs[i].Budget = max(cs[i].Budget+int64(((n*7+i*3+ci)%11-4)*250), 500)
			}
		}
		if n%6 == ci%6 {
			k := (n / 6) % len(cs)
			if campaign.IsActive(cs[k].Status) {
				cs[k].Status = "PAUSED"
			} else if cs[k].Status == "PAUSED" {
				cs[k].Status = "AVAILABLE"
			}
		}
		if n%9 == ci%9+1 {
			cs = append(cs, campaign.Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID,
				CampaignID: fmt.Sprintf("29%s%04d", ch.PageID[len(ch.PageID)-1:], n), CampaignName: fmt.Sprintf("promo-day-%d", n),
				Status: "AVAILABLE", Budget: 3000, BudgetType: campaign.BudgetDaily, AdAccountID: cs[0].AdAccountID,
				CreateTime: at.UnixMilli()})
		}
		emu.SetCampaigns(ch.CustSpaceID, ch.PageID, cs)
	}
}
