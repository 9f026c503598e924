package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

const (
	bucket       = "perf-bucket"
	dingSecret   = "SEC-perf-signing-secret"
	accessSecret = "perf-access-key-secret"
)

// fakes are the services one size runs against, all on 127.0.0.1: the CAMS
// emulator, the OSS fake (the store starts empty) and the two chat fakes.
type fakes struct {
	emu   *camsemu.Server
	oss   *ossfake.Server
	slack *slacktest.Server
	ding  *dingtalktest.Server
	chans []campaign.ChannelID
	// config is the configuration file's path, once written.
	config string
}

// startFakes starts the fakes and loads n campaigns spread evenly over
// channels channels. The emulator accepts the OSS fake's access key id, so
// that one credential serves both, as one role's does in Function Compute.
func startFakes(n, channels int, latency time.Duration, maxPage int) *fakes {
	f := &fakes{
		emu: camsemu.New(camsemu.Options{
			AccessKeyID: ossfake.AccessKeyID, AccessKeySecret: accessSecret,
			Latency: latency, MaxPageSize: maxPage,
		}),
		oss:   ossfake.New(bucket),
		slack: slacktest.New(),
		ding:  dingtalktest.New(dingSecret),
	}
	// DingTalk takes 20 messages a minute; the bench's runs follow each
	// other faster than a real timer, so the fake is not the limit here.
	f.ding.SetLimit(1 << 20)
	f.oss.SetLatency(ossLatency)
	for ch, per := range channelSizes(n, channels) {
		id := campaign.ChannelID{CustSpaceID: fmt.Sprintf("cams-%03d", ch), PageID: fmt.Sprintf("%d", 239000+ch)}
		f.chans = append(f.chans, id)
		f.emu.SetCampaigns(id.CustSpaceID, id.PageID, makeCampaigns(ch, per))
	}
	return f
}

func (f *fakes) close() {
	if f.config != "" {
		os.RemoveAll(filepath.Dir(f.config))
	}
	f.emu.Close()
	f.oss.Close()
	f.slack.Close()
	f.ding.Close()
}

// makeCampaigns returns real-shaped campaigns of channel ch: 19-digit-ish
// ids, names of a few words, a handful of ad accounts, budgets in cents.
func makeCampaigns(ch, n int) []campaign.Campaign {
	statuses := []string{"AVAILABLE", "AVAILABLE", "AVAILABLE", "PAUSED", "DELETED"}
	words := []string{"spring-sale", "retargeting", "lookalike", "new-arrivals", "flash-weekend", "brand-awareness", "cart-recovery"}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	cs := make([]campaign.Campaign, n)
	for i := range cs {
		btype := campaign.BudgetDaily
		if i%4 == 3 {
			btype = campaign.BudgetLifetime
		}
		cs[i] = campaign.Campaign{
			CampaignID:   fmt.Sprintf("2385%04d%08d", ch, i),
			CampaignName: fmt.Sprintf("%s-%s-%d", words[i%len(words)], words[(i/7+ch)%len(words)], i),
			Status:       statuses[i%len(statuses)],
			Budget:       int64(1000 + (i*7919+ch*104729)%500000),
			BudgetType:   btype,
			AdAccountID:  fmt.Sprintf("act_%d", 1029384700+ch*10+i%7),
			CreateTime:   base + int64(i)*3_600_000,
		}
	}
	return cs
}

// changeBudgets raises the budget of every step-th campaign (counted over
// all channels) by 25% and returns how many changed.
func (f *fakes) changeBudgets(step int) int {
	changed, k := 0, 0
	for _, id := range f.chans {
		cs := f.emu.Campaigns(id.CustSpaceID, id.PageID)
		for i := range cs {
			if k%step == step/2 {
				cs[i].Budget += cs[i].Budget / 4
				changed++
			}
			k++
		}
		f.emu.SetCampaigns(id.CustSpaceID, id.PageID, cs)
	}
	return changed
}

