package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestChangesDocGroupsByChannelThenType(t *testing.T) {
	a := notifytest.ChangesAlert()
	// Reverse the input: the order of the doc must not depend on it.
	for i, j := 0, len(a.Changes)-1; i < j; i, j = i+1, j-1 {
		a.Changes[i], a.Changes[j] = a.Changes[j], a.Changes[i]
	}
	doc := notify.ChangesDoc(a, notify.ReaderOf(notify.Locale{Labels: notifytest.Labels()}))
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, b.Section+"/"+b.Heading)
	}
	want := []string{
		"Brand A/Budget changed", "Brand A/Status changed", "Brand A/New campaigns",
		"Page 239002 (cams-b2)/Removed campaigns", "Page 239002 (cams-b2)/Budget type changed", "Page 239002 (cams-b2)/Renamed",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks = %q, want %q", got, want)
	}
	if doc.Title != "campaignwatch: 6 changes in 2 channels" {
		t.Errorf("title = %q", doc.Title)
	}
	if doc.Footer != "2026-11-26 09:00 UTC · run ID 5e8ff14d0042" {
		t.Errorf("footer = %q", doc.Footer)
	}
}

// TestChangesInReadersLanguageAndZone: the same stored alert reads in
// Chinese with Shanghai's clock for one receiver, in English with UTC for
// another.
func TestChangesInReadersLanguageAndZone(t *testing.T) {
	a := notifytest.ChangesAlert()
	doc, err := notify.DocOf(a, notify.Locale{Labels: notifytest.Labels(), Language: "zh-CN", Zone: shanghai(t)})
	if err != nil {
		t.Fatal(err)
	}
	text := doc.PlainText()
	for _, want := range []string{
		"campaignwatch：2 个渠道共 6 项变更", "预算调整", "spring-sale（233001）：日预算 US$62.00 → US$80.00（+29%）",
		"winter-clearance（233002）：投放中 → 已暂停", "主页 239002（cams-b2）", "2026-11-26 17:00 UTC+08:00 · 运行编号 5e8ff14d0042",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("zh-CN text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Budget") || strings.Contains(text, "09:00") {
		t.Errorf("zh-CN text has English words or UTC times:\n%s", text)
	}
}

// TestChangesOrderedByWhatMatters: within a channel the largest budget
// move comes first, and a status change that stops spending comes before
// one that does not; the channel with the largest move comes first.
func TestChangesOrderedByWhatMatters(t *testing.T) {
	ch := func(cs, page string, c campaign.Change) campaign.Change {
		c.CustSpaceID, c.PageID = cs, page
		return c
	}
	changes := []campaign.Change{
		ch("a", "1", campaign.Change{Type: campaign.BudgetChanged, CampaignID: "small", Old: "1000", New: "1100", BudgetType: "daily"}),
		ch("a", "1", campaign.Change{Type: campaign.StatusChanged, CampaignID: "review", Old: "PAUSED", New: "IN_REVIEW", Budget: 900000}),
		ch("a", "1", campaign.Change{Type: campaign.BudgetChanged, CampaignID: "big-cut", Old: "500000", New: "100000", BudgetType: "daily"}),
		ch("a", "1", campaign.Change{Type: campaign.StatusChanged, CampaignID: "stopped", Old: "AVAILABLE", New: "PAUSED", Budget: 100}),
		ch("b", "2", campaign.Change{Type: campaign.BudgetChanged, CampaignID: "huge", Old: "0", New: "9000000", BudgetType: "lifetime"}),
	}
	var got []string
	for _, c := range notify.OrderChanges(changes) {
		got = append(got, c.CampaignID)
	}
	want := "huge,big-cut,small,stopped,review"
	if strings.Join(got, ",") != want {
		t.Errorf("order = %s, want %s", strings.Join(got, ","), want)
	}
}

func TestDocOf(t *testing.T) {
	tests := []struct {
		name  string
		alert *campaign.Alert
		want  string
	}{
		{"changes", notifytest.ChangesAlert(), "spring-sale (233001): daily budget US$62.00 → US$80.00 (+29%)"},
		{"baseline", notifytest.BaselineAlert(), "campaignwatch is now watching 257 campaigns in 2 channels: Brand A, Page 239002 (cams-b2)."},
		{"digest", notifytest.DigestAlert(), "Daily budgets of active campaigns: US$255.00 (+US$18.00, +7.6% since 11-25 17:00)"},
		{"test", notifytest.TestAlert(), "This is a test from campaignwatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := notify.DocOf(tt.alert, notify.Locale{Labels: notifytest.Labels()})
			if err != nil {
				t.Fatal(err)
			}
			if text := doc.PlainText(); !strings.Contains(text, tt.want) {
				t.Errorf("plain text lacks %q:\n%s", tt.want, text)
			}
		})
	}
	t.Run("unknown kind", func(t *testing.T) {
		_, err := notify.DocOf(&campaign.Alert{ID: "x", Kind: "poem"}, notify.Locale{Labels: notifytest.Labels()})
		if campaign.KindOf(err) != campaign.Invalid {
			t.Errorf("err = %v, want kind Invalid", err)
		}
	})
}

