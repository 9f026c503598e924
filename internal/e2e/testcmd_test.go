package e2e

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/notify/slack/slacktest"
)

// `test` on the built binary, against every receiver type present (Slack,
// DingTalk), one failing: exit 1 with a line per receiver, without CAMS
// channels or credentials, no CAMS call, no store written.
func TestTestCommand(t *testing.T) {
	w := NewWorld(t, Options{})
	noCAMS := map[string]string{"CAMS_CHANNELS": "", "ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}
	w.Slack.Enqueue(slacktest.NoService)
	r := w.RunEnv(noCAMS, "test", "--json")
	if r.Code != 1 {
		t.Fatalf("test with Slack refusing: exit %d, want 1\n%s", r.Code, r.Stderr)
	}
	var got struct {
		Notifications []Delivery `json:"notifications"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil || len(got.Notifications) != 2 {
		t.Fatalf("stdout is not {notifications: [2]}: %v\n%s", err, r.Stdout)
	}
	if d := got.Notifications[0]; d.Receiver != "slack" || d.Error == "" {
		t.Errorf("slack: %+v, want its error", d)
	}
	if d := got.Notifications[1]; d.Receiver != "dingtalk" || d.Error != "" || d.Messages != 1 {
		t.Errorf("dingtalk: %+v, want one message", d)
	}
	if !strings.Contains(r.Stderr, "slack: FAILED") {
		t.Errorf("stderr does not name the failed receiver:\n%s", r.Stderr)
	}
	if n := len(w.Ding.Messages()); n != 1 || !strings.Contains(string(w.Ding.Messages()[0].Body), "test") {
		t.Errorf("DingTalk got %d messages, want one test message", n)
	}

	r = w.RunEnv(noCAMS, "test", "--receiver", "slack")
	if r.Code != 0 || w.SlackCount("") != 1 || len(w.Ding.Messages()) != 1 || !strings.Contains(r.Stdout, "slack: ok") {
		t.Fatalf("test --receiver slack: exit %d, slack %d, dingtalk %d\n%s%s", r.Code, w.SlackCount(""), len(w.Ding.Messages()), r.Stdout, r.Stderr)
	}
	posts := w.Posts()
	r = w.RunEnv(noCAMS, "test", "--receiver", "nobody")
	if r.Code != 2 || w.Posts() != posts || !strings.Contains(r.Stderr, "slack, dingtalk") {
		t.Fatalf("test --receiver nobody: exit %d, %d posts\n%s", r.Code, w.Posts()-posts, r.Stderr)
	}

	if seen := w.CAMS.Seen(); len(seen) != 0 {
		t.Errorf("test called CAMS: %v", seen)
	}
	if _, err := os.Stat(w.Dir); !os.IsNotExist(err) {
		t.Errorf("test created the store %s: %v", w.Dir, err)
	}
}
