//go:build fcdeploy

package cli

import (
	"context"
	"flag"
)

// The Function Compute build (-tags fcdeploy, s.yaml's build step) leaves
// out demo and playground: their CAMS emulator, OSS fake and chat fakes
// are not in the deployed binary. The commands stay in help and answer
// that they are not in this build (notInThisBuild).

func setupDemo(_ *flag.FlagSet, env Env) func(context.Context) int {
	return notInThisBuild("demo", env)
}

func setupPlayground(_ *flag.FlagSet, env Env) func(context.Context) int {
	return notInThisBuild("playground", env)
}
