package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams"
	"github.com/campaignwatch/campaignwatch/internal/run"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk"
	"github.com/campaignwatch/campaignwatch/notify/slack"
)

// BenchmarkCheck runs the real check pipeline in this process (the CAMS
// client, the oss:// store, the Slack and DingTalk notifiers, run.Runner)
// against the fakes with no latency, so that its CPU profile shows where
// campaignwatch itself spends time: decoding pages, diffing, encoding the
// snapshot, rendering messages. The fakes' own work is in the profile too
// (camsemu, ossfake, slacktest, dingtalktest frames). The chat services'
// pacing is skipped by a clock that moves on when asked to sleep.
//
//	go test ./internal/perf -run '^$' -bench Check/100000 -cpuprofile cpu.out -memprofile mem.out
//
// "changed" changes 1% of the budgets before every check; "unchanged"
// changes nothing, which is what most timer runs see.
func BenchmarkCheck(b *testing.B) {
	for _, size := range []struct{ n, channels int }{{1000, 10}, {10000, 100}, {100000, 100}} {
		for _, changed := range []bool{true, false} {
			name := fmt.Sprintf("%d/unchanged", size.n)
			if changed {
				name = fmt.Sprintf("%d/changed", size.n)
			}
			b.Run(name, func(b *testing.B) {
				benchCheck(b, size.n, size.channels, changed)
			})
		}
	}
}

func benchCheck(b *testing.B, n, channels int, changed bool) {
	ctx := context.Background()
	f := startFakes(n, channels, 0, 50)
	defer f.close()
	runner := inProcess(b, f, settings{concurrency: 8, qps: 10000, pageSize: 50})
	if _, err := runner.Check(ctx, false); err != nil { // the baseline
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		want := 0
		if changed {
			b.StopTimer()
			want = f.changeBudgets(100)
			b.StartTimer()
		}
		rep, err := runner.Check(ctx, false)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Changes) != want {
			b.Fatalf("%d changes; want %d", len(rep.Changes), want)
		}
		for _, d := range rep.Notifications {
			if d.Error != "" {
				b.Fatalf("%s: %s", d.Receiver, d.Error)
			}
		}
	}
}

// inProcess wires the product as internal/app does, with a clock that skips
// the chat services' pacing.
func inProcess(b *testing.B, f *fakes, s settings) *run.Runner {
	b.Helper()
	cred, err := credentials.NewCredential(new(credentials.Config).SetType("access_key").
		SetAccessKeyId(ossfake.AccessKeyID).SetAccessKeySecret(accessSecret))
	if err != nil {
		b.Fatal(err)
	}
	client, err := cams.New(cams.Config{
		Endpoint: f.emu.URL(), PageSize: s.pageSize, Concurrency: s.concurrency, QPS: s.qps, Credential: cred,
	})
	if err != nil {
		b.Fatal(err)
	}
	store, err := snapshot.Open(context.Background(), "oss://"+bucket+"/campaignwatch", snapshot.Options{
		Region: ossfake.Region, Endpoint: f.oss.URL, Credentials: f.oss.Credentials(),
	})
	if err != nil {
		b.Fatal(err)
	}
	clk := new(skipClock)
	nopt := notify.Options{Now: clk.Now, Sleep: clk.Sleep}
	sl, err := slack.New(notify.Target{Name: "slack", URL: f.slack.URL()}, notify.Locale{}, nopt)
	if err != nil {
		b.Fatal(err)
	}
	dt, err := dingtalk.New(notify.Target{Name: "dingtalk", URL: f.ding.URL(), Secret: dingSecret}, notify.Locale{}, nopt)
	if err != nil {
		b.Fatal(err)
	}
	var rcs []run.Receiver
	for _, n := range []campaign.Notifier{sl, dt} {
		rcs = append(rcs, run.Receiver{Notifier: noDeadline{n}, Digest: true, Health: true, Guardrails: true})
	}
	var chs []campaign.Channel
	for _, id := range f.chans {
		chs = append(chs, campaign.Channel{ChannelID: id, Name: "Brand " + id.PageID})
	}
	return run.New(run.Options{Source: client, Store: store, Incidents: store, Receivers: rcs, Channels: chs})
}

// noDeadline posts without the claim's deadline, which is real time while
// the notifiers' clock has skipped ahead.
type noDeadline struct{ campaign.Notifier }

func (n noDeadline) Post(ctx context.Context, m campaign.Message) error {
	return n.Notifier.Post(context.WithoutCancel(ctx), m)
}

// skipClock is the real clock plus every sleep asked of it, taken at once.
type skipClock struct {
	mu      sync.Mutex
	skipped time.Duration
}

func (c *skipClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skipped)
}

func (c *skipClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.skipped += max(d, 0)
	c.mu.Unlock()
	return ctx.Err()
}

// TestDefaultChannelsFollowTheSizes: -sizes alone works, whatever sizes
// it names (`go run ./internal/perf -sizes 1000`), with the channel counts
// of the documented tables for the default sizes.
func TestDefaultChannelsFollowTheSizes(t *testing.T) {
	for _, tc := range []struct{ sizes, want []int }{
		{[]int{1000, 10000, 100000}, []int{10, 100, 100}},
		{[]int{1000}, []int{10}},
		{[]int{50, 30000}, []int{1, 100}},
	} {
		if got := defaultChannels(tc.sizes); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("defaultChannels(%v) = %v, want %v", tc.sizes, got, tc.want)
		}
	}
}

// TestVMHWM reads the peak RSS line of a /proc status file, and nothing
// from one without it.
func TestVMHWM(t *testing.T) {
	dir := t.TempDir()
	status := dir + "/status"
	if err := os.WriteFile(status, []byte("Name:\tcampaignwatch\nVmPeak:\t 1300000 kB\nVmHWM:\t   58372 kB\nVmRSS:\t   41000 kB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := vmHWM(status); got != 58372<<10 {
		t.Errorf("vmHWM = %d, want %d", got, 58372<<10)
	}
	if got := vmHWM(dir + "/missing"); got != 0 {
		t.Errorf("vmHWM of a missing file = %d, want 0", got)
	}
	if err := os.WriteFile(status, []byte("Name:\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := vmHWM(status); got != 0 {
		t.Errorf("vmHWM without the line = %d, want 0", got)
	}
}

// TestBuildUsesTheTree: the measured code is built in -tree's checkout,
// not where the harness was built, and as s.yaml builds the binary.
func TestBuildUsesTheTree(t *testing.T) {
	defer func(d string) { treeDir = d }(treeDir)
	for _, dir := range []string{"", "../before"} {
		treeDir = dir
		cmd := buildCmd(context.Background(), "/tmp/out", "./internal/perf")
		if cmd.Dir != dir {
			t.Errorf("-tree %q: go build runs in %q", dir, cmd.Dir)
		}
		if want := []string{"go", "build", "-trimpath", "-ldflags", "-s -w", "-o", "/tmp/out", "./internal/perf"}; fmt.Sprint(cmd.Args) != fmt.Sprint(want) {
			t.Errorf("go build's arguments %q, want %q", cmd.Args, want)
		}
	}
}
