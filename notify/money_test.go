package notify

import (
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		name     string
		old, new int64
		change   string
		delta    string
	}{
		{"rise", 6200, 8000, "$62.00 → $80.00 (+29%)", "+$18.00, +29%"},
		{"small fall", 10000, 9950, "$100.00 → $99.50 (-0.5%)", "-$0.50, -0.5%"},
		{"from zero", 0, 500, "$0.00 → $5.00", "+$5.00"},
		{"to zero", 500, 0, "$5.00 → $0.00 (-100%)", "-$5.00, -100%"},
		{"same", 700, 700, "$7.00 → $7.00 (+0.0%)", "no change"},
		{"thousands", 123456, 234567, "$1,234.56 → $2,345.67 (+90%)", "+$1,111.11, +90%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MoneyChange(tt.old, tt.new); got != tt.change {
				t.Errorf("MoneyChange(%d, %d) = %q, want %q", tt.old, tt.new, got, tt.change)
			}
			if got := MoneyDelta(tt.old, tt.new); got != tt.delta {
				t.Errorf("MoneyDelta(%d, %d) = %q, want %q", tt.old, tt.new, got, tt.delta)
			}
		})
	}
}

func TestChangeLine(t *testing.T) {
	base := campaign.Change{CampaignID: "233001", CampaignName: "spring-sale", Status: "AVAILABLE", Budget: 8000, BudgetType: "daily"}
	with := func(ty campaign.ChangeType, old, new string) campaign.Change {
		c := base
		c.Type, c.Old, c.New = ty, old, new
		return c
	}
	tests := []struct {
		name string
		c    campaign.Change
		want string
	}{
		{"budget", with(campaign.BudgetChanged, "6200", "8000"), "spring-sale (233001): $62.00 → $80.00 (+29%) daily"},
		{"budget not a number", with(campaign.BudgetChanged, "62.5", "80"), "spring-sale (233001): 62.5 → 80 daily"},
		{"status", with(campaign.StatusChanged, "AVAILABLE", "PAUSED"), "spring-sale (233001): AVAILABLE → PAUSED"},
		{"added", with(campaign.Added, "", ""), "spring-sale (233001): $80.00 daily, AVAILABLE"},
		{"removed", with(campaign.Removed, "", ""), "spring-sale (233001): was $80.00 daily, AVAILABLE"},
		{"budget type", with(campaign.BudgetTypeChanged, "daily", "lifetime"), "spring-sale (233001): daily → lifetime ($80.00)"},
		{"renamed", with(campaign.Renamed, "spring", "spring-sale"), "spring → spring-sale (233001)"},
		{"unknown type", with("moved", "a", "b"), "spring-sale (233001): a → b"},
		{"newline in name", campaign.Change{Type: campaign.StatusChanged, CampaignID: "1", CampaignName: "a\nb", Old: "X", New: "Y"}, "a b (1): X → Y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChangeLine(tt.c); got != tt.want {
				t.Errorf("ChangeLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	long := make([]rune, 300)
	for i := range long {
		long[i] = '字'
	}
	got := []rune(Clean(string(long)))
	if len(got) != maxTextRunes || got[len(got)-1] != '…' {
		t.Errorf("Clean of 300 characters gave %d characters ending %q, want %d ending …", len(got), got[len(got)-1], maxTextRunes)
	}
	if got := Clean(" a\tb\r\nc "); got != "a b  c" {
		t.Errorf("Clean = %q, want %q", got, "a b  c")
	}
}
