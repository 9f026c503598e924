package cli

import (
	"fmt"
	"io"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// printSummary writes a report for a person on a terminal; --json writes
// the report itself.
func printSummary(w io.Writer, rep *campaign.Report) {
	what := rep.Mode
	if rep.DryRun {
		what += " (dry run: nothing sent, nothing committed)"
	}
	fmt.Fprintf(w, "%s: %d campaigns in %d channels, generation %d\n", what, rep.Campaigns, len(rep.Channels), rep.Generation)
	for _, ch := range rep.Channels {
		state := "complete"
		if !ch.Complete {
			state = "INCOMPLETE: " + ch.Error
		}
		label := ch.Name
		if label == "" {
			label = ch.CustSpaceID + ":" + ch.PageID
		}
		fmt.Fprintf(w, "  %s: %d campaigns, %s\n", label, ch.Campaigns, state)
	}
	switch {
	case rep.Superseded:
		fmt.Fprintln(w, "another run committed this generation first: this run sent nothing")
	case rep.Baseline:
		fmt.Fprintln(w, "baseline recorded: from now on, changes are announced")
	case rep.Mode == campaign.ModeCheck:
		fmt.Fprintf(w, "%d changes\n", len(rep.Changes))
		for _, c := range rep.Changes {
			fmt.Fprintf(w, "  %-20s %s\n", c.Type, notify.ChangeLine(&catalog.English, c))
		}
	}
	for _, d := range rep.Notifications {
		if d.Error != "" {
			fmt.Fprintf(w, "  %s: %s posted, FAILED: %s\n", d.Receiver, plural(d.Messages, "message"), d.Error)
		} else {
			fmt.Fprintf(w, "  %s: %s posted\n", d.Receiver, plural(d.Messages, "message"))
		}
	}
	if rep.Error != "" {
		fmt.Fprintf(w, "failed: %s\n", rep.Error)
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
