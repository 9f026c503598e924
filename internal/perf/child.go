package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// result is what one run of the binary cost and did.
type result struct {
	Wall      time.Duration // from exec to exit
	CPU       time.Duration // user + system, rusage of the child
	User, Sys time.Duration
	Switches  int64 // voluntary context switches, rusage's nvcsw: a thread of the child went to sleep
	PeakRSS   int64 // bytes, the child's own VmHWM (see pollPeakRSS)
	PeakHeap  int64 // bytes, the largest heap a GC cycle saw (gctrace)
	GCs       int
	Allocs    *allocStats   // nil for a built binary, which does not report them
	ToFirstAP time.Duration // from exec to the first CAMS call the emulator saw
	ToFirstIO time.Duration // from exec to the first request of any fake
	FromLast  time.Duration // from the last CAMS answer the emulator sent to the exit
	Calls     int           // CAMS calls, as the emulator counted them
	MaxQPS    int           // the most CAMS calls in any one-second window
	Written   int64         // bytes PUT to the OSS fake
	Puts      int64
	OSSReqs   int64
	Slack     int // messages the Slack fake accepted
	DingTalk  int // messages the DingTalk fake accepted
	Report    report
}

// report is the part of the child's --json report the bench checks.
type report struct {
	Baseline      bool                    `json:"baseline"`
	Campaigns     int                     `json:"campaigns"`
	Changes       []struct{ Type string } `json:"changes"`
	Notifications []struct {
		Receiver string `json:"receiver"`
		Messages int    `json:"messages"`
		Error    string `json:"error"`
	} `json:"notifications"`
}

