package notify

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		name     string
		old, new int64
		change   string
		delta    string
	}{
		{"rise", 6200, 8000, "US$62.00 → US$80.00 (+29%)", "+US$18.00, +29%"},
		{"small fall", 10000, 9950, "US$100.00 → US$99.50 (-0.5%)", "-US$0.50, -0.5%"},
		{"from zero", 0, 500, "US$0.00 → US$5.00", "+US$5.00"},
		{"to zero", 500, 0, "US$5.00 → US$0.00 (-100%)", "-US$5.00, -100%"},
		{"same", 700, 700, "US$7.00 → US$7.00 (+0.0%)", "no change"},
		{"thousands", 123450, 234567, "US$1,234.50 → US$2,345.67 (+90%)", "+US$1,111.17, +90%"},
		{"millions", 0, 123456789, "US$0.00 → US$1,234,567.89", "+US$1,234,567.89"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := moneyChange(&catalog.English, tt.old, tt.new); got != tt.change {
				t.Errorf("MoneyChange(%d, %d) = %q, want %q", tt.old, tt.new, got, tt.change)
			}
			if got := moneyDelta(&catalog.English, tt.old, tt.new); got != tt.delta {
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
		{"budget", with(campaign.BudgetChanged, "6200", "8000"), "spring-sale (233001): daily budget US$62.00 → US$80.00 (+29%)"},
		{"budget not a number", with(campaign.BudgetChanged, "62.5", "80"), "spring-sale (233001): daily budget 62.5 → 80"},
		{"status", with(campaign.StatusChanged, "AVAILABLE", "PAUSED"), "spring-sale (233001): active → paused"},
		{"status without a word", with(campaign.StatusChanged, "PAUSED", "IN_REVIEW"), "spring-sale (233001): paused → IN_REVIEW"},
		{"added", with(campaign.Added, "", ""), "spring-sale (233001): active, daily budget US$80.00"},
		{"removed", with(campaign.Removed, "", ""), "spring-sale (233001): was active, daily budget US$80.00"},
		{"budget type", with(campaign.BudgetTypeChanged, "daily", "lifetime"), "spring-sale (233001): daily → lifetime (US$80.00)"},
		{"renamed", with(campaign.Renamed, "spring", "spring-sale"), "spring → spring-sale (233001)"},
		{"unknown type", with("moved", "a", "b"), "spring-sale (233001): a → b"},
		{"newline in name", campaign.Change{Type: campaign.StatusChanged, CampaignID: "1", CampaignName: "a\nb", Old: "X", New: "Y"}, "a b (1): X → Y"},
		{"zh-CN budget", with(campaign.BudgetChanged, "6200", "8000"), "zh:spring-sale（233001）：日预算 US$62.00 → US$80.00（+29%）"},
		{"zh-CN status", with(campaign.StatusChanged, "AVAILABLE", "PAUSED"), "zh:spring-sale（233001）：投放中 → 已暂停"},
		{"zh-CN removed", with(campaign.Removed, "", ""), "zh:spring-sale（233001）：移除前投放中，日预算 US$80.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, want := &catalog.English, tt.want
			if w, ok := strings.CutPrefix(want, "zh:"); ok {
				l, want = &catalog.Chinese, w
			}
			if got := ChangeLine(l, tt.c); got != want {
				t.Errorf("ChangeLine = %q, want %q", got, want)
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
	for in, want := range map[string]string{
		" a\tb\r\nc ":                  "a b c",
		"a\u2028b\u2029c":              "a b c",
		"spring\u202esale\u202c":       "springsale",
		"@\u200ball":                   "@all",
		"bad\xffbyte":                  "badbyte",
		"real \ufffd stays":            "real \ufffd stays",
		"family 👨\u200d👩\u200d👧 promo": "family 👨\u200d👩\u200d👧 promo",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	name := []rune(Name(string(long)))
	if len(name) != maxNameRunes || name[len(name)-1] != '…' {
		t.Errorf("Name of 300 characters gave %d characters, want %d ending …", len(name), maxNameRunes)
	}
}
