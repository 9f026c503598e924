package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// TestFlagTyposSuggest: a mistyped flag gets the same did-you-mean as a
// mistyped command, in one line naming the command, not the flag
// package's own text.
func TestFlagTyposSuggest(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--dryrun"}, "campaignwatch check: unknown flag --dryrun; did you mean --dry-run?"},
		{[]string{"digest", "-jsno"}, "campaignwatch digest: unknown flag --jsno; did you mean --json?"},
		{[]string{"playground", "--base"}, "campaignwatch playground: unknown flag --base; did you mean --base-port?"},
		{[]string{"check", "--colour"}, "campaignwatch check: unknown flag --colour\n"},
		{[]string{"playground", "--base-port", "x"}, `campaignwatch playground: invalid value "x" for flag -base-port`},
	} {
		env, out, errOut := testEnv(nil)
		if code := Main(context.Background(), tc.args, env); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitUsage)
		}
		got := errOut.String()
		if !strings.Contains(got, tc.want) || strings.Contains(got, "flag provided but not defined") || !strings.Contains(got, "Run `campaignwatch help") {
			t.Errorf("%v: stderr %q, want %q and the help hint", tc.args, got, tc.want)
		}
		if out.Len() != 0 {
			t.Errorf("%v: printed %q on stdout", tc.args, out)
		}
	}
}

// TestFailedRunPrintsNoEmptySummary: a run that failed before it listed
// anything prints no "0 campaigns in 0 channels" summary that reads as
// success, only its error; one that failed after listing says FAILED in
// its summary's first line.
func TestFailedRunPrintsNoEmptySummary(t *testing.T) {
	red := notify.NewRedactor()
	env, out, errOut := testEnv(nil)
	if code := finish(nil, errors.New("the snapshot store cannot be read"), campaign.ModeCheck, false, false, red, env, "en"); code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "the snapshot store cannot be read") {
		t.Errorf("stdout %q, stderr %q: want only the error, on stderr", out, errOut)
	}

	// Failed at its first page, with nothing posted: the error alone.
	env, out, _ = testEnv(nil)
	rep := &campaign.Report{Mode: campaign.ModeCheck, Channels: []campaign.ChannelReport{},
		Notifications: []campaign.Delivery{{Receiver: "slack"}, {Receiver: "dingtalk"}}}
	finish(rep, errors.New("CAMS answered HTTP 404 InvalidAccessKeyId.NotFound"), campaign.ModeCheck, false, false, red, env, "en")
	if out.Len() != 0 {
		t.Errorf("a run that listed and posted nothing printed:\n%s", out)
	}
	// Failed listing, but a message an earlier run left pending went out.
	env, out, _ = testEnv(nil)
	rep.Notifications[0].Messages = 1
	finish(rep, errors.New("CAMS answered HTTP 500"), campaign.ModeCheck, false, false, red, env, "en")
	if got := out.String(); got != "check FAILED (the reason below): nothing listed\n  slack: 1 message posted\n" {
		t.Errorf("a failed run that delivered what was pending printed %q", got)
	}

	env, out, _ = testEnv(nil)
	rep = &campaign.Report{Mode: campaign.ModeCheck, Campaigns: 6,
		Channels: []campaign.ChannelReport{{CustSpaceID: "cams-a1", PageID: "239001", Name: "Brand A", Campaigns: 6, Complete: false, Error: "page 2: HTTP 500"}}}
	finish(rep, errors.New("listing Brand A: page 2: HTTP 500"), campaign.ModeCheck, false, false, red, env, "en")
	if first, _, _ := strings.Cut(out.String(), "\n"); !strings.HasPrefix(first, "check FAILED") {
		t.Errorf("the summary of a failed listing starts %q, want it to say FAILED:\n%s", first, out)
	}
}