// runChild runs `check --json` against f and measures it: c.bin acting
// as client c.name (a built campaignwatch binary when c.name is
// clientBinary).
func runChild(ctx context.Context, c child, f *fakes, s settings) (result, error) {
	f.emu.ResetStats()
	f.oss.ResetStats()
	slack0, ding0 := len(f.slack.Payloads()), len(f.ding.Messages())

	cmd := exec.CommandContext(ctx, c.bin, "check", "--json")
	cmd.Env = f.env(s)
	stats := ""
	if c.name != clientBinary {
		dir, err := os.MkdirTemp("", "campaignwatch-perf-stats-")
		if err != nil {
			return result{}, err
		}
		defer os.RemoveAll(dir)
		stats = dir + "/stats.json"
		cmd.Env = append(cmd.Env, childEnv+"="+c.name, statsEnv+"="+stats)
		if profileDir != "" {
			cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%s/%s-%s.pprof", profileEnv, profileDir, c.name, time.Now().Format("150405.000")))
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	stopPolling := func() int64 { return 0 }
	if c.name == clientBinary { // a cli.Main child reports its own at exit (asChild)
		stopPolling = pollPeakRSS(cmd.Process.Pid)
	}
	err := cmd.Wait()
	wall := time.Since(start)
	polled := stopPolling()
	if logDir != "" {
		name := fmt.Sprintf("%s/run-%s.log", logDir, start.Format("150405.000"))
		_ = os.WriteFile(name, append(stderr.Bytes(), stdout.Bytes()...), 0o644)
	}
	if err != nil {
		return result{}, fmt.Errorf("%s check (%s): %v\n%s", c.bin, c.name, err, tail(stderr.Bytes(), 2000))
	}
	var r result
	r.Wall = wall
	r.usage(cmd.ProcessState, polled)
	r.PeakHeap, r.GCs = peakHeap(stderr.Bytes())
	if stats != "" {
		b, err := os.ReadFile(stats)
		if err != nil {
			return r, fmt.Errorf("the run's allocations: %v", err)
		}
		r.Allocs = new(allocStats)
		if err := json.Unmarshal(b, r.Allocs); err != nil {
			return r, fmt.Errorf("the run's allocations: %v", err)
		}
		if r.Allocs.PeakRSS > 0 {
			r.PeakRSS = r.Allocs.PeakRSS
		}
	}
	r.fakesSaw(f, start, start.Add(wall))
	r.Slack = len(f.slack.Payloads()) - slack0
	r.DingTalk = len(f.ding.Messages()) - ding0
	if err := json.Unmarshal(stdout.Bytes(), &r.Report); err != nil {
		return r, fmt.Errorf("the report: %v", err)
	}
	for _, n := range r.Report.Notifications {
		if n.Error != "" {
			return r, fmt.Errorf("receiver %s: %s", n.Receiver, n.Error)
		}
	}
	return r, nil
}

// fakesSaw fills in what the emulator and the OSS fake counted of a run
// that started and exited at the times given.
func (r *result) fakesSaw(f *fakes, start, exit time.Time) {
	es := f.emu.Stats()
	r.Calls, r.MaxQPS = es.Calls, es.MaxQPS
	if !es.First.IsZero() {
		r.ToFirstAP = es.First.Sub(start)
	}
	if !es.Last.IsZero() {
		r.FromLast = exit.Sub(es.Last)
	}
	st := f.oss.Stats()
	r.Written, r.Puts, r.OSSReqs = st.BytesWritten, st.Puts, st.Requests
	r.ToFirstIO = r.ToFirstAP
	if !st.First.IsZero() && (r.ToFirstIO == 0 || st.First.Sub(start) < r.ToFirstIO) {
		r.ToFirstIO = st.First.Sub(start)
	}
}

// gcLine matches gctrace's heap sizes: "4->5->1 MB, 8 MB goal".
var gcLine = regexp.MustCompile(`^gc \d+ @.* (\d+)->(\d+)->(\d+) MB`)

// peakHeap is the largest heap any GC cycle of the child saw, at its start
// or at the end of its marking. The heap can grow past it after the last
// cycle, but never past that cycle's goal; a run too short for a GC
// reports 0.
func peakHeap(stderr []byte) (int64, int) {
	var peak int64
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(stderr))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m := gcLine.FindSubmatch(sc.Bytes())
		if m == nil {
			continue
		}
		n++
		for _, g := range m[1:3] {
			v, _ := strconv.ParseInt(string(g), 10, 64)
			peak = max(peak, v<<20)
		}
	}
	return peak, n
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// usage fills r's CPU from the child's rusage, and its peak RSS: polled,
// a built binary's VmHWM, or else rusage's ru_maxrss, an upper bound,
// which the VmHWM a cli.Main child reports replaces where /proc is.
func (r *result) usage(ps *os.ProcessState, polled int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if ok {
		r.User, r.Sys = time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
		r.CPU = r.User + r.Sys
		r.Switches = int64(ru.Nvcsw)
	}
	r.PeakRSS = polled
	if r.PeakRSS == 0 && ok {
		r.PeakRSS = maxRSSBytes(ru)
	}
}

// maxRSSBytes is rusage's ru_maxrss in bytes: kilobytes on Linux and the
// BSDs, bytes on macOS.
func maxRSSBytes(ru *syscall.Rusage) int64 {
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return ru.Maxrss
	}
	return ru.Maxrss << 10
}

// pollPeakRSS reads the VmHWM of process pid every 5 ms until the func it
// returns is called, which returns the last value read (VmHWM only grows,
// so it misses at most the last 5 ms of growth), 0 where /proc is not
// there. Only a built binary (-bin) is polled: a child that runs cli.Main
// reads its own VmHWM at exit (asChild), which misses nothing and keeps
// the poll's reads off the two cores the measured run uses.
//
// The child's peak RSS is its own VmHWM (/proc/PID/status), not rusage's
// ru_maxrss: Linux carries the parent's high-water mark into a child
// started by vfork and exec, as Go starts it, so ru_maxrss is at least the
// harness's own RSS at the exec (the emulator's campaigns, the OSS fake's
// objects): 60-65 MiB at 100,000 campaigns, more than a check's own peak.
func pollPeakRSS(pid int) (stop func() int64) {
	var peak int64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if v := vmHWM(fmt.Sprintf("/proc/%d/status", pid)); v > 0 {
				peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 { close(done); <-finished; return peak }
}

// vmHWM reads the VmHWM line of a /proc status file, in bytes; 0 when it
// cannot.
func vmHWM(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			f := bytes.Fields(rest) // "12345", "kB"
			if len(f) == 2 && string(f[1]) == "kB" {
				if n, err := strconv.ParseInt(string(f[0]), 10, 64); err == nil {
					return n << 10
				}
			}
		}
	}
	return 0
}
