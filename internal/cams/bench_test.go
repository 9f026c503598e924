package cams

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// BenchmarkList100x1000 lists 100 channels of 1000 campaigns each through
// an emulator that caps pages at 50 and takes 20 ms per call, with
// CAMS_CONCURRENCY=8 and CAMS_QPS=400. It reports the wall time against
// the ideal, ceil(calls / parallelism) x latency with parallelism =
// min(concurrency, QPS x latency), and the most calls the emulator saw in
// any one-second window. Run it with:
//
//	go test ./internal/cams -run '^$' -bench BenchmarkList100x1000 -benchtime 1x
func BenchmarkList100x1000(b *testing.B) {
	const (
		channels    = 100
		perChannel  = 1000
		pageCap     = 50
		latency     = 20 * time.Millisecond
		concurrency = 8
		qps         = 400.0
	)
	emu := camsemu.New(camsemu.Options{MaxPageSize: pageCap, Latency: latency})
	defer emu.Close()
	chs := make([]campaign.Channel, channels)
	for i := range chs {
		space := fmt.Sprintf("cams-%03d", i)
		emu.SetCampaigns(space, "239001", makeCampaigns(space, "239001", perChannel))
		chs[i] = channel(space, "239001")
	}
	id, secret, _ := emu.AccessKey()
	c, err := New(Config{
		Endpoint: emu.URL(), PageSize: pageCap, Concurrency: concurrency, QPS: qps,
		Credential: staticCredential(b, id, secret, ""),
		Logger:     slog.New(slog.DiscardHandler),
	})
	if err != nil {
		b.Fatal(err)
	}

	calls := channels * perChannel / pageCap
	parallelism := math.Min(concurrency, qps*latency.Seconds())
	ideal := time.Duration(math.Ceil(float64(calls)/parallelism)) * latency

	var worst time.Duration
	maxQPS := 0
	for b.Loop() {
		emu.ResetStats()
		start := time.Now()
		ls, err := c.List(b.Context(), chs)
		wall := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range ls {
			if !l.Complete || len(l.Campaigns) != perChannel {
				b.Fatalf("%s: Complete=%v, %d campaigns, Err=%v", l.Channel.ChannelID, l.Complete, len(l.Campaigns), l.Err)
			}
		}
		st := emu.Stats()
		if st.Calls != calls {
			b.Fatalf("emulator saw %d calls, want %d", st.Calls, calls)
		}
		b.Logf("wall %v, calls per second %v, most in flight %d", wall, st.PerSecond, st.MaxInFlight)
		worst = max(worst, wall)
		maxQPS = max(maxQPS, st.MaxQPS)
	}
	ratio := worst.Seconds() / ideal.Seconds()
	b.ReportMetric(worst.Seconds(), "wall-s")
	b.ReportMetric(ideal.Seconds(), "ideal-s")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(float64(maxQPS), "max-qps")
	b.ReportMetric(float64(calls), "calls")
	if ratio > 1.15 {
		b.Errorf("wall time %v is %.3fx the ideal %v; want at most 1.15x", worst, ratio, ideal)
	}
	if float64(maxQPS) > qps {
		b.Errorf("the emulator saw %d calls in one second; the ceiling is %g", maxQPS, qps)
	}
}

// BenchmarkCall is one page of 50 campaigns, client and emulator in one
// process, no latency: the CPU cost of a call, signing, verifying,
// encoding and decoding included.
func BenchmarkCall(b *testing.B) {
	emu := camsemu.New(camsemu.Options{MaxPageSize: 50})
	defer emu.Close()
	emu.SetCampaigns("cams-a1", "239001", makeCampaigns("cams-a1", "239001", 50))
	id, secret, _ := emu.AccessKey()
	c, err := New(Config{Endpoint: emu.URL(), Credential: staticCredential(b, id, secret, ""), QPS: 10000, PageSize: 50, Concurrency: 4, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	// Count the reads of the client's connections: an answer read in
	// fewer reads costs fewer system calls.
	var reads atomic.Int64
	t := c.http.Transport.(*http.Transport)
	dial := t.DialContext
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countingConn{conn, &reads}, nil
	}
	api, err := c.newAPI()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.call(b.Context(), pageRequest{api: api, ch: channel("cams-a1", "239001"), index: 1, size: 50})
		if err != nil || len(p.Rows) != 50 {
			b.Fatalf("%d rows, %v", len(p.Rows), err)
		}
	}
	b.ReportMetric(float64(reads.Load())/float64(b.N), "reads/op")
}

// countingConn counts the reads made on a connection.
type countingConn struct {
	net.Conn
	reads *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	c.reads.Add(1)
	return c.Conn.Read(p)
}

// BenchmarkDecodePage decodes and checks one page of 50 real-shaped rows
// (the emulator's encoding of them), as every call does: 2,000 pages for
// 100,000 campaigns. "reused" decodes the rows into rows kept from page to
// page, as a caller does; "fresh" into new ones; "in place" also writes
// the campaigns into a place kept from page to page, as listChannel has
// every page after a channel's first written into its listing.
//
//	go test ./internal/cams -run '^$' -bench DecodePage -benchmem
func BenchmarkDecodePage(b *testing.B) {
	rows := makeCampaigns("cams-a1", "239001", 50)
	var sb strings.Builder
	sb.WriteString(`{"AccessDeniedDetail":"","Message":"OK","RequestId":"E5A1C0DE-0000-4000-8000-000000000001","Total":1000,"Data":[`)
	for i, c := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"PageId":%q,"Status":%q,"CampaignId":%q,"CreateTime":%d,"AdAccountId":%q,"CampaignName":%q,"Budget":%d,"BudgetType":%q}`,
			c.PageID, c.Status, c.CampaignID, c.CreateTime, c.AdAccountID, c.CampaignName, c.Budget, c.BudgetType)
	}
	sb.WriteString(`],"Code":"OK","Success":true}`)
	body := []byte(sb.String())
	var kept pageDecoder
	place := make([]campaign.Campaign, 50)
	for _, bc := range []struct {
		name   string
		decode func([]byte) (page, error)
	}{
		{"fresh", decodePage},
		{"reused", func(body []byte) (page, error) { return kept.decode(body, nil) }},
		{"in place", func(body []byte) (page, error) { return kept.decode(body, place) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := bc.decode(body)
				if err != nil || len(p.Rows) != 50 {
					b.Fatalf("%d rows, %v", len(p.Rows), err)
				}
			}
		})
	}
}
