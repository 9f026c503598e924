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

func TestAFilterEditIsOneNoteNotAMassRemoval(t *testing.T) {
	t.Parallel()
	w := NewWorld(t, Options{})
	w.Env["CAMS_CHANNELS"] = filteredChannels
	w.baseline()

	// AVAILABLE to PAUSED: Brand A's five active campaigns leave the
	// listing and its one paused campaign enters it.
	w.Env["CAMS_CHANNELS"] = chA + "?name=Brand%20A&status=PAUSED," + chB + "?name=Brand%20B"
	r := w.Check(0)
	if len(r.Report.Changes) != 0 {
		t.Fatalf("a filter edit announced changes: %s", reportChanges(r.Report))
	}
	if d := r.Report.Delivery("slack"); d.Messages != 1 {
		t.Fatalf("Slack's delivery %+v, want the one note", d)
	}
	if text := w.lastSlack(); !strings.Contains(text, "new filters in 1 channel") || !strings.Contains(text, "Brand A") ||
		!strings.Contains(text, "1 campaign now") || strings.Contains(text, "Removed") || strings.Contains(text, "New campaigns") {
		t.Fatalf("Slack's note:\n%s", text)
	}

	// To a status the API never returns, in Chinese: no removal either.
	w.Env["CAMS_CHANNELS"] = chA + "?name=Brand%20A&status=active," + chB + "?name=Brand%20B"
	w.Env["MESSAGE_LANGUAGE"] = "zh-CN"
	r = w.Check(0)
	if len(r.Report.Changes) != 0 || r.Report.Campaigns != 6 {
		t.Fatalf("status=active: %d campaigns, changes %s; want Brand B's 6 and no change", r.Report.Campaigns, reportChanges(r.Report))
	}
	dm := w.Ding.Messages()
	if text := dm[len(dm)-1].Markdown.Text; len(dm) != 3 || !strings.Contains(text, "筛选条件已更改") || !strings.Contains(text, "现有 0 个广告系列") {
		t.Fatalf("DingTalk has %d messages, the last:\n%s", len(dm), text)
	}
	if r := w.Check(0); len(r.Report.Changes) != 0 || r.Report.Delivery("slack").Messages != 0 {
		t.Fatalf("the check after the edit: changes %s, Slack %+v", reportChanges(r.Report), r.Report.Delivery("slack"))
	}
}
