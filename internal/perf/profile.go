package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/campaignwatch/campaignwatch/internal/cli"
)

// childEnv, when set in this program's environment, makes it act as the
// campaignwatch command line (what main.go runs outside Function Compute)
// under a CPU profile written to the file it names, and a heap profile
// next to it: `-profile DIR` runs the checks this way to see where a
// child's time goes.
const childEnv = "CAMPAIGNWATCH_PERF_PROFILE"

// asProfiledChild runs cli.Main when childEnv is set and reports whether
// it did; it exits the process with cli.Main's code.
func asProfiledChild() {
	out := os.Getenv(childEnv)
	if out == "" {
		return
	}
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "perf child:", err)
		os.Exit(1)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "perf child:", err)
		os.Exit(1)
	}
	code := cli.Main(context.Background(), os.Args[1:], cli.Env{
		Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr, Version: "perf",
	})
	pprof.StopCPUProfile()
	f.Close()
	if h, err := os.Create(out + ".heap"); err == nil {
		_ = pprof.Lookup("allocs").WriteTo(h, 0)
		h.Close()
	}
	os.Exit(code)
}
