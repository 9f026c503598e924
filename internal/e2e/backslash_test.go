package e2e

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/dingtalk/dingtalktest"
	"github.com/campaignwatch/campaignwatch/notify/wecom/wecomtest"
)

// TestMarkdownShowsNamesAsWritten: a campaign renamed to a name full of
// markdown's characters reaches DingTalk and WeCom, in English and in
// Chinese, as a group would read it: underscores as written, the rest as
// look-alikes, and no backslash anywhere (neither service renders one).
func TestMarkdownShowsNamesAsWritten(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			w := NewWorld(t, Options{NoSlack: true, WeCom: true})
			w.Env["MESSAGE_LANGUAGE"] = lang
			w.baseline()
			w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.CampaignName = "spring_sale_2026 *vip* `x` a\\b" })
			w.Check(0)
			ding := w.Ding.Messages()
			wecom := w.WeCom.Messages()
			texts := map[string]string{
				"DingTalk": ding[len(ding)-1].Markdown.Text,
				"WeCom":    wecom[len(wecom)-1].Markdown.Content,
			}
			if p := dingtalktest.CheckMarkdown(texts["DingTalk"]); p != "" {
				t.Errorf("DingTalk: %s", p)
			}
			if p := wecomtest.CheckMarkdown(texts["WeCom"]); p != "" {
				t.Errorf("WeCom: %s", p)
			}
			for svc, text := range texts {
				if !strings.Contains(text, "spring_sale_2026 ＊vip＊ ｀x｀ a＼b") || strings.Contains(text, `\`) {
					t.Errorf("%s (%s) does not show the name as written, without backslashes:\n%s", svc, lang, text)
				}
			}
		})
	}
}
