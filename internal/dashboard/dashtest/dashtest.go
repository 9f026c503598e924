// Package dashtest runs the wired product (internal/app) over the CAMS
// emulator, a file:// store and a webhook fake, with days of checks laid
// down in seconds (playground.LayDown, as the playground does): what the
// dashboard's browser tests and its screenshots look at. Every record in
// the store is written by the product's own runs; nothing is written
// around them.
package dashtest

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/playground"
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
	// Days of history before now, one check a day; 0 is 30.
	Days int
	// Language and Zone are MESSAGE_LANGUAGE and DIGEST_TIMEZONE.
	Language, Zone string
}

// Site is the running product.
type Site struct {
	App      *app.App
	Emulator *camsemu.Server
	Hook     *webhooktest.Server
	Clock    *playground.Clock
	// Handler serves the HTTP routes and the dashboard.
	Handler http.Handler
}

// Close stops the fakes.
func (s *Site) Close() {
	s.Emulator.Close()
	s.Hook.Close()
}

// Start wires the product and records opt.Days of history: the
// baseline, then each day one check after some campaigns moved; the clock
// then runs in real time.
func Start(ctx context.Context, opt Options) (*Site, error) {
	if opt.Days <= 0 {
		opt.Days = 30
	}
	s := &Site{Emulator: camsemu.New(camsemu.Options{}), Hook: webhooktest.New(""), Clock: &playground.Clock{}}
	for _, ch := range channelIDs {
		s.Emulator.SetCampaigns(ch.CustSpaceID, ch.PageID, Campaigns(ch, 12))
	}
	id, secret, _ := s.Emulator.AccessKey()
	vars := map[string]string{
		"CAMS_ENDPOINT": s.Emulator.URL(), "CAMS_QPS": "1000",
		"ALIBABA_CLOUD_ACCESS_KEY_ID": id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
		"SNAPSHOT_URL": "file://" + opt.Dir, "LOG_LEVEL": "error", "HTTP_AUTH_TOKEN": Token,
		"DASHTEST_HOOK_URL": s.Hook.URL(), "MESSAGE_LANGUAGE": opt.Language, "DIGEST_TIMEZONE": opt.Zone,
	}
	cfg, err := config.LoadFile(func(k string) string { return vars[k] }, &config.File{Name: "dashtest.yaml", Data: []byte(configFile)}, config.ForServe)
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.App, err = app.New(ctx, cfg, app.Options{Now: s.Clock.Now}); err != nil {
		s.Close()
		return nil, err
	}
	s.Handler = s.App.Handler
	check := func(ctx context.Context, _ int) error { _, err := s.App.Runner.Check(ctx, false); return err }
	if err := playground.LayDown(ctx, s.Emulator, channelIDs, s.Clock, opt.Days, false, check); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// configFile is the Site's configuration: its channels (Channels), a
// webhook receiver, and a guardrail that some campaign of Brand A breaches
// on most days, so that the overview has an open incident to show.
const configFile = `version: 1
channels:
  - {id: "cams-a1:239001", name: Brand A}
  - {id: "cams-b2:239002", name: Brand B}
  - {id: "cams-c3:239003", name: 品牌 C}
receivers:
  - {name: webhook, type: webhook, url: "${DASHTEST_HOOK_URL}"}
guardrails:
  - name: brand-a-campaign-cap
    channels: [Brand A]
    campaignBudgetAbove: $120
`

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
