package cli

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

func runDemoForTest(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errOut, DemoCampaigns: sampleCampaigns(t)}
	if code := Main(context.Background(), append([]string{"demo"}, args...), env); code != exitOK {
		t.Fatalf("demo %v: exit %d: %s", args, code, errOut.String())
	}
	return out.String()
}

// TestDemoShowsEachMessageOnce: `campaignwatch demo` fits a screenful or
// two (under 120 lines): each message once, as text, with the services it
// was posted to; --all shows every service's own rendering, the webhook's
// as its JSON body.
func TestDemoShowsEachMessageOnce(t *testing.T) {
	out := runDemoForTest(t)
	if n := strings.Count(out, "\n"); n >= 120 {
		t.Errorf("demo printed %d lines, want under 120:\n%s", n, out)
	}
	for _, title := range []string{"campaignwatch is watching", "campaignwatch: 4 changes in 2 channels", "campaignwatch budget digest for"} {
		if n := strings.Count(out, title); n != 1 {
			t.Errorf("%q shown %d times, want once:\n%s", title, n, out)
		}
	}
	types := receivers.Types()
	sort.Strings(types)
	if n := strings.Count(out, "└ posted to "+strings.Join(types, ", ")+"\n"); n != 3 {
		t.Errorf("%d messages name the %d services they went to, want 3:\n%s", n, len(types), out)
	}
	if !strings.Contains(out, "`campaignwatch demo --all`") {
		t.Errorf("demo does not say how to see every rendering:\n%s", out)
	}

	all := runDemoForTest(t, "--all")
	for _, want := range []string{
		"┌ webhook JSON body as posted",
		`"kind": "changes"`,
		"┌ dingtalk markdown as posted",
		"### campaignwatch: 4 changes in 2 channels",
		"┌ slack message",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("demo --all lacks %q", want)
		}
	}
	if n := strings.Count(all, "┌ "); n != 3*len(types) {
		t.Errorf("demo --all showed %d renderings, want %d (3 messages, %d services)", n, 3*len(types), len(types))
	}
}
