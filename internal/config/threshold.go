package config

import (
	"math"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// maxThresholdCents bounds an absolute threshold: a billion dollars is
// past any campaign's budget, and keeps the cents within int64.
const maxThresholdCents = 100_000_000_000

// parseThreshold reads a budget-change threshold: "10%" (relative), an
// amount of money "$50", "US$50" or "$12.50" (absolute, in the API's US
// cents), or "0" (every change). A bare number is refused: it could mean
// dollars or cents. It returns what is wrong ("" when nothing), to follow
// the place that names the value.
func parseThreshold(s string) (campaign.Threshold, string) {
	const want = "want a percentage such as 10%, an amount of money such as $50 or US$50, or 0 for every change"
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "0":
		return campaign.Threshold{}, ""
	case strings.HasSuffix(s, "%"):
		v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
		if err != nil || v < 0 || v > 1e6 || math.IsNaN(v) {
			return campaign.Threshold{}, "is not a percentage: " + want
		}
		return campaign.Threshold{Percent: v}, ""
	case strings.HasPrefix(s, "$") || strings.HasPrefix(s, "US$"):
		cents, ok := parseDollars(strings.TrimPrefix(strings.TrimPrefix(s, "US"), "$"))
		if !ok {
			return campaign.Threshold{}, "is not an amount of money: give dollars with at most two decimals, such as $50 or US$12.50"
		}
		return campaign.Threshold{Cents: cents}, ""
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return campaign.Threshold{}, "is a bare number, which could mean dollars or cents: write $" + s + " for dollars, or a percentage such as " + s + "%"
	}
	return campaign.Threshold{}, "is not a threshold: " + want
}

// parseDollars reads "50", "50.5" or "50.25" as cents.
func parseDollars(s string) (int64, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || strings.TrimLeft(whole, "0123456789") != "" {
		return 0, false
	}
	if hasFrac && (frac == "" || len(frac) > 2 || strings.TrimLeft(frac, "0123456789") != "") {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	cents := w * 100
	if len(frac) == 1 {
		frac += "0"
	}
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		cents += f
	}
	if cents > maxThresholdCents {
		return 0, false
	}
	return cents, true
}

// FormatThreshold renders a threshold as the configuration writes it.
func FormatThreshold(t campaign.Threshold) string {
	var parts []string
	if t.Percent > 0 {
		parts = append(parts, strconv.FormatFloat(t.Percent, 'f', -1, 64)+"%")
	}
	if t.Cents > 0 {
		parts = append(parts, campaign.FormatMoney(t.Cents))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " and ")
}
