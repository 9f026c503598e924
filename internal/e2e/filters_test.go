package e2e

import (
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// filteredChannels watches Brand A's AVAILABLE campaigns only, as the
// README's example configuration does.
const filteredChannels = chA + "?name=Brand%20A&status=AVAILABLE," + chB + "?name=Brand%20B"

// lastSlack returns the text of Slack's newest message.
func (w *World) lastSlack() string {
	p := w.Slack.Payloads()
	if len(p) == 0 {
		return ""
	}
	return string(p[len(p)-1])
}

func reportChanges(r *Report) string {
	var out []string
	for _, c := range r.Changes {
		out = append(out, c.Type+":"+c.CampaignID+":"+c.Old+"→"+c.New)
	}
	return strings.Join(out, ",")
}

func TestPauseAndResumeOnAStatusFilteredChannel(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.Env["CAMS_CHANNELS"] = filteredChannels
	r := w.Check(0)
	if !r.Report.Baseline || r.Report.Campaigns != 11 {
		t.Fatalf("baseline: %d campaigns, want Brand A's 5 active ones and Brand B's 6", r.Report.Campaigns)
	}

	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Status = "PAUSED" })
	r = w.Check(0)
	if got, want := reportChanges(r.Report), "status_changed:"+idSpring+":AVAILABLE→PAUSED"; got != want {
		t.Fatalf("pausing a campaign of the filtered channel: changes %s, want %s", got, want)
	}
	for name, text := range map[string]string{"Slack": w.lastSlack(), "DingTalk": w.Ding.Messages()[len(w.Ding.Messages())-1].Markdown.Text} {
		if !strings.Contains(text, "active → paused") || strings.Contains(text, "Removed") {
			t.Errorf("%s is not told the campaign was paused:\n%s", name, text)
		}
	}
	if r.Report.Campaigns != 10 {
		t.Errorf("the paused campaign is still watched: %d campaigns", r.Report.Campaigns)
	}
	if r := w.Check(0); len(r.Report.Changes) != 0 {
		t.Fatalf("the next check found %s", reportChanges(r.Report))
	}

	w.Edit(chA, idSpring, func(c *campaign.Campaign) { c.Status = "AVAILABLE" })
	r = w.Check(0)
	if got, want := reportChanges(r.Report), "status_changed:"+idSpring+":PAUSED→AVAILABLE"; got != want {
		t.Fatalf("resuming it: changes %s, want %s, not added", got, want)
	}
	if text := w.lastSlack(); !strings.Contains(text, "paused → active") || strings.Contains(text, "New campaigns") {
		t.Errorf("Slack is not told the campaign was resumed:\n%s", text)
	}
	w.WantCounts(idSpring, 2, 2)
}