func TestDigestWithoutHistory(t *testing.T) {
	md := notify.DigestMarkdown(notifytest.FirstDigest(), notify.Reader{})
	for _, want := range []string{"no snapshot from a day earlier yet", "- **Daily budgets of active campaigns**: US$255.00\n", "**Brand A**"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, " since 11-") {
		t.Errorf("markdown compares without history:\n%s", md)
	}
}

// TestDigestNamesTheComparedSnapshotsTime: a comparison with a snapshot 31
// hours old says so, rather than "24 hours earlier".
func TestDigestNamesTheComparedSnapshotsTime(t *testing.T) {
	d := notifytest.Digest()
	old := notifytest.At.Add(-31 * time.Hour)
	d.ComparedTo = &old
	text := notify.DigestDoc(d, notify.Reader{Zone: shanghai(t)}, "").PlainText()
	for _, want := range []string{"compared with the snapshot taken 2026-11-25 10:00 UTC+08:00", "since 11-25 10:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "24") && strings.Contains(text, "earlier") {
		t.Errorf("digest claims a 24-hour comparison:\n%s", text)
	}
}

// TestDigestStatusesAsWords: AVAILABLE and ACTIVE are both "active" and
// counted together; an unknown status keeps the API's value.
func TestDigestStatusesAsWords(t *testing.T) {
	d := notifytest.Digest()
	d.Total.ByStatus = []campaign.StatusCount{{Status: "AVAILABLE", Count: 3}, {Status: "PAUSED", Count: 2}, {Status: "ACTIVE", Count: 1}, {Status: "IN_REVIEW", Count: 1}}
	for l, want := range map[*catalog.Lang]string{
		&catalog.English: "Campaigns: 7 (4 active, 2 paused, 1 IN_REVIEW)",
		&catalog.Chinese: "广告系列：7 个（投放中 4，已暂停 2，IN_REVIEW 1）",
	} {
		if text := notify.DigestDoc(d, notify.Reader{Lang: l}, "").PlainText(); !strings.Contains(text, want) {
			t.Errorf("%s digest lacks %q:\n%s", l.Tag, want, text)
		}
	}
}

func TestMarkdownNeutralisesData(t *testing.T) {
	a := notifytest.ChangesAlert()
	a.Changes = a.Changes[:1]
	a.Changes[0].CampaignName = "*bold* [link](http://x) <b> @all"
	md := notify.ChangesDoc(a, notify.ReaderOf(notify.Locale{Labels: notifytest.Labels()})).Markdown()
	if !strings.Contains(md, "＊bold＊ ［link］(http：//x) ＜b＞ ＠all") || strings.Contains(md, `\`) {
		t.Errorf("campaign name not neutralised:\n%s", md)
	}
}

// TestSamplesHaveEveryChangeType: the changes the golden files render
// (notifytest.Changes) have one of every change type, so that a new type
// shows in every service's goldens, in every language.
func TestSamplesHaveEveryChangeType(t *testing.T) {
	seen := map[campaign.ChangeType]bool{}
	for _, c := range notifytest.Changes() {
		seen[c.Type] = true
	}
	for _, ct := range campaign.ChangeTypes {
		if !seen[ct] {
			t.Errorf("notifytest.Changes has no %s change: the golden files do not show it", ct)
		}
	}
}
