package notify

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // DIGEST_TIMEZONE is a zone name; the binary carries the zones

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// DigestDoc renders a budget digest: a note on what it compares against,
// a block of figures for all channels and one per channel (campaigns by
// status, active daily and lifetime budgets with their change against 24
// hours earlier), the top budgets, and the last 24 hours' changes by type
// with new and removed campaigns named. label names a channel (nil: the
// section's own name, else its id); footer is the closing line (see
// Footer). A nil digest renders a short note saying there is none.
func DigestDoc(d *campaign.Digest, label func(campaign.ChannelID) string, footer string) Doc {
	if d == nil {
		return Doc{Title: "campaignwatch budget digest", Blocks: []Block{{Lines: []string{"There is no digest: no snapshot has been taken yet."}}}, Footer: footer}
	}
	name := func(id campaign.ChannelID, own string) string {
		if label != nil {
			if l := label(id); l != "" && (l != id.String() || own == "") {
				return Clean(l)
			}
		}
		if own != "" {
			return Clean(own)
		}
		return Clean(id.String())
	}
	title := "campaignwatch budget digest for " + Clean(d.Date)
	if d.Zone != "" {
		title += " (" + Clean(d.Zone) + ")"
	}
	note := "Snapshot " + strconv.FormatInt(d.Generation, 10) + " of " + zoneTime(d.TakenAt, d.Zone) + "; "
	if d.ComparedTo == nil {
		note += "no history from 24 hours ago yet, so no comparison."
	} else {
		note += "compared with the snapshot of " + zoneTime(*d.ComparedTo, d.Zone) + "."
	}
	blocks := []Block{{Lines: []string{note}}}
	blocks = append(blocks, sectionBlock("All channels", d.Total))
	for _, s := range d.Channels {
		blocks = append(blocks, sectionBlock(name(s.ChannelID, s.Name), s))
	}
	top := Block{Heading: "Top budgets", Numbered: true}
	for _, c := range d.Top {
		top.Lines = append(top.Lines, Clean(c.CampaignName)+" ("+Clean(c.CampaignID)+", "+
			name(campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}, "")+"): "+
			campaign.FormatMoney(c.Budget)+" "+Clean(c.BudgetType)+withStatus(c.Status))
	}
	if len(top.Lines) == 0 {
		top.Lines = []string{"No campaigns."}
		top.Numbered = false
	}
	blocks = append(blocks, top)
	blocks = append(blocks, changeBlocks(d.Changes, name)...)
	return Doc{Title: title, Blocks: blocks, Footer: footer}
}

// DigestMarkdown renders a digest as Markdown (GET /digest?format=markdown
// and DingTalk): headings, a table of figures per channel, lists for the
// top budgets and the changes. label names a channel; nil uses the
// digest's own names.
func DigestMarkdown(d *campaign.Digest, label func(campaign.ChannelID) string) string {
	footer := ""
	if d != nil {
		footer = zoneTime(d.TakenAt, d.Zone)
	}
	return DigestDoc(d, label, footer).Markdown()
}

func sectionBlock(heading string, s campaign.DigestSection) Block {
	var statuses []string
	for _, sc := range s.ByStatus {
		statuses = append(statuses, Clean(sc.Status)+" "+strconv.Itoa(sc.Count))
	}
	byStatus := strings.Join(statuses, ", ")
	if byStatus == "" {
		byStatus = "none"
	}
	return Block{Heading: heading, Fields: []Field{
		{Label: "Campaigns", Value: strconv.Itoa(s.Campaigns)},
		{Label: "By status", Value: byStatus},
		{Label: "Active daily budgets", Value: budgetFigure(s.DailyBudget, s.PrevDailyBudget)},
		{Label: "Active lifetime budgets", Value: budgetFigure(s.LifetimeBudget, s.PrevLifetimeBudget)},
	}}
}

func budgetFigure(now int64, prev *int64) string {
	s := campaign.FormatMoney(now)
	if prev != nil {
		s += " (" + MoneyDelta(*prev, now) + " vs 24h earlier)"
	}
	return s
}

// changeBlocks renders the last 24 hours' changes: counts by type, then
// the new and removed campaigns by name.
func changeBlocks(groups []campaign.ChangeGroup, name func(campaign.ChannelID, string) string) []Block {
	counts := Block{Heading: "Changes in the last 24 hours"}
	var named []Block
	for _, g := range groups {
		if len(g.Changes) == 0 {
			continue
		}
		counts.Lines = append(counts.Lines, TypeHeading(g.Type)+": "+strconv.Itoa(len(g.Changes)))
		if g.Type != campaign.Added && g.Type != campaign.Removed {
			continue
		}
		b := Block{Heading: TypeHeading(g.Type)}
		for _, c := range g.Changes {
			b.Lines = append(b.Lines, name(c.Channel(), "")+": "+ChangeLine(c))
		}
		named = append(named, b)
	}
	if len(counts.Lines) == 0 {
		counts.Lines = []string{"No changes."}
	}
	return append([]Block{counts}, named...)
}

// zoneTime shows t in the digest's zone (DIGEST_TIMEZONE), where its
// readers' days and times are reckoned, with the offset rather than an
// abbreviation ("CST" is China's and America's): "2024-06-03 04:00
// UTC+08:00". In UTC when the zone is UTC or unknown.
func zoneTime(t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if zone == "" || zone == "UTC" || err != nil {
		return t.UTC().Format("2006-01-02 15:04 UTC")
	}
	return t.In(loc).Format("2006-01-02 15:04 UTC-07:00")
}
