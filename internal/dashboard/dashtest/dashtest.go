// Package dashtest runs the wired product (internal/app) over the CAMS
// emulator, a file:// store and a webhook fake, with days of checks laid
// down in seconds by a clock it moves: what the dashboard's browser
// tests, its screenshots and the playground look at. Every record in the
// store is written by the product's own runs; nothing is written around
// them.
package dashtest

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/notify/webhook/webhooktest"
)

// Token is the dashboard's sign-in token in a Site.
const Token = "dashboard-test-token-0123456789abcdef"

// Hostile campaign names: each must show as these characters, and run
// nothing, wherever a page shows it.
const (
	HostileImg    = `<img src=x onerror=alert(1)>`
	HostileScript = `</script><script>alert(2)</script>`
)

// Channels are the Site's channels, as CAMS_CHANNELS.
const Channels = "cams-a1:239001?name=Brand%20A,cams-b2:239002?name=Brand%20B,cams-c3:239003?name=%E5%93%81%E7%89%8C%20C"

// Options configure Start.
type Options struct {
	// Dir is the snapshot directory. Required.
	Dir string
	// Days of history before now, one check a day and a digest; 0 is 30.
	Days int
	// Language and Zone are MESSAGE_LANGUAGE and DIGEST_TIMEZONE.
	Language, Zone string
}

// Site is the running product.
type Site struct {
	App      *app.App
	Emulator *camsemu.Server
	Hook     *webhooktest.Server
	Clock    *Clock
	// Handler serves the HTTP routes and the dashboard.
	Handler http.Handler
}

// Close stops the fakes.
func (s *Site) Close() {
	s.Emulator.Close()
	s.Hook.Close()
}

// Clock is a clock that Start moves through the days of history and then
// lets run with time.Now.
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

// Set fixes the time; Real lets it run.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.set = &t; c.mu.Unlock() }

// Real lets the clock run with time.Now again.
func (c *Clock) Real() { c.mu.Lock(); c.set = nil; c.mu.Unlock() }

// Start wires the product and records opt.Days of history: the
// baseline, then each day one check after some campaigns moved, and the
// day's digest; the clock then runs in real time.
func Start(ctx context.Context, opt Options) (*Site, error) {
	if opt.Days <= 0 {
		opt.Days = 30
	}
	s := &Site{Emulator: camsemu.New(camsemu.Options{}), Hook: webhooktest.New(""), Clock: &Clock{}}
	for _, ch := range channelIDs {
		s.Emulator.SetCampaigns(ch.CustSpaceID, ch.PageID, Campaigns(ch, 12))
	}
	id, secret, _ := s.Emulator.AccessKey()
	vars := map[string]string{
		"CAMS_CHANNELS": Channels, "CAMS_ENDPOINT": s.Emulator.URL(), "CAMS_QPS": "1000",
		"ALIBABA_CLOUD_ACCESS_KEY_ID": id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
		"SNAPSHOT_URL": "file://" + opt.Dir, "LOG_LEVEL": "error", "HTTP_AUTH_TOKEN": Token,
		"WEBHOOK_URL": s.Hook.URL(), "MESSAGE_LANGUAGE": opt.Language, "DIGEST_TIMEZONE": opt.Zone,
	}
	cfg, err := config.Load(func(k string) string { return vars[k] }, config.ForServe)
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.App, err = app.New(ctx, cfg, app.Options{Now: s.Clock.Now}); err != nil {
		s.Close()
		return nil, err
	}
	s.Handler = s.App.Handler
	if err := s.history(ctx, opt.Days, cfg.DigestZone); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

var channelIDs = []campaign.ChannelID{
	{CustSpaceID: "cams-a1", PageID: "239001"}, {CustSpaceID: "cams-b2", PageID: "239002"}, {CustSpaceID: "cams-c3", PageID: "239003"},
}

var names = []string{"spring-sale", "summer-launch", "brand-awareness", "retargeting-q4", "双十一大促", "new-arrivals",
	"loyalty-members", "holiday-gifts", "flash-deal", "app-installs", "video-views", "lead-gen"}

// Campaigns are n campaigns of a channel; the first channel's include
// the hostile names.
func Campaigns(ch campaign.ChannelID, n int) []campaign.Campaign {
	out := make([]campaign.Campaign, 0, n)
	for i := range n {
		name := names[i%len(names)]
		if i >= len(names) {
			name += "-" + strconv.Itoa(i)
		}
		c := campaign.Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID,
			CampaignID: fmt.Sprintf("23%s%04d", ch.PageID[len(ch.PageID)-1:], i+1), CampaignName: name,
			Status: "AVAILABLE", Budget: int64(2000 + 1500*(i%9)), BudgetType: campaign.BudgetDaily,
			AdAccountID: "act_" + ch.PageID, CreateTime: time.Date(2026, 1, 1+i, 8, 0, 0, 0, time.UTC).UnixMilli()}
		if i%5 == 3 {
			c.Status = "PAUSED"
		}
		if i%6 == 5 {
			c.BudgetType, c.Budget = campaign.BudgetLifetime, c.Budget*20
		}
		out = append(out, c)
	}
	if ch == channelIDs[0] && n >= 3 {
		out[1].CampaignName, out[2].CampaignName = HostileImg, HostileScript
	}
	return out
}

// history records days of checks: the baseline days back, then each
// day budgets move, a campaign pauses or resumes, one is added, and the
// day's last check is followed by its digest.
func (s *Site) history(ctx context.Context, days int, zone *time.Location) error {
	now := time.Now()
	start := now.AddDate(0, 0, -days)
	for d := 0; d <= days; d++ {
		s.Clock.Set(start.AddDate(0, 0, d))
		if d > 0 {
			s.move(d)
		}
		if _, err := s.App.Runner.Check(ctx, false); err != nil {
			return fmt.Errorf("day %d's check: %w", d, err)
		}
		if d > 0 && d < days {
			if _, err := s.App.Runner.SendDigest(ctx, false); err != nil {
				return fmt.Errorf("day %d's digest: %w", d, err)
			}
		}
	}
	s.Clock.Real()
	return nil
}

// move changes some campaigns for day d, deterministically.
func (s *Site) move(d int) {
	for ci, ch := range channelIDs {
		cs := s.Emulator.Campaigns(ch.CustSpaceID, ch.PageID)
		for i := range cs {
			if (i+d+ci)%4 == 0 && cs[i].BudgetType == campaign.BudgetDaily {
				cs[i].Budget += int64(((d*7+i*3+ci)%11 - 4) * 250)
				cs[i].Budget = max(cs[i].Budget, 500)
			}
		}
		if d%6 == ci {
			k := (d / 6) % len(cs)
			if cs[k].Status == "PAUSED" {
				cs[k].Status = "AVAILABLE"
			} else {
				cs[k].Status = "PAUSED"
			}
		}
		if d%9 == ci+1 {
			cs = append(cs, campaign.Campaign{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID,
				CampaignID: fmt.Sprintf("29%s%04d", ch.PageID[len(ch.PageID)-1:], d), CampaignName: fmt.Sprintf("promo-day-%d", d),
				Status: "AVAILABLE", Budget: 3000, BudgetType: campaign.BudgetDaily, AdAccountID: "act_" + ch.PageID,
				CreateTime: s.Clock.Now().UnixMilli()})
		}
		s.Emulator.SetCampaigns(ch.CustSpaceID, ch.PageID, cs)
	}
}
