package cams

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// fixture is an emulator and a client pointed at it.
type fixture struct {
	emu    *camsemu.Server
	client *Client
	log    *bytes.Buffer
}

// newFixture starts an emulator with opts and a client with cfg (its
// Endpoint and Credential filled in for the emulator unless set).
func newFixture(t testing.TB, opts camsemu.Options, cfg Config) *fixture {
	t.Helper()
	emu := camsemu.New(opts)
	t.Cleanup(emu.Close)
	if cfg.Endpoint == "" {
		cfg.Endpoint = emu.URL()
	}
	if cfg.Credential == nil {
		id, secret, token := emu.AccessKey()
		cfg.Credential = staticCredential(t, id, secret, token)
	}
	if cfg.Retry.Initial == 0 {
		cfg.Retry.Initial = time.Millisecond
		cfg.Retry.Max = 5 * time.Millisecond
	}
	if cfg.QPS == 0 {
		cfg.QPS = 1000
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 50
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = 4
	}
	log := new(bytes.Buffer)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &fixture{emu: emu, client: c, log: log}
}

func staticCredential(t testing.TB, id, secret, token string) credentials.Credential {
	t.Helper()
	cc := &credentials.Config{Type: tea.String("access_key"), AccessKeyId: tea.String(id), AccessKeySecret: tea.String(secret)}
	if token != "" {
		cc.Type, cc.SecurityToken = tea.String("sts"), tea.String(token)
	}
	cred, err := credentials.NewCredential(cc)
	if err != nil {
		t.Fatalf("credential: %v", err)
	}
	return cred
}

// makeCampaigns returns n campaigns of one channel; every third is PAUSED,
// every other one in account "acct-b", names "promo-<i>".
func makeCampaigns(space, page string, n int) []campaign.Campaign {
	cs := make([]campaign.Campaign, n)
	for i := range cs {
		status, acct, btype := "AVAILABLE", "acct-a", campaign.BudgetDaily
		if i%3 == 0 {
			status = "PAUSED"
		}
		if i%2 == 1 {
			acct, btype = "acct-b", campaign.BudgetLifetime
		}
		cs[i] = campaign.Campaign{
			CustSpaceID: space, PageID: page,
			CampaignID: fmt.Sprintf("%s-%05d", space, i), CampaignName: fmt.Sprintf("promo-%d", i),
			Status: status, Budget: int64(1000 + i), BudgetType: btype, AdAccountID: acct,
			CreateTime: 1730293928380 + int64(i),
		}
	}
	return cs
}

func channel(space, page string) campaign.Channel {
	return campaign.Channel{ChannelID: campaign.ChannelID{CustSpaceID: space, PageID: page}}
}

// listOne lists one channel and fails the test on a whole-call error.
func (f *fixture) listOne(t *testing.T, ch campaign.Channel) campaign.Listing {
	t.Helper()
	ls, err := f.client.List(t.Context(), []campaign.Channel{ch})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(ls) != 1 {
		t.Fatalf("List returned %d listings, want 1", len(ls))
	}
	return ls[0]
}
