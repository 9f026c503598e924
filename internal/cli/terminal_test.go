//go:build !fcdeploy

package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/campaignwatch/campaignwatch/internal/cams"
	"github.com/campaignwatch/campaignwatch/internal/playground"
)

// openPTY returns a pseudo-terminal's two ends and, for the master, a
// channel that yields everything read from it once the tty is closed.
func openPTY(t *testing.T) (tty *os.File, got <-chan string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	ch := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, ptmx) // ends with EIO once the tty side is closed
		ch <- b.String()
	}()
	t.Cleanup(func() { ptmx.Close() })
	return tty, ch
}

func startPlayground(t *testing.T) *playground.Playground {
	t.Helper()
	sample := sampleCampaigns(t)
	env, _, _ := testEnv(nil)
	env.DemoCampaigns = sample
	cs, err := loadSample(env)
	if err != nil {
		t.Fatal(err)
	}
	p, err := playground.Start(playground.Options{Campaigns: cs, Channels: sampleChannels})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// TestProgressOnTerminalOnly: check draws its progress line on stderr
// when stderr is a terminal, and not on a pipe nor with --json.
func TestProgressOnTerminalOnly(t *testing.T) {
	p := startPlayground(t)
	run := func(stderr *os.File, args ...string) {
		t.Helper()
		var out bytes.Buffer
		env := Env{Getenv: p.Getenv, Stdout: &out, Stderr: stderr}
		if code := Main(context.Background(), args, env); code != exitOK {
			t.Fatalf("%q: exit %d\n%s", args, code, out.String())
		}
		stderr.Close()
	}

	tty, got := openPTY(t)
	run(tty, "check", "--dry-run")
	if s := <-got; !strings.Contains(s, "listing: 2/2 channels, 12 campaigns, 2 calls") || !strings.Contains(s, "\r\033[K") {
		t.Errorf("on a terminal, stderr has no progress line: %q", s)
	}

	tty, got = openPTY(t)
	run(tty, "check", "--dry-run", "--json")
	if s := <-got; strings.Contains(s, "listing:") {
		t.Errorf("with --json, stderr has a progress line: %q", s)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	run(w, "check", "--dry-run")
	b, _ := io.ReadAll(r)
	if strings.Contains(string(b), "listing:") || strings.Contains(string(b), "\033[") {
		t.Errorf("on a pipe, stderr has a progress line or escapes: %q", b)
	}
}

// TestColourOnlyOnTerminalWithoutNO_COLOR: the demo's headings are bold on
// a terminal, plain with NO_COLOR set and on a pipe.
func TestColourOnlyOnTerminalWithoutNO_COLOR(t *testing.T) {
	for _, tc := range []struct {
		name    string
		noColor string
		tty     bool
		want    bool
	}{
		{"terminal", "", true, true},
		{"terminal, NO_COLOR=1", "1", true, false},
		{"pipe", "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var (
				w   *os.File
				got <-chan string
			)
			if tc.tty {
				w, got = openPTY(t)
			} else {
				r, pw, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				w = pw
				ch := make(chan string, 1)
				go func() { b, _ := io.ReadAll(r); ch <- string(b) }()
				got = ch
			}
			var errOut bytes.Buffer
			env := Env{Getenv: func(k string) string {
				if k == "NO_COLOR" {
					return tc.noColor
				}
				return ""
			}, Stdout: w, Stderr: &errOut, DemoCampaigns: sampleCampaigns(t)}
			if code := Main(context.Background(), []string{"demo"}, env); code != exitOK {
				t.Fatalf("demo: exit %d: %s", code, errOut.String())
			}
			w.Close()
			s := <-got
			if !strings.Contains(s, "First check") {
				t.Fatalf("demo output lacks its first step: %q", s)
			}
			if has := strings.Contains(s, "\033["); has != tc.want {
				t.Errorf("escape codes present = %v, want %v", has, tc.want)
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		p       cams.Progress
		elapsed time.Duration
		want    string
	}{
		{cams.Progress{Channels: 100}, 0, "listing: 0/100 channels, 0 campaigns, 0 calls, 0s elapsed"},
		{cams.Progress{Channels: 100, ChannelsDone: 25, Campaigns: 1204, Calls: 31}, 10 * time.Second,
			"listing: 25/100 channels, 1204 campaigns, 31 calls, 10s elapsed, about 30s left"},
		{cams.Progress{Channels: 1, ChannelsDone: 1, Campaigns: 1, Calls: 1}, time.Second, "listing: 1/1 channel, 1 campaign, 1 call, 1s elapsed"},
	} {
		if got := progressLine(tc.p, tc.elapsed); got != tc.want {
			t.Errorf("progressLine(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}
