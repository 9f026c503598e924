// Command perf measures whole campaignwatch checks end to end: it starts
// the CAMS emulator (with a per-call latency), the OSS fake and the Slack
// and DingTalk fakes on 127.0.0.1, and runs `campaignwatch check --json`
// as a child process against them, per size: a baseline run on an empty
// store, a run after 1% of the budgets changed, and a run with nothing
// changed. Each run is made by each client of -clients: "campaignwatch"
// is this program built as s.yaml builds the binary and acting as the
// campaignwatch command line (cli.Main, the very code of the binary, which
// also reports its allocations); "plain" is the same check with the
// listing done by darabonba-openapi used plainly (one CallApi per page,
// no reuse: plain.go), the baseline. Measuring the child gives figures for
// campaignwatch alone (the fakes run in this process):
//
//	go run ./internal/perf                          # 1k/10k/100k campaigns, 20 ms latency
//	go run ./internal/perf -sizes 100000 -concurrency 0 -qps 0   # the product's defaults
//	go run ./internal/perf -tree ../before -clients campaignwatch # the code of another checkout (an A/B)
//
// Per run it prints the wall time, the ideal wall time for the API calls
// made and their ratio, CPU time, peak heap and RSS, API calls, bytes
// written to the store, messages posted, the time from exec to the
// first CAMS call and from the last CAMS answer to the exit; then the binary's size, the most CAMS calls the
// emulator saw within one second per client, and the ideal per size
// (ideal.go). See docs/performance.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/config"
)

// logDir, when set, keeps each child's stderr (-logs).
var logDir string

// ossLatency is the OSS fake's latency (-osslatency).
var ossLatency time.Duration

// goMemLimit, when set, is the runs' GOMEMLIMIT (-gomemlimit).
var goMemLimit string

// goGC, when set, is the runs' GOGC (-gogc).
var goGC string

// fileReceivers, when positive, configures each run by a configuration
// file with that many receivers instead of variables (-receivers).
var fileReceivers int

// profileDir, when set, profiles each child (-profile).
var profileDir string

// The clients a run can be made by (-clients).
const (
	clientCampaignwatch = "campaignwatch"
	clientPlain         = "plain"
	// clientBinary is a campaignwatch binary given by -bin.
	clientBinary = "binary"
)

// child is what runs one check: a program and the client it acts as.
type child struct {
	name, bin string
}

// settings are the CAMS client's settings a run is given; zero leaves the
// variable unset, so the product's default applies.
type settings struct {
	concurrency int
	qps         float64
	pageSize    int
}

// effective fills in the product's defaults.
func (s settings) effective() settings {
	if s.concurrency == 0 {
		s.concurrency = config.DefaultConcurrency
	}
	if s.qps == 0 {
		s.qps = config.DefaultQPS
	}
	if s.pageSize == 0 {
		s.pageSize = config.DefaultPageSize
	}
	return s
}

