package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// The history benchmark (-history): a year of checks recorded into a
// store, then the two queries the product promises answer quickly, on
// file:// and on the OSS fake with a latency per request:
//
//	go run ./internal/perf -history        # 365 days x 144 checks x 10 changes, 100 channels
//
// The year is written through the store's own Commit and Prune (as the
// checks would, a check every 10 minutes; Prune, with the product's 8
// days of snapshots, once a day rather than after every check, to seed in
// minutes), ending now, so that the binary's "30d" and "400d" reach it.
// The snapshots hold few campaigns: queries never read them.

// historyShape is the year the benchmark records.
type historyShape struct {
	days, perDay, changes, channels, campaigns int
}

const perfToken = "perf-history-token-0123456789"

// measureHistory seeds a year into a directory, copies it into the OSS
// fake, and times the queries on both.
func measureHistory(ctx context.Context, bin string, sh historyShape, ossLat time.Duration) error {
	dir, err := os.MkdirTemp("", "campaignwatch-history-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	chans := make([]campaign.ChannelID, sh.channels)
	for i := range chans {
		chans[i] = campaign.ChannelID{CustSpaceID: fmt.Sprintf("cams-%03d", i), PageID: fmt.Sprintf("%d", 239000+i)}
	}
	// Seeded into the OSS fake (in memory, no fsync: minutes, not an
	// hour), then copied to a directory for file://.
	fake := ossfake.New(bucket)
	defer fake.Close()
	start := time.Now()
	probe, err := seedYear(ctx, fake, sh, chans)
	if err != nil {
		return err
	}
	fmt.Printf("Seeded %d checks (%d changes, %d channels) in %v through the store's Commit and Prune.\n\n",
		sh.days*sh.perDay, sh.days*sh.perDay*sh.changes, sh.channels, time.Since(start).Round(time.Second))
	store := filepath.Join(dir, "store")
	counts, total, err := copyFromOSS(fake, "campaignwatch/", store)
	if err != nil {
		return err
	}
	fmt.Printf("Objects in the store after the year: %d (%s).\n\n", total, counts)
	fmt.Println("| store | query | answer | time (median of 5) | slowest |")
	fmt.Println("|---|---|---:|---:|---:|")
	for _, st := range []struct {
		name string
		env  []string
		lat  time.Duration
	}{
		{"file://", []string{"SNAPSHOT_URL=file://" + store}, 0},
		{fmt.Sprintf("OSS fake, %v a request", ossLat), []string{"SNAPSHOT_URL=oss://" + bucket + "/campaignwatch", "OSS_ENDPOINT=" + fake.URL, "OSS_REGION=" + ossfake.Region}, ossLat},
	} {
		fake.SetLatency(st.lat)
		env := append(historyEnv(chans), st.env...)
		if err := timeQueries(ctx, bin, st.name, env, probe); err != nil {
			return err
		}
	}
	return nil
}

// historyEnv is the environment of the serve and history children.
func historyEnv(chans []campaign.ChannelID) []string {
	var cs []string
	for _, id := range chans {
		cs = append(cs, id.String()+"?name="+url.QueryEscape("Brand "+id.PageID))
	}
	return []string{"CAMS_CHANNELS=" + strings.Join(cs, ","), "CAMS_ENDPOINT=http://127.0.0.1:9",
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + ossfake.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + accessSecret,
		"HTTP_AUTH_TOKEN=" + perfToken, "LOG_LEVEL=warn"}
}

// seedYear commits the year and returns a campaign id that changed in it.
func seedYear(ctx context.Context, fake *ossfake.Server, sh historyShape, chans []campaign.ChannelID) (string, error) {
	now := time.Now().UTC().Truncate(time.Minute)
	first := now.Add(-time.Duration(sh.days*sh.perDay-1) * 24 * time.Hour / time.Duration(sh.perDay))
	clock := first
	st, err := snapshot.Open(ctx, "oss://"+bucket+"/campaignwatch", snapshot.Options{Region: ossfake.Region, Endpoint: fake.URL,
		Credentials: fake.Credentials(), Now: func() time.Time { return clock }})
	if err != nil {
		return "", err
	}
	r := rand.New(rand.NewPCG(1, 2))
	var cs []campaign.Campaign
	for ci, id := range chans {
		for _, c := range makeCampaigns(ci, sh.campaigns) {
			c.CustSpaceID, c.PageID = id.CustSpaceID, id.PageID
			cs = append(cs, c)
		}
	}
	campaign.SortCampaigns(cs)
	states := make([]campaign.ChannelState, len(chans))
	for i, id := range chans {
		states[i] = campaign.ChannelState{ChannelID: id, Name: "Brand " + id.PageID, Total: sh.campaigns, Complete: true}
	}
	probe := ""
	step := 24 * time.Hour / time.Duration(sh.perDay)
	for g := int64(1); g <= int64(sh.days*sh.perDay); g++ {
		clock = first.Add(time.Duration(g-1) * step)
		var a *campaign.Alert
		if g > 1 {
			a = &campaign.Alert{Kind: campaign.AlertChanges, Generation: g, At: clock, RunID: "perf"}
			for range sh.changes {
				i := r.IntN(len(cs))
				old := cs[i].Budget
				cs[i].Budget += int64(100 + r.IntN(5000))
				c := cs[i]
				a.Changes = append(a.Changes, campaign.Change{Type: campaign.BudgetChanged, CustSpaceID: c.CustSpaceID, PageID: c.PageID,
					CampaignID: c.CampaignID, CampaignName: c.CampaignName, Old: fmt.Sprint(old), New: fmt.Sprint(c.Budget),
					Status: c.Status, Budget: c.Budget, BudgetType: c.BudgetType})
				if probe == "" {
					probe = c.CampaignID
				}
			}
		}
		snap := &campaign.Snapshot{Generation: g, TakenAt: clock, Channels: states, Campaigns: slices.Clone(cs)}
		if err := st.Commit(ctx, snap, a); err != nil {
			return "", fmt.Errorf("generation %d: %v", g, err)
		}
		if g%int64(sh.perDay) == 0 { // once a day: each Prune reads every kept manifest (8 days of them)
			// The product keeps 8 days of snapshots; until the last 9 days
			// the seed keeps one, which ends the year in the same state
			// and lists a shorter gen/ on every commit.
			keep := 24 * time.Hour
			if g > int64((sh.days-9)*sh.perDay) {
				keep = 8 * 24 * time.Hour
			}
			if err := st.Prune(ctx, clock, keep); err != nil {
				return "", fmt.Errorf("prune at generation %d: %v", g, err)
			}
		}
	}
	return probe, nil
}

// copyFromOSS writes every object of the fake under prefix into dir, and
// counts them by their first key segment.
func copyFromOSS(fake *ossfake.Server, prefix, dir string) (string, int, error) {
	by := map[string]int{}
	keys := fake.Keys(bucket, prefix)
	for _, k := range keys {
		b, _ := fake.Object(bucket, k)
		rel := strings.TrimPrefix(k, prefix)
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", 0, err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return "", 0, err
		}
		seg, _, _ := strings.Cut(rel, "/")
		by[seg]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(by)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, by[k]))
	}
	return strings.Join(parts, ", "), len(keys), nil
}

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// timeQueries times GET /history?since=30d&limit=500 on a serve child,
// and `history --since 400d --campaign ID` as a child of its own.
func timeQueries(ctx context.Context, bin, store string, env []string, probe string) error {
	srv := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0")
	srv.Env = env
	var out, errb syncBuf
	srv.Stdout, srv.Stderr = &out, &errb
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	base := ""
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		return fmt.Errorf("serve did not start: %s", tail([]byte(errb.String()), 1000))
	}
	rows := 0
	route, err := median(5, func() error {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/history?since=30d&limit=500", nil)
		req.Header.Set("Authorization", "Bearer "+perfToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			return fmt.Errorf("GET /history: %d %s", resp.StatusCode, tail(b, 500))
		}
		rows = bytes.Count(b, []byte(`"generation":`))
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("| %s | `GET /history?since=30d&limit=500` | %d changes | %v | %v |\n", store, rows, route[len(route)/2], route[len(route)-1])
	cli, err := median(5, func() error {
		cmd := exec.CommandContext(ctx, bin, "history", "--since", "400d", "--campaign", probe, "--json")
		cmd.Env = env
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("history: %v %s", err, tail(e.Bytes(), 500))
		}
		rows = bytes.Count(o.Bytes(), []byte(`"generation":`))
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("| %s | `history --since 400d --campaign %s` (exec to exit) | %d changes | %v | %v |\n", store, probe, rows, cli[len(cli)/2], cli[len(cli)-1])
	return nil
}

// median runs f n times and returns the times, sorted.
func median(n int, f func() error) ([]time.Duration, error) {
	var ds []time.Duration
	for range n {
		start := time.Now()
		if err := f(); err != nil {
			return nil, err
		}
		ds = append(ds, time.Since(start).Round(time.Millisecond))
	}
	slices.Sort(ds)
	return ds, nil
}

// syncBuf is a buffer a child writes while the benchmark reads it.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runHistory builds the binary unless given one and runs the history
// benchmark; an OSS latency of 0 means 5 ms.
func runHistory(ctx context.Context, bin string, ossLat time.Duration) error {
	if bin == "" {
		dir, err := os.MkdirTemp("", "campaignwatch-perf-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if bin, err = build(ctx, filepath.Join(dir, "campaignwatch"), "."); err != nil {
			return err
		}
	}
	if ossLat == 0 {
		ossLat = 5 * time.Millisecond
	}
	sh := historyShape{days: 365, perDay: 144, changes: 10, channels: 100, campaigns: 2}
	if v := os.Getenv("PERF_HISTORY_DAYS"); v != "" {
		fmt.Sscan(v, &sh.days)
	}
	return measureHistory(ctx, bin, sh, ossLat)
}
