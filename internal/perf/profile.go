package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/campaignwatch/campaignwatch/internal/cli"
)

// The environment of a child run. childEnv makes this program act as the
// campaignwatch command line (cli.Main, what main.go runs outside Function
// Compute): "campaignwatch" as it is, "plain" with the listing done by
// plainSource. It writes the run's allocations (runtime.MemStats) as JSON
// to the file statsEnv names, and, when profileEnv names a file, a CPU
// profile there and an allocation profile next to it.
const (
	childEnv   = "CAMPAIGNWATCH_PERF_CHILD"
	statsEnv   = "CAMPAIGNWATCH_PERF_STATS"
	profileEnv = "CAMPAIGNWATCH_PERF_PROFILE"
)

// allocStats is what a child reports of its allocations.
type allocStats struct {
	Mallocs    uint64 // objects allocated
	TotalAlloc uint64 // bytes allocated
	NumGC      uint32
	PeakRSS    int64 // bytes, the process's VmHWM at exit; 0 without /proc
}

// asChild runs cli.Main when childEnv is set, and exits the process with
// its code; it returns at once otherwise.
func asChild() {
	client := os.Getenv(childEnv)
	if client == "" {
		return
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "perf child:", err)
		os.Exit(1)
	}
	env := cli.Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr, Version: "perf"}
	if client == clientPlain {
		src, err := newPlainSource(os.Getenv)
		if err != nil {
			fail(err)
		}
		env.Source = src
	}
	prof := os.Getenv(profileEnv)
	if prof != "" {
		f, err := os.Create(prof)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
	}
	code := cli.Main(context.Background(), os.Args[1:], env)
	if prof != "" {
		pprof.StopCPUProfile()
		if h, err := os.Create(prof + ".heap"); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(h, 0)
			h.Close()
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if out := os.Getenv(statsEnv); out != "" {
		b, _ := json.Marshal(allocStats{Mallocs: m.Mallocs, TotalAlloc: m.TotalAlloc, NumGC: m.NumGC, PeakRSS: vmHWM("/proc/self/status")})
		if err := os.WriteFile(out, b, 0o644); err != nil {
			fail(err)
		}
	}
	os.Exit(code)
}
