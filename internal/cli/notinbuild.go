package cli

import (
	"context"
	"fmt"
)

// notInThisBuild is what a command left out of this build answers: that
// it is not here, and where to run it instead.
func notInThisBuild(name string, env Env) func(context.Context) int {
	return func(context.Context) int {
		fmt.Fprintf(env.Stderr, "campaignwatch %s: not in this build: the Function Compute binary (built with -tags fcdeploy) leaves out the CAMS emulator and the chat fakes; run it from a checkout of the repository instead: go run . %s\n", name, name)
		return exitUsage
	}
}
