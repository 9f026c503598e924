package notify_test

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/notifytest"
)

func TestChangesDocGroupsByChannelThenType(t *testing.T) {
	a := notifytest.ChangesAlert()
	// Reverse the input: the order of the doc must not depend on it.
	for i, j := 0, len(a.Changes)-1; i < j; i, j = i+1, j-1 {
		a.Changes[i], a.Changes[j] = a.Changes[j], a.Changes[i]
	}
	doc := notify.ChangesDoc(a)
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, b.Section+"/"+b.Heading)
	}
	want := []string{
		"Brand A/Budget changed", "Brand A/Status changed", "Brand A/New campaigns",
		"cams-b2:239002/Removed campaigns", "cams-b2:239002/Budget type changed", "cams-b2:239002/Renamed",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks = %q, want %q", got, want)
	}
	if doc.Title != "campaignwatch: 6 changes in 2 channels" {
		t.Errorf("title = %q", doc.Title)
	}
	if doc.Footer != "2026-11-26 09:00 UTC · run run-0042" {
		t.Errorf("footer = %q", doc.Footer)
	}
}

func TestDocOf(t *testing.T) {
	tests := []struct {
		name  string
		alert *campaign.Alert
		want  string
	}{
		{"changes", notifytest.ChangesAlert(), "spring-sale (233001): $62.00 → $80.00 (+29%) daily"},
		{"baseline", notifytest.BaselineAlert(), "campaignwatch is now watching 257 campaigns in 2 channels: Brand A, cams-b2:239002."},
		{"digest", notifytest.DigestAlert(), "Active daily budgets: $255.00 (+$18.00, +7.6% vs 24h earlier)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := notify.DocOf(tt.alert)
			if err != nil {
				t.Fatal(err)
			}
			if text := doc.PlainText(); !strings.Contains(text, tt.want) {
				t.Errorf("plain text lacks %q:\n%s", tt.want, text)
			}
		})
	}
	t.Run("unknown kind", func(t *testing.T) {
		_, err := notify.DocOf(&campaign.Alert{ID: "x", Kind: "poem"})
		if campaign.KindOf(err) != campaign.Invalid {
			t.Errorf("err = %v, want kind Invalid", err)
		}
	})
}

func TestDigestWithoutHistory(t *testing.T) {
	d := notifytest.Digest()
	d.ComparedTo = nil
	d.Total.PrevDailyBudget, d.Total.PrevLifetimeBudget = nil, nil
	md := notify.DigestMarkdown(d, nil)
	for _, want := range []string{"no history from 24 hours ago yet", "| Active daily budgets | $255.00 |", "**Brand A**"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "| Active daily budgets | $255.00 (") {
		t.Errorf("markdown compares the total without history:\n%s", md)
	}
}

func TestMarkdownEscapesData(t *testing.T) {
	a := notifytest.ChangesAlert()
	a.Changes = a.Changes[:1]
	a.Changes[0].CampaignName = "*bold* [link](x) <b>"
	md := notify.ChangesDoc(a).Markdown()
	if !strings.Contains(md, `\*bold\* \[link\](x) &lt;b&gt;`) {
		t.Errorf("campaign name not escaped:\n%s", md)
	}
}
