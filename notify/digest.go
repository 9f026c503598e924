package notify

import (
	"cmp"
	"slices"
	"time"
	_ "time/tzdata" // digests name their zone; the binary carries the zones

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// digestZone is the zone a digest was reckoned in; nil (UTC) when it
// names none or one this build does not know.
func digestZone(d *campaign.Digest) *time.Location {
	if d == nil || d.Zone == "" {
		return nil
	}
	loc, err := time.LoadLocation(d.Zone)
	if err != nil {
		return nil
	}
	return loc
}

// DigestDoc renders a budget digest for r: a note naming the snapshot and
// the one it is compared with; the figures of all channels and of each
// (campaigns by status, the daily and the lifetime budgets of the active
// campaigns, each with its move since the compared snapshot); the largest
// daily and the largest lifetime budgets of active campaigns, ranked
// apart; and the window's changes by type, with new and removed campaigns
// named. Days and times are in r.Zone (the digest's zone when nil).
// footer is the closing line (see footer). A nil digest renders a short
// note saying there is none.
func DigestDoc(d *campaign.Digest, r Reader, footer string) Doc {
	l := r.lang()
	if d == nil {
		return Doc{Title: l.DigestTitle("-", "UTC"), Blocks: []Block{{Lines: []string{l.NoDigest}}}, Footer: footer, Lang: l}
	}
	if r.Zone == nil {
		r.Zone = digestZone(d)
	}
	zone := r.Zone
	if zone == nil {
		zone = time.UTC
	}
	date := d.Date
	if !d.Until.IsZero() {
		date = d.Until.In(zone).Format(time.DateOnly)
	}
	note := l.DigestSnapshot(d.Generation, ZoneTime(d.TakenAt, r.Zone))
	var since string
	if d.ComparedTo == nil {
		note += l.DigestNoComparison
	} else {
		note += l.DigestComparedWith(ZoneTime(*d.ComparedTo, r.Zone))
		since = d.ComparedTo.In(zone).Format("01-02 15:04")
	}
	// A channel the reader has no name for keeps the name its digest
	// recorded, everywhere in the digest.
	labels := make(map[string]string, len(d.Channels)+len(r.Labels))
	for _, s := range d.Channels {
		labels[s.ChannelID.String()] = s.Name
	}
	for id, name := range r.Labels {
		if name != "" {
			labels[id] = name
		}
	}
	r.Labels = labels
	blocks := []Block{{Lines: []string{note}}}
	blocks = append(blocks, sectionBlock(l, l.AllChannels, d.Total, since))
	for _, s := range d.Channels {
		blocks = append(blocks, sectionBlock(l, r.Channel(s.ChannelID), s, since))
	}
	blocks = append(blocks, topBlock(l, r, l.TopDaily, d.TopDaily), topBlock(l, r, l.TopLifetime, d.TopLifetime))
	if len(d.Guardrails) > 0 {
		blocks = append(blocks, openGuardrailsBlock(l, r, d.Guardrails))
	}
	blocks = append(blocks, changeBlocks(l, r, d.Changes, ZoneTime(d.Since, r.Zone))...)
	if r.PublicURL != "" {
		blocks = append(blocks, Block{Lines: []string{link(l.OpenDashboard, DashboardURL(r.PublicURL))}})
	}
	return Doc{Title: l.DigestTitle(date, zone.String()), Blocks: blocks, Footer: footer, Lang: l}
}

// DigestMarkdown renders a digest as Markdown for r (GET
// /digest?format=markdown), closed by the snapshot's time.
func DigestMarkdown(d *campaign.Digest, r Reader) string {
	footer := ""
	if d != nil {
		if r.Zone == nil {
			r.Zone = digestZone(d)
		}
		footer = ZoneTime(d.TakenAt, r.Zone)
	}
	return DigestDoc(d, r, footer).Markdown()
}

func topBlock(l *catalog.Lang, r Reader, heading string, cs []campaign.Campaign) Block {
	b := Block{Heading: heading, Numbered: true}
	for _, c := range cs {
		ch := r.Channel(campaign.ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID})
		b.Lines = append(b.Lines, r.who(l, c.CampaignName, c.Key())+l.ListSep+ch+l.Colon+Money(c.Budget))
	}
	if len(b.Lines) == 0 {
		b.Lines, b.Numbered = []string{l.NoneActive}, false
	}
	return b
}

// sectionBlock is the figures of one section; since is the compared
// snapshot's time ("" without a comparison).
func sectionBlock(l *catalog.Lang, heading string, s campaign.DigestSection, since string) Block {
	var statuses []string
	for _, sc := range statusWords(l, s.ByStatus) {
		statuses = append(statuses, l.StatusCount(sc.Status, sc.Count))
	}
	return Block{Heading: heading, Fields: []field{
		{Label: l.Campaigns, Value: l.CampaignCount(s.Campaigns, statuses)},
		{Label: l.ActiveDaily, Value: budgetFigure(l, s.DailyBudget, s.PrevDailyBudget, since)},
		{Label: l.ActiveLifetime, Value: budgetFigure(l, s.LifetimeBudget, s.PrevLifetimeBudget, since)},
	}}
}

// statusWords counts campaigns by the word of their status (AVAILABLE and
// ACTIVE are both "active"), largest count first.
func statusWords(l *catalog.Lang, counts []campaign.StatusCount) []campaign.StatusCount {
	var out []campaign.StatusCount
	for _, sc := range counts {
		w := StatusWord(l, sc.Status)
		if i := slices.IndexFunc(out, func(o campaign.StatusCount) bool { return o.Status == w }); i >= 0 {
			out[i].Count += sc.Count
			continue
		}
		out = append(out, campaign.StatusCount{Status: w, Count: sc.Count})
	}
	slices.SortStableFunc(out, func(a, b campaign.StatusCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

func budgetFigure(l *catalog.Lang, now int64, prev *int64, since string) string {
	s := Money(now)
	if prev != nil && since != "" {
		s = l.Paren(s, l.Since(moneyDelta(l, *prev, now), since))
	}
	return s
}

// changeBlocks renders the window's changes: counts by type, then the new
// and removed campaigns by name.
func changeBlocks(l *catalog.Lang, r Reader, groups []campaign.ChangeGroup, since string) []Block {
	counts := Block{Heading: l.ChangesSince(since)}
	var named []Block
	for _, g := range groups {
		if len(g.Changes) == 0 {
			continue
		}
		counts.Lines = append(counts.Lines, l.ChangeCount(typeHeading(l, g.Type), len(g.Changes)))
		if g.Type != campaign.Added && g.Type != campaign.Removed {
			continue
		}
		b := Block{Heading: typeHeading(l, g.Type)}
		for _, c := range orderChanges(g.Changes) {
			b.Lines = append(b.Lines, r.Channel(c.Channel())+" · "+changeLine(l, r, c))
		}
		named = append(named, b)
	}
	if len(counts.Lines) == 0 {
		counts.Lines = []string{l.NoChangesInWindow}
	}
	return append([]Block{counts}, named...)
}
