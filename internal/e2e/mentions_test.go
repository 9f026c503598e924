package e2e

import (
	"strings"
	"testing"
)

// TestFileMentions, on the built binary: a file-configured Slack receiver
// with `here: true` and a member id, and a DingTalk receiver with
// `all: true` and a user id. The baseline note mentions nobody; the change
// alert mentions each receiver's people (Slack's <!here> and <@U…> in its
// blocks; DingTalk's at.isAtAll and at.atUserIds with "@all @userid" in the
// text); the digest mentions nobody again.
func TestFileMentions(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: team-slack, type: slack, url: "${E2E_SLACK_URL}", mention: {here: true, userIds: [U024BE7LH]}}
  - {name: ops-ding, type: dingtalk, url: "${E2E_DING_URL}", secret: "${E2E_DING_SECRET}", mention: {all: true, userIds: [manager4711]}}
`, true)
	wantMentions := func(when string, slack, ding []string) {
		t.Helper()
		s, d := w.Slack.Mentions(), w.Ding.Messages()
		if len(s) == 0 || len(d) == 0 {
			t.Fatalf("%s: Slack got %d messages, DingTalk %d; want one each", when, len(s), len(d))
		}
		if got := s[len(s)-1]; strings.Join(got, " ") != strings.Join(slack, " ") {
			t.Errorf("%s: the Slack message mentions %q, want %q", when, got, slack)
		}
		last := d[len(d)-1]
		if got := last.Mentions(); strings.Join(got, " ") != strings.Join(ding, " ") {
			t.Errorf("%s: the DingTalk message mentions %q (at %+v), want %q", when, got, last.At, ding)
		}
	}

	r := w.Check(0)
	if !r.Report.Baseline {
		t.Fatalf("first run is not the baseline: %+v", r.Report)
	}
	wantMentions("baseline", nil, nil)

	w.BudgetUp()
	r = w.Check(0)
	if r.Report.ChangeOf(idSpring) == nil {
		t.Fatalf("the budget change is not in the report: %+v", r.Report.Changes)
	}
	wantLine(t, r.Report, "team-slack", 1, 0)
	wantLine(t, r.Report, "ops-ding", 1, 0)
	wantMentions("change alert", []string{"<!here>", "<@U024BE7LH>"}, []string{"@all", "@manager4711"})
	if d := w.Ding.Messages(); !d[len(d)-1].At.IsAtAll {
		t.Errorf("the DingTalk change alert does not set at.isAtAll: %+v", d[len(d)-1].At)
	}

	if d := w.Run("digest", "--json"); d.Code != 0 {
		t.Fatalf("digest exited %d\nstdout:\n%s\nstderr:\n%s", d.Code, d.Stdout, tail(d.Stderr, 3000))
	}
	if s, d := w.Slack.Payloads(), w.Ding.Messages(); len(s) != 3 || len(d) != 3 {
		t.Fatalf("after the digest Slack has %d messages, DingTalk %d; want 3 each", len(s), len(d))
	}
	wantMentions("digest", nil, nil)
}
