package notify

import (
	"fmt"
	"strconv"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// healthWords are every word the health notices add, gathered here so
// that a language catalogue can take them over as they are.
var healthWords = struct {
	failingTitle, recoveredTitle map[string]string
	// failingLead, recoveredLead: %[1]s what fails, %[2]s the count of
	// failed runs, %[3]s since when.
	failingLead, recoveredLead   map[string]string
	silence                      map[string]string
	detailsHeading, checkHeading string
	what, since, runs, lastError string
	recoveredAt                  string
	direct                       string
	hints                        map[campaign.HealthHint]string
}{
	failingTitle: map[string]string{
		campaign.ModeCheck:     "campaignwatch: campaign checks are failing",
		campaign.ModeDigest:    "campaignwatch: the daily digest is failing",
		campaign.HealthStartup: "campaignwatch cannot start",
	},
	recoveredTitle: map[string]string{
		campaign.ModeCheck:  "campaignwatch: campaign checks work again",
		campaign.ModeDigest: "campaignwatch: the daily digest works again",
	},
	failingLead: map[string]string{
		campaign.ModeCheck:     "campaignwatch could not check your campaigns: %[2]s since %[3]s.",
		campaign.ModeDigest:    "campaignwatch could not send the daily budget digest: %[2]s since %[3]s.",
		campaign.HealthStartup: "campaignwatch could not load its configuration or reach what it needs (since %[3]s), so no campaign is checked.",
	},
	silence: map[string]string{
		campaign.ModeCheck:     "Until this is fixed, budget and status changes are NOT announced here: silence does not mean nothing changed.",
		campaign.ModeDigest:    "Until this is fixed, no daily digest arrives; change alerts are not affected.",
		campaign.HealthStartup: "Until this is fixed, budget and status changes are NOT announced here: silence does not mean nothing changed.",
	},
	recoveredLead: map[string]string{
		campaign.ModeCheck:  "Campaign checks work again after %[2]s (failing since %[3]s). Changes made meanwhile are announced by this check or the next one, as usual.",
		campaign.ModeDigest: "The daily digest works again after %[2]s (failing since %[3]s).",
	},
	detailsHeading: "Details",
	checkHeading:   "What to check first",
	what:           "Failing",
	since:          "Failing since",
	runs:           "Failed runs",
	lastError:      "Last error",
	recoveredAt:    "Working again since",
	direct:         "This notice was posted directly because the snapshot store could not record it: it may come again from another function instance.",
	hints: map[campaign.HealthHint]string{
		campaign.HintCredentials:   "Credentials: the access key or the function's role was refused. Check ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET, or that the function's role may call cams:ListMessageCampaign and use the snapshot bucket.",
		campaign.HintBucket:        "The snapshot bucket: check that the bucket named in SNAPSHOT_URL exists, that the function's role may read and write it, and that its versioning is off.",
		campaign.HintConfiguration: "The configuration: run `campaignwatch config` with the function's settings, or read the function's logs; they list every problem by name.",
		campaign.HintAPI:           "The CAMS API's own status: it answered with errors or did not answer. Check the Alibaba Cloud status page and the Chat App Message Service console; checks resume by themselves once it answers.",
		campaign.HintLogs:          "The function's logs: search them for event run_failed.",
	},
}

// healthKinds names the kinds of run in notices.
var healthKinds = map[string]string{
	campaign.ModeCheck:     "campaign checks",
	campaign.ModeDigest:    "the daily digest",
	campaign.HealthStartup: "starting campaignwatch",
}

// HealthDoc renders a health alert: what fails (or failed), since when,
// how many runs, the last error (redacted when it was recorded) and the
// first thing to check. Times are shown in UTC, as in every footer.
func HealthDoc(a *campaign.Alert) Doc {
	h := a.Health
	if h == nil {
		h = &campaign.Health{}
	}
	w := healthWords
	kind := h.Kind
	if _, ok := w.failingTitle[kind]; !ok {
		kind = campaign.ModeCheck
	}
	runs := plural(h.Runs, "failed run", "failed runs")
	if h.State == campaign.HealthFailing {
		runs = plural(h.Runs, "failed run", "failed runs in a row")
	}
	since := utcTime(h.Since)
	var doc Doc
	details := Block{Heading: w.detailsHeading}
	if h.State == campaign.HealthRecovered && w.recoveredLead[kind] != "" {
		doc.Title = w.recoveredTitle[kind]
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{fmt.Sprintf(w.recoveredLead[kind], healthKinds[kind], runs, since)}})
		details.Lines = append(details.Lines,
			w.recoveredAt+": "+utcTime(h.Until),
			w.since+": "+since,
			w.runs+": "+strconv.Itoa(h.Runs))
	} else if kind == campaign.HealthStartup {
		doc.Title = w.failingTitle[kind]
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{fmt.Sprintf(w.failingLead[kind], healthKinds[kind], runs, since), w.silence[kind]}})
	} else {
		doc.Title = w.failingTitle[kind]
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{fmt.Sprintf(w.failingLead[kind], healthKinds[kind], runs, since), w.silence[kind]}})
		details.Lines = append(details.Lines,
			w.what+": "+healthKinds[kind],
			w.since+": "+since,
			w.runs+": "+strconv.Itoa(h.Runs))
	}
	if h.LastError != "" {
		details.Lines = append(details.Lines, w.lastError+": "+Clean(h.LastError))
	}
	doc.Blocks = append(doc.Blocks, details)
	if h.State != campaign.HealthRecovered {
		hint := w.hints[h.Hint]
		if hint == "" {
			hint = w.hints[campaign.HintLogs]
		}
		doc.Blocks = append(doc.Blocks, Block{Heading: w.checkHeading, Lines: []string{hint}})
	}
	if h.Direct {
		doc.Blocks = append(doc.Blocks, Block{Lines: []string{w.direct}})
	}
	doc.Footer = Footer(a.At, a.RunID)
	return doc
}

func utcTime(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
