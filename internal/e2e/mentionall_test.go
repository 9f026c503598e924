package e2e

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// TestFeishuAllRefused, on the built binary: a Chinese Feishu receiver
// configured to mention everyone, in a group that does not let the bot
// @all. The change card is refused, posted again in the same run without
// the mention, with the note (in Chinese) saying why and what to do: the
// run exits 0 and nothing is owed. The next run's change comes without
// the mention and without the note: it is given once, the store says so.
func TestFeishuAllRefused(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{Feishu: true, NoSlack: true, NoDingTalk: true})
	w.useFile("version: 1\n"+fileChannels+`receivers:
  - {name: cn-feishu, type: feishu, url: "${E2E_FEISHU_URL}", secret: "${E2E_FEISHU_SECRET}", language: zh-CN, mention: {all: true}}
`, true)
	w.Feishu.SetAllowAll(false)
	w.Check(0) // the baseline mentions nobody: accepted as it is
	if got := len(w.Feishu.Messages()); got != 1 {
		t.Fatalf("the baseline: Feishu accepted %d cards, want 1", got)
	}

	const note = "本群只允许群主和群管理员 @所有人"
	card := func(i int) string {
		t.Helper()
		msgs := w.Feishu.Messages()
		if len(msgs) <= i {
			t.Fatalf("Feishu accepted %d cards, want card %d", len(msgs), i+1)
		}
		return string(msgs[i].Body)
	}
	w.BudgetUp()
	r := w.Check(0)
	wantLine(t, r.Report, "cn-feishu", 1, 0)
	if c := card(1); strings.Contains(c, "<at id=all>") || !strings.Contains(c, note) || !strings.Contains(c, "80.00") {
		t.Errorf("the change card was not posted without @all and with the note: %s", c)
	}
	if n := strings.Count(r.Stderr, "mention_all_refused"); n != 1 {
		t.Errorf("the run logged the refused @all %d times, want once:\n%s", n, tail(r.Stderr, 3000))
	}
	if keys := w.Keys("notes/"); len(keys) != 1 {
		t.Errorf("the store keeps %v under notes/, want the one note", keys)
	}

	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Budget = 9000 })
	r = w.Check(0)
	wantLine(t, r.Report, "cn-feishu", 1, 0)
	if c := card(2); strings.Contains(c, "<at id=all>") || strings.Contains(c, note) || !strings.Contains(c, "90.00") {
		t.Errorf("the later card mentions everyone or repeats the note: %s", c)
	}
	if got := w.Feishu.Requests(); got != 5 {
		t.Errorf("Feishu got %d requests, want 5 (the baseline, then each change refused once and posted without @all)", got)
	}
}
