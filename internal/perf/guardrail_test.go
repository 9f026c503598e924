package main

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// BenchmarkGuardrails evaluates 50 guardrail rules on a snapshot of
// 100,000 campaigns in 100 channels, the worst case of reading: every rule
// reads every channel (a third each of the three conditions), with the
// incidents of the previous check open. "1pct": 1% of the active
// campaigns breach each cap rule (12,750 open incidents); "10pct": 10%
// (127,500), far past any real account. The cap rules' limits rise in
// the rules' order; "-falling" lists them from the highest down, which
// must cost the same (each channel's sort is made once, for the lowest
// cap). Compare its time with the CPU time of a 100,000-campaign check
// (docs/performance.md):
//
//	go test ./internal/perf -run '^$' -bench Guardrails -benchmem
func BenchmarkGuardrails(b *testing.B) {
	for _, pct := range []int{1, 10} {
		b.Run(fmt.Sprintf("%dpct", pct), func(b *testing.B) { benchGuardrails(b, pct, false) })
		b.Run(fmt.Sprintf("%dpct-falling", pct), func(b *testing.B) { benchGuardrails(b, pct, true) })
	}
}

func benchGuardrails(b *testing.B, pct int, falling bool) {
	const n, channels, rules = 100_000, 100, 50
	snap := &campaign.Snapshot{Generation: 2, TakenAt: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)}
	var ids []campaign.ChannelID
	for c := range channels {
		id := campaign.ChannelID{CustSpaceID: fmt.Sprintf("cams-%03d", c), PageID: "239001"}
		ids = append(ids, id)
		snap.Channels = append(snap.Channels, campaign.ChannelState{ChannelID: id, Complete: true, Total: n / channels})
	}
	for i := range n {
		id := ids[i/(n/channels)]
		status := "AVAILABLE"
		if i%4 == 0 {
			status = "PAUSED"
		}
		budget := int64(1000 + i%100*100) // $10 to $109
		snap.Campaigns = append(snap.Campaigns, campaign.Campaign{CustSpaceID: id.CustSpaceID, PageID: id.PageID,
			CampaignID: fmt.Sprintf("%010d", i), CampaignName: "c", Status: status, Budget: budget, BudgetType: "daily"})
	}
	campaign.SortCampaigns(snap.Campaigns)
	var gs []campaign.Guardrail
	for r := range rules {
		g := campaign.Guardrail{Name: fmt.Sprintf("rule-%02d", r), Channels: ids, BudgetType: "daily"}
		switch r % 3 {
		case 0:
			g.Condition, g.Limit = campaign.CampaignBudgetAbove, int64(10900-pct*100)+int64(r)
			if falling {
				g.Limit = int64(10900-pct*100) + int64(rules-r)
			}
		case 1:
			g.Condition, g.Limit = campaign.TotalBudgetAbove, 1_000_000
		default:
			g.Condition, g.Limit = campaign.ActiveCampaignsBelow, 100
		}
		gs = append(gs, g)
	}
	open, _ := campaign.Evaluate(gs, nil, snap)
	b.ReportMetric(float64(len(open)), "incidents")
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		campaign.Evaluate(gs, open, snap)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user+system CPU time: on a shared machine the
// wall time of ns/op includes waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
