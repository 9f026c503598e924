package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// printSummary writes a report for a person on a terminal; --json writes
// the report itself. A dry-run digest is shown as it would be sent, in
// language (MESSAGE_LANGUAGE: "en", "zh-CN"; "" is English) and in the
// digest's zone (DIGEST_TIMEZONE); the rest of the summary is for the
// operator and stays English.
func printSummary(w io.Writer, rep *campaign.Report, language string) {
	what := rep.Mode
	if rep.DryRun {
		what += " (dry run: nothing sent, nothing committed)"
	}
	if rep.Error != "" {
		what += " FAILED (the reason below)"
	}
	if rep.Error != "" && len(rep.Channels) == 0 {
		// Nothing was listed: only what the run still delivered (what
		// earlier runs left pending) is worth a line.
		fmt.Fprintln(w, what+": nothing listed")
		for _, d := range rep.Notifications {
			if d.Messages > 0 || d.Error != "" {
				printDelivery(w, d)
			}
		}
		return
	}
	fmt.Fprintf(w, "%s: %s in %s", what, plural(rep.Campaigns, "campaign"), plural(len(rep.Channels), "channel"))
	if rep.Generation > 0 {
		fmt.Fprintf(w, ", snapshot %d", rep.Generation)
	}
	fmt.Fprintln(w)
	for _, ch := range rep.Channels {
		state := "complete"
		if !ch.Complete {
			state = "INCOMPLETE"
			if !strings.Contains(rep.Error, ch.Error) { // else stderr says it, once
				state += ": " + ch.Error
			}
		}
		label := ch.Name
		if label == "" {
			label = ch.CustSpaceID + ":" + ch.PageID
		}
		fmt.Fprintf(w, "  %s: %s, %s\n", label, plural(ch.Campaigns, "campaign"), state)
	}
	switch {
	case rep.Superseded:
		fmt.Fprintln(w, "another run committed this generation first: this run sent nothing")
	case rep.Baseline && rep.DryRun:
		fmt.Fprintln(w, "the store is empty: a check without --dry-run would record this as the baseline")
	case rep.Baseline:
		fmt.Fprintln(w, "baseline recorded: from now on, changes are announced")
	case rep.Mode == campaign.ModeCheck:
		fmt.Fprintln(w, plural(len(rep.Changes), "change"))
		for _, c := range rep.Changes {
			fmt.Fprintf(w, "  %-20s %s\n", c.Type, notify.ChangeLine(&catalog.English, c))
		}
	}
	for _, d := range rep.Notifications {
		printDelivery(w, d)
	}
	if rep.Mode == campaign.ModeDigest && rep.DryRun && rep.Digest != nil {
		fmt.Fprintf(w, "\nThe digest, as it would be sent:\n\n%s", notify.DigestDoc(rep.Digest, notify.Reader{Lang: catalog.For(language), Labels: channelLabels(rep)}, "").PlainText())
	}
}

// printDelivery writes one receiver's line: what was posted, then what
// was not and why (quiet hours, silences, another run's claim, messages
// set aside), then the error, so that the terminal says what --json does.
func printDelivery(w io.Writer, d campaign.Delivery) {
	line := fmt.Sprintf("  %s: %s posted", d.Receiver, plural(d.Messages, "message"))
	for _, kept := range []struct {
		n    int
		what string
	}{
		{d.Held, "held for quiet hours"},
		{d.Silenced, "silenced"},
		{d.Pending, "left pending behind another run's delivery"},
		{d.SetAside, "set aside after the service refused it again and again (campaignwatch history shows it)"},
	} {
		if kept.n > 0 {
			line += fmt.Sprintf(", %d %s", kept.n, kept.what)
		}
	}
	if d.Error != "" {
		line += ", FAILED: " + d.Error
	}
	fmt.Fprintln(w, line)
}

// channelLabels names a report's channels as its summary does.
func channelLabels(rep *campaign.Report) map[string]string {
	names := make(map[string]string, len(rep.Channels))
	for _, ch := range rep.Channels {
		names[campaign.ChannelID{CustSpaceID: ch.CustSpaceID, PageID: ch.PageID}.String()] = ch.Name
	}
	return names
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
