package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
)

// The floor: what a call costs over its latency in this harness when
// nothing of campaignwatch is in it. A bare net/http server in the
// harness's process, where the emulator runs, answers each call latency
// after it arrived (waiting as the emulator waits, camsemu.SleepUntil)
// with a body of a page's size; a bare net/http client in a process of
// its own, as the check is, makes floorCalls calls, concurrency at a
// time, each goroutine on its own kept-alive connection. Its wall over
// floorCalls / concurrency x latency is the overhead every wall/ideal of
// the tables carries before the check does anything: the goroutine
// hand-offs of net/http in two processes on the machine's cores.

// floorProcs is GOMAXPROCS for the floor's client (-floorprocs); 0 leaves
// the machine's.
var floorProcs int

// floorEnv, set in the environment of this program ("ADDR CONCURRENCY
// CALLS"), makes it the floor's bare client.
const floorEnv = "CAMPAIGNWATCH_PERF_FLOOR"

const (
	floorCalls = 2000
	// floorBody is the size of a page of 50 rows as the emulator answers
	// it (9.2 KB, BenchmarkDecodePage).
	floorBody = 9200
)

// floorRun is what the floor's client took: its wall time as it timed
// it, and its rusage (CPU, voluntary context switches).
type floorRun struct {
	wall, user, sys time.Duration
	switches        int64
}

// measureFloor runs the floor at concurrency with self, this program
// built, as the client.
func measureFloor(ctx context.Context, self string, concurrency int, latency time.Duration) (floorRun, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return floorRun{}, err
	}
	body := make([]byte, floorBody)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived := time.Now()
		_, _ = io.Copy(io.Discard, r.Body)
		if camsemu.SleepUntil(r.Context(), arrived.Add(latency)) != nil {
			return
		}
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d", floorEnv, ln.Addr(), concurrency, floorCalls))
	if floorProcs > 0 {
		cmd.Env = append(cmd.Env, fmt.Sprintf("GOMAXPROCS=%d", floorProcs))
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return floorRun{}, fmt.Errorf("the floor's client: %v: %s", err, out)
	}
	var fr floorRun
	if fr.wall, err = time.ParseDuration(strings.TrimSpace(string(out))); err != nil {
		return floorRun{}, err
	}
	fr.user, fr.sys = cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		fr.switches = int64(ru.Nvcsw)
	}
	return fr, nil
}

// printFloor measures the floor and prints it under the table.
func printFloor(ctx context.Context, self string, concurrency int, latency time.Duration) error {
	fr, err := measureFloor(ctx, self, concurrency, latency)
	if err != nil {
		return err
	}
	ideal := time.Duration((floorCalls+concurrency-1)/concurrency) * latency
	fmt.Printf("\nThe floor: a bare net/http client (a process of its own) and server (in the harness, waiting as the emulator waits), %d calls of %v, %d at a time, answers of %d bytes: %s, %.3fx of the %s they need; the overhead a call carries in this harness before the check does anything (floor.go). The client took %s of CPU (%s+%s) and %s voluntary context switches%s: what the same calls cost a process that does nothing else.\n",
		floorCalls, latency, concurrency, floorBody, dur(fr.wall), float64(fr.wall)/float64(ideal), dur(ideal),
		dur(fr.user+fr.sys), secs(fr.user), secs(fr.sys), thousands(int(fr.switches)), procsNote())
	return nil
}

// asFloorClient is this program as the floor's bare client, when
// floorEnv says so: it prints its wall time and exits.
func asFloorClient() {
	spec := os.Getenv(floorEnv)
	if spec == "" {
		return
	}
	var addr string
	var conc, calls int
	if n, err := fmt.Sscanf(spec, "%s %d %d", &addr, &conc, &calls); n != 3 || err != nil || conc < 1 {
		fmt.Fprintf(os.Stderr, "%s=%q: want \"ADDR CONCURRENCY CALLS\"\n", floorEnv, spec)
		os.Exit(2)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: conc, MaxIdleConnsPerHost: conc}}
	url := "http://" + addr + "/"
	var failed sync.Once
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for range calls / conc {
				resp, err := client.Post(url, "application/json", nil)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil {
					failed.Do(func() { fmt.Fprintln(os.Stderr, "floor client:", err); os.Exit(1) })
				}
			}
		})
	}
	wg.Wait()
	fmt.Println(time.Since(start))
	os.Exit(0)
}

// procsNote says on how many P's the floor's client ran, when -floorprocs
// set it.
func procsNote() string {
	if floorProcs > 0 {
		return fmt.Sprintf(" (GOMAXPROCS=%d)", floorProcs)
	}
	return ""
}
