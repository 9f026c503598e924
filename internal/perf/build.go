package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// treeDir is the checkout the measured code is built from (-tree); ""
// is the current directory.
var treeDir string

// build builds the package pkg of treeDir into out as s.yaml's
// pre-deploy step builds the binary.
func build(ctx context.Context, out, pkg string) (string, error) {
	cmd := buildCmd(ctx, out, pkg)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		where := "run from the repository's root, or give -tree"
		if treeDir != "" {
			where = "in -tree " + treeDir
		}
		return "", fmt.Errorf("go build %s (%s): %v", pkg, where, err)
	}
	return out, nil
}

// buildCmd is build's command: go build in treeDir, as s.yaml builds.
func buildCmd(ctx context.Context, out, pkg string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
	cmd.Dir = treeDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	return cmd
}