// env is the child's whole environment: nothing is inherited, so the run
// sees only the fakes.
func (f *fakes) env(s settings) []string {
	var chans []string
	for _, id := range f.chans {
		chans = append(chans, id.String()+"?name="+url.QueryEscape("Brand "+id.PageID))
	}
	vars := []string{
		"CAMS_ENDPOINT=" + f.emu.URL(),
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + ossfake.AccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + accessSecret,
		"SNAPSHOT_URL=oss://" + bucket + "/campaignwatch",
		"OSS_ENDPOINT=" + f.oss.URL,
		"OSS_REGION=" + ossfake.Region,
		"LOG_LEVEL=info",
		// Every GC cycle's heap sizes on stderr: the peak heap, without
		// asking the product to report on itself.
		"GODEBUG=gctrace=1",
	}
	switch {
	case fileReceivers > 0 || !bare:
		vars = append(vars, "CAMPAIGNWATCH_CONFIG="+f.configFile(fileReceivers), "DINGTALK_SECRET_FILE="+dingSecret)
	default:
		vars = append(vars, "CAMS_CHANNELS="+strings.Join(chans, ","),
			"SLACK_WEBHOOK_URL="+f.slack.URL(), "DINGTALK_WEBHOOK_URL="+f.ding.URL(), "DINGTALK_SECRET="+dingSecret)
	}
	if goMemLimit != "" {
		vars = append(vars, "GOMEMLIMIT="+goMemLimit)
	}
	if goGC != "" {
		vars = append(vars, "GOGC="+goGC)
	}
	if s.concurrency > 0 {
		vars = append(vars, fmt.Sprintf("CAMS_CONCURRENCY=%d", s.concurrency))
	}
	if s.qps > 0 {
		vars = append(vars, fmt.Sprintf("CAMS_QPS=%g", s.qps))
	}
	if s.pageSize > 0 {
		vars = append(vars, fmt.Sprintf("CAMS_PAGE_SIZE=%d", s.pageSize))
	}
	return vars
}

// configFile writes the deployment as a configuration file, once per
// fakes: the channels with display names; receivers receivers (-receivers),
// Slack and DingTalk in turn, each routed to a tenth of the channels, or,
// for 0, one Slack and one DingTalk receiver ("slack", "dingtalk") of every
// channel, as the variables configure them; and, unless -bare, the
// guardrails of guardrailsYAML. The webhook URLs differ by a query
// parameter the fakes ignore.
func (f *fakes) configFile(receivers int) string {
	if f.config != "" {
		return f.config
	}
	var b strings.Builder
	b.WriteString("version: 1\nchannels:\n")
	for _, id := range f.chans {
		fmt.Fprintf(&b, "  - {id: %q, name: %q}\n", id.String(), "Brand "+id.PageID)
	}
	b.WriteString("receivers:\n")
	if receivers == 0 {
		fmt.Fprintf(&b, "  - {name: slack, type: slack, url: %q, budgetChangeThreshold: 0}\n", f.slack.URL())
		fmt.Fprintf(&b, "  - {name: dingtalk, type: dingtalk, url: %q, secret: \"${DINGTALK_SECRET_FILE}\", budgetChangeThreshold: 0}\n", f.ding.URL())
	}
	for r := range receivers {
		if r%2 == 0 {
			fmt.Fprintf(&b, "  - {name: team-%02d, type: slack, url: %q", r, f.slack.URL()+"?r="+fmt.Sprint(r))
		} else {
			fmt.Fprintf(&b, "  - {name: team-%02d, type: dingtalk, url: %q, secret: \"${DINGTALK_SECRET_FILE}\"", r, f.ding.URL()+"&r="+fmt.Sprint(r))
		}
		b.WriteString(", channels: [")
		for i := r % 10; i < len(f.chans); i += 10 {
			if i >= 10 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", "Brand "+f.chans[i].PageID)
		}
		b.WriteString("], budgetChangeThreshold: 0}\n")
	}
	if !bare {
		b.WriteString(guardrailsYAML(f.chans))
	}
	dir, err := os.MkdirTemp("", "campaignwatch-perf-config-")
	if err != nil {
		panic(err)
	}
	f.config = filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(f.config, []byte(b.String()), 0o600); err != nil {
		panic(err)
	}
	return f.config
}

// channelSizes spreads n campaigns evenly over channels channels, as
// startFakes loads them.
func channelSizes(n, channels int) []int {
	out := make([]int, channels)
	for ch := range out {
		out[ch] = n / channels
		if ch < n%channels {
			out[ch]++
		}
	}
	return out
}

// pagesOf is the number of pages of each channel of sizes as the emulator
// serves them, perPage campaigns a page (an empty channel answers one
// page).
func pagesOf(sizes []int, perPage int) []int {
	out := make([]int, len(sizes))
	for i, n := range sizes {
		out[i] = max(1, (n+perPage-1)/perPage)
	}
	return out
}
