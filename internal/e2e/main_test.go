package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binary is the campaignwatch binary built by TestMain; moduleRoot is the
// module's directory.
var binary, moduleRoot string

// testVersion is stamped into the binary: `version` must print it.
const testVersion = "v0.0.0-e2e"

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, gobin, "env", "GOMOD").Output()
	if err != nil {
		return 0, fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return 0, fmt.Errorf("not inside the campaignwatch module (go env GOMOD = %q)", gomod)
	}
	moduleRoot = filepath.Dir(gomod)
	dir, err := os.MkdirTemp("", "campaignwatch-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "campaignwatch")
	build := exec.CommandContext(ctx, gobin, "build", "-ldflags", "-X main.version="+testVersion, "-o", binary, ".")
	build.Dir = moduleRoot
	if b, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building the binary: %v\n%s", err, b)
	}
	code := m.Run()
	if n, size := outputsScanned(); n > 0 && testing.Verbose() {
		fmt.Printf("e2e: secret scan: %d outputs (%d bytes) of the binary, its answers, the chat messages and the stores checked for the configured secrets\n", n, size)
	}
	return code, nil
}
