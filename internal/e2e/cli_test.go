package e2e

import (
	"strings"
	"testing"
)

// TestVersion: `campaignwatch version` prints the version stamped at build
// time first (then the commit and Go version), on stdout, and exits 0.
func TestVersion(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	r := w.Run("version")
	if f := strings.Fields(r.Stdout); r.Code != 0 || len(f) == 0 || f[0] != testVersion || !strings.Contains(r.Stdout, " go1.") {
		t.Fatalf("version: exit %d, stdout %q; want 0 and %q first, the Go version last", r.Code, r.Stdout, testVersion)
	}
}

// TestDemo: `campaignwatch demo` needs no configuration, exits 0, and shows
// a budget change and a status change as posted.
func TestDemo(t *testing.T) {
	t.Parallel()
	p := startBinary(t, map[string]string{}, "demo")
	r := p.Wait(t)
	if r.Code != 0 {
		t.Fatalf("demo exited %d\nstderr:\n%s", r.Code, tail(r.Stderr, 3000))
	}
	for _, want := range []string{"US$62.00 → US$80.00", "active → paused", "spring-sale-retargeting", "new-arrivals-lookalike"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	for _, leak := range noSecrets([]output{{"demo stdout", r.Stdout}, {"demo stderr", r.Stderr}}, []string{"SEC-demo-signing-secret"}) {
		t.Error(leak)
	}
}

// TestUsage: an unknown command or flag is bad usage (exit 2) with the
// reason on stderr.
func TestUsage(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	for _, args := range [][]string{{}, {"frobnicate"}, {"check", "--verbose"}, {"check", "extra"}, {"serve", "--addr"}} {
		r := w.Run(args...)
		if r.Code != 2 || strings.TrimSpace(r.Stderr) == "" {
			t.Errorf("campaignwatch %q: exit %d, stderr %q; want 2 and a reason", args, r.Code, r.Stderr)
		}
	}
}