func main() {
	asFloorClient()
	asChild()
	var (
		sizes     = flag.String("sizes", "1000,10000,100000", "campaigns per run, comma-separated")
		channels  = flag.String("channels", "", "channels for each size, comma-separated (default: one per 100 campaigns, at most 100: 10,100,100 for the default sizes)")
		latency   = flag.Duration("latency", 20*time.Millisecond, "emulator latency added to every call")
		maxPage   = flag.Int("maxpage", 50, "the emulator's cap on Page.Size (the real service's is not documented)")
		conc      = flag.Int("concurrency", 8, "CAMS_CONCURRENCY; 0 leaves the product's default")
		qps       = flag.Float64("qps", 400, "CAMS_QPS; 0 leaves the product's default")
		pageSize  = flag.Int("pagesize", 50, "CAMS_PAGE_SIZE; 0 leaves the product's default")
		change    = flag.Float64("change", 0.01, "share of budgets changed before the second run")
		unchanged = flag.Bool("unchanged", true, "also run a check with nothing changed (the common case)")
		changed   = flag.Bool("changed", true, "run a check after -change of the budgets changed")
		clients   = flag.String("clients", "campaignwatch,plain", "the clients that make each run, comma-separated: campaignwatch, plain (darabonba-openapi used plainly, the baseline)")
		bin       = flag.String("bin", "", "a campaignwatch binary to measure instead of the clients (it reports no allocations)")
		logs      = flag.String("logs", "", "a directory to keep each run's stderr in")
		ossLat    = flag.Duration("osslatency", 0, "latency the OSS fake adds to every request (0: none)")
		memLimit  = flag.String("gomemlimit", "", "GOMEMLIMIT for the runs (e.g. 96MiB); empty leaves it unset")
		gogc      = flag.String("gogc", "", "GOGC for the runs (e.g. 50); empty leaves it unset")
		receivers = flag.Int("receivers", 0, "configure the runs by a configuration file with this many receivers (Slack and DingTalk in turn, each routed to a tenth of the channels) instead of variables")
		hist      = flag.Bool("history", false, "measure the change history instead: a year of checks (365 days x 144 x 10 changes, 100 channels) recorded, then GET /history?since=30d and history --since 400d --campaign on file:// and on the OSS fake (-osslatency, default 5ms here)")
		profile   = flag.String("profile", "", "a directory for a CPU and an allocation profile of each run (not with -bin)")
		tree      = flag.String("tree", "", "the checkout whose code is measured (default: the current directory); the client is built from it, not from the tree this program was built from, so an A/B runs once with each checkout")
		floorP    = flag.Int("floorprocs", 0, "GOMAXPROCS for the floor's bare client (0: the machine's); 1 compares its CPU and context switches with the check's listing, which runs on one P")
		bareFlag  = flag.Bool("bare", false, "leave the guardrails and the silences out (by default each run is configured by a file with four guardrail rules, and two silences are added before a size's first run)")
	)
	flag.Parse()
	goGC = *gogc
	logDir, profileDir, goMemLimit, ossLatency, fileReceivers, bare = *logs, *profile, *memLimit, *ossLat, *receivers, *bareFlag
	treeDir, floorProcs = *tree, *floorP
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *hist {
		if err := runHistory(ctx, *bin, *ossLat); err != nil {
			fmt.Fprintln(os.Stderr, "perf:", err)
			os.Exit(1)
		}
		return
	}
	steps := runs{changed: *changed, unchanged: *unchanged, change: *change}
	if err := measure(ctx, *sizes, *channels, *latency, *maxPage, settings{*conc, *qps, *pageSize}, steps, *clients, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}

// runs are the runs made per size, after the baseline.
type runs struct {
	changed, unchanged bool
	change             float64 // share of budgets changed
}

func measure(ctx context.Context, sizesArg, chansArg string, latency time.Duration, maxPage int, s settings, steps runs, clientsArg, bin string) error {
	sizes, err := ints(sizesArg)
	if err != nil {
		return fmt.Errorf("-sizes: %v", err)
	}
	chans := defaultChannels(sizes)
	if chansArg != "" {
		chans, err = ints(chansArg)
	}
	if err != nil || len(chans) != len(sizes) {
		return fmt.Errorf("-channels %q: want one count per size of -sizes (%d), or leave it out for one channel per 100 campaigns", chansArg, len(sizes))
	}
	if !(steps.change > 0 && steps.change <= 1) {
		return fmt.Errorf("-change: want a share above 0 and at most 1")
	}
	dir, err := os.MkdirTemp("", "campaignwatch-perf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cw, err := build(ctx, filepath.Join(dir, "campaignwatch"), ".")
	if err != nil {
		return err
	}
	children, self, err := clientsOf(ctx, dir, bin, clientsArg)
	if err != nil {
		return err
	}
	fi, err := os.Stat(cw)
	if err != nil {
		return err
	}
	startup, err := bareStartup(ctx, cw)
	if err != nil {
		return err
	}

	eff := s.effective()
	fmt.Printf("campaignwatch check, end to end: CAMS emulator latency %v, Page.Size cap %d; OSS fake latency %v; CAMS_CONCURRENCY=%d CAMS_QPS=%g CAMS_PAGE_SIZE=%d; OSS fake, Slack and DingTalk fakes; %s %s/%s, %d CPUs\n\n",
		latency, maxPage, ossLatency, eff.concurrency, eff.qps, eff.pageSize, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Println("| campaigns (channels) | run | client | wall | ideal | wall/ideal | CPU (user+sys) | peak heap | peak RSS | allocations | API calls | store bytes written | messages (Slack+DingTalk) | exec to 1st API call (to 1st OSS request) | last API answer to exit | OSS requests |")
	fmt.Println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var ideals []string
	mostQPS := map[string]int{} // per client, the most calls the emulator saw within a second
	var switches []string       // per size and client, each run's voluntary context switches
	for i, n := range sizes {
		for _, c := range children {
			st, err := measureSize(ctx, c, n, chans[i], latency, maxPage, s, steps)
			if err != nil {
				return fmt.Errorf("%d campaigns, %s: %v", n, c.name, err)
			}
			mostQPS[c.name] = max(mostQPS[c.name], st.mostQPS)
			switches = append(switches, fmt.Sprintf("%s %s %s", thousands(n), c.name, strings.Join(st.switches, " / ")))
		}
		pages := pagesOf(channelSizes(n, chans[i]), min(eff.pageSize, maxPage))
		ideals = append(ideals, fmt.Sprintf("%s (%d): %s (the greedy schedule that also lists at most CAMS_CONCURRENCY channels at once: %s; the formula used before: %s)",
			thousands(n), chans[i], dur(idealWall(pages, latency, eff)), dur(schedule(pages, latency, eff, eff.concurrency)), dur(formulaWall(pages, latency, eff))))
	}
	if self != "" {
		if err := printFloor(ctx, self, eff.concurrency, latency); err != nil {
			return err
		}
	}
	fmt.Printf("\nBinary: %.1f MiB (go build -trimpath -ldflags \"-s -w\", CGO_ENABLED=0, as s.yaml builds it). `campaignwatch version`, exec to exit: %v (median of 5).\n",
		float64(fi.Size())/(1<<20), startup.Round(100*time.Microsecond))
	fmt.Println("client: campaignwatch is the product's code (cli.Main) built as the binary is; plain lists through darabonba-openapi used plainly (a new Client and one CallApi per page, the SDK's JSON decoding, nothing reused) and is otherwise the same check. allocations: objects (bytes) the run allocated, runtime.MemStats at exit.")
	var most []string
	for _, c := range children {
		most = append(most, fmt.Sprintf("%s %d", c.name, mostQPS[c.name]))
	}
	fmt.Printf("The most CAMS calls the emulator saw arrive within any one second (CAMS_QPS=%g): %s. A client above CAMS_QPS breaks the rate the ideal keeps (plain's limiter, a token bucket of CAMS_QPS tokens, lets a full bucket and its refill arrive within one second), and its wall time can fall below the ideal.\n",
		eff.qps, strings.Join(most, ", "))
	fmt.Printf("Voluntary context switches of each run, in the order of the rows (rusage's nvcsw: a thread of the child went to sleep, to be woken again): %s.\n", strings.Join(switches, "; "))
	fmt.Printf("ideal = the end of the best schedule of the listing's calls, simulated call by call (every call takes the emulator's latency; at most CAMS_CONCURRENCY in flight; a channel's first page before its others, which may then go in parallel; at most floor(CAMS_QPS) calls starting within any one second, as the server counts them; the channels' pages as the emulator serves them; channels listed at once not limited, so that it is a lower bound), + the chat services' pacing when messages exceed its burst. The listing's ideal, per size: %s. The formula used before, max(ceil(calls / CAMS_CONCURRENCY) x latency, (ceil(calls / CAMS_QPS) - 1) s + latency, most pages of one channel x latency), took each bound alone. peak heap from GODEBUG=gctrace=1 (largest heap a GC cycle saw); CPU from the child's rusage; peak RSS is the child's own VmHWM (/proc), not rusage's maxrss, which on Linux starts at the harness's RSS (a vfork+exec child inherits the parent's high-water mark).\n", strings.Join(ideals, "; "))
	return nil
}

// clientsOf is the children that make each run: bin alone, or this
// program, built into dir as self, acting as each client clientsArg names.
func clientsOf(ctx context.Context, dir, bin, clientsArg string) (children []child, self string, err error) {
	if bin != "" {
		return []child{{clientBinary, bin}}, "", nil
	}
	if self, err = build(ctx, filepath.Join(dir, "perf"), "./internal/perf"); err != nil {
		return nil, "", err
	}
	for _, name := range strings.Split(clientsArg, ",") {
		if name = strings.TrimSpace(name); name != clientCampaignwatch && name != clientPlain {
			return nil, "", fmt.Errorf("-clients: %q is neither %s nor %s", name, clientCampaignwatch, clientPlain)
		}
		children = append(children, child{name, self})
	}
	return children, self, nil
}

// sizeStats is what measureSize gathers beside its rows.
type sizeStats struct {
	mostQPS  int      // the most calls the emulator saw within one second
	switches []string // each run's voluntary context switches
}

// measureSize makes the runs of one size by one client and prints their
// rows.
func measureSize(ctx context.Context, c child, n, channels int, latency time.Duration, maxPage int, s settings, steps runs) (sizeStats, error) {
	f := startFakes(n, channels, latency, maxPage)
	defer f.close()
	eff := s.effective()
	pages := pagesOf(channelSizes(n, channels), min(eff.pageSize, maxPage))

	type step struct {
		name   string
		before func() int // returns the changes made
	}
	list := []step{{"baseline", func() int { return 0 }}}
	if steps.changed {
		list = append(list, step{fmt.Sprintf("%g%% budgets changed", steps.change*100), func() int { return f.changeBudgets(int(math.Round(1 / steps.change))) }})
	}
	if steps.unchanged {
		list = append(list, step{"unchanged", func() int { return 0 }})
	}
	var stats sizeStats
	if err := addSilences(ctx, c, f, s); err != nil {
		return stats, err
	}
	for _, st := range list {
		want := st.before()
		r, err := runChild(ctx, c, f, s)
		if err != nil {
			return stats, fmt.Errorf("%s run: %v", st.name, err)
		}
		if got := len(r.Report.Changes); got != want || r.Report.Campaigns != n {
			return stats, fmt.Errorf("%s run: reported %d campaigns and %d changes; want %d and %d", st.name, r.Report.Campaigns, got, n, want)
		}
		stats.mostQPS = max(stats.mostQPS, r.MaxQPS)
		stats.switches = append(stats.switches, thousands(int(r.Switches)))
		ideal := idealWall(pages, latency, eff) + chatFloor(r.Slack, r.DingTalk)
		fmt.Printf("| %s (%d) | %s | %s | %s | %s | %.2fx | %s (%s+%s) | %s | %s | %s | %d | %s | %d+%d | %s (%s) | %s | %d |\n",
			thousands(n), channels, st.name, c.name, dur(r.Wall), dur(ideal), float64(r.Wall)/float64(ideal),
			dur(r.CPU), secs(r.User), secs(r.Sys), mib(r.PeakHeap), mib(r.PeakRSS), allocs(r.Allocs), r.Calls, bytesOf(r.Written), r.Slack, r.DingTalk,
			dur(r.ToFirstAP), dur(r.ToFirstIO), dur(r.FromLast), r.OSSReqs)
	}
	return stats, nil
}

// allocs is a run's allocations: "2.31 M (412 MiB)".
func allocs(a *allocStats) string {
	if a == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f M (%s)", float64(a.Mallocs)/1e6, mib(int64(a.TotalAlloc)))
}

// chatFloor is the least time the chat services' documented limits add:
// campaignwatch paces Slack at 1 message a second after a burst of 3, and
// DingTalk at one per 4 s after a burst of 5 (its robots take 20 a minute).
// Both receivers post in parallel.
func chatFloor(slackMsgs, dingMsgs int) time.Duration {
	s := time.Duration(max(0, slackMsgs-3)) * time.Second
	d := time.Duration(max(0, dingMsgs-5)) * 4 * time.Second
	return max(s, d)
}

// bareStartup is the median time of `campaignwatch version`, exec to exit:
// the process's start-up cost with no work.
func bareStartup(ctx context.Context, bin string) (time.Duration, error) {
	var ds []time.Duration
	for range 5 {
		start := time.Now()
		if err := exec.CommandContext(ctx, bin, "version").Run(); err != nil {
			return 0, fmt.Errorf("%s version: %v", bin, err)
		}
		ds = append(ds, time.Since(start))
	}
	for i := range ds { // sort five
		for j := i + 1; j < len(ds); j++ {
			if ds[j] < ds[i] {
				ds[i], ds[j] = ds[j], ds[i]
			}
		}
	}
	return ds[len(ds)/2], nil
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive whole number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func dur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func bytesOf(b int64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.2f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// defaultChannels spreads each size over one channel per 100 campaigns,
// at least 1 and at most 100: 10, 100 and 100 for 1,000, 10,000 and
// 100,000 campaigns.
func defaultChannels(sizes []int) []int {
	out := make([]int, len(sizes))
	for i, n := range sizes {
		out[i] = min(max(n/100, 1), 100)
	}
	return out
}
