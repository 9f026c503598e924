package campaign

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// topN is how many of the largest budgets a digest lists.
const topN = 10

// IsActive reports whether a campaign status counts as active (spending):
// AVAILABLE, as ListMessageCampaign reports it, or ACTIVE.
func IsActive(status string) bool { return status == "AVAILABLE" || status == "ACTIVE" }

// DigestWindow returns the day a digest made at now is for and the window
// of history it covers, reckoned in loc (UTC when nil):
//
//   - date is now's calendar date in loc, "YYYY-MM-DD";
//   - until is now, in loc;
//   - since is the same wall-clock time as now on the previous calendar
//     day in loc, so that a digest sent at 09:00 every day covers "since
//     09:00 yesterday" and consecutive digests tile without gap or overlap.
//
// Across a daylight-saving change the window is therefore 23 or 25 hours,
// not 24. When yesterday's wall-clock time occurred twice (clocks turned
// back), since is its first occurrence; when it did not occur at all
// (clocks turned forward over it), since is the instant the clocks jumped,
// the first at which yesterday read that time or later.
func DigestWindow(now time.Time, loc *time.Location) (date string, since, until time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	return local.Format(time.DateOnly), dayBefore(local), local
}

// dayBefore returns the first instant at which the wall clock of t's
// location reads t's clock time on the calendar day before t's.
func dayBefore(t time.Time) time.Time {
	loc := t.Location()
	y, m, d := t.Date()
	// want is the wall-clock time sought, labelled UTC so that wall-clock
	// times compare as instants do.
	want := time.Date(y, m, d-1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	wall := func(u time.Time) time.Time {
		l := u.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	}
	// An instant reading want is want less the zone offset in effect at
	// it; the offsets in effect a day and a half either side include every
	// one that can apply.
	var first, lo, hi time.Time
	found := false
	for i, probe := range []time.Duration{-36, -24, -12, 0, 12, 24, 36} {
		_, off := want.Add(probe * time.Hour).In(loc).Zone()
		cand := want.Add(-time.Duration(off) * time.Second)
		if i == 0 || cand.Before(lo) {
			lo = cand
		}
		if i == 0 || cand.After(hi) {
			hi = cand
		}
		if wall(cand).Equal(want) && (!found || cand.Before(first)) {
			first, found = cand, true
		}
	}
	if found {
		return first.In(loc)
	}
	// want fell into a gap: wall(lo) < want <= wall(hi), and the wall clock
	// rises monotonically between them. Find the jump.
	for hi.Sub(lo) > 1 {
		mid := lo.Add(hi.Sub(lo) / 2)
		if wall(mid).Before(want) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi.In(loc)
}

// PercentChange returns the change from old to new in percent of |old|,
// for renderers: (6200, 8000) is about 29.03. ok is false when old is 0,
// where no percentage exists.
func PercentChange(old, new int64) (pct float64, ok bool) {
	if old == 0 {
		return 0, false
	}
	return (float64(new) - float64(old)) / math.Abs(float64(old)) * 100, true
}

// BuildDigest computes the digest of latest at now, reckoned in loc (UTC
// when nil), over the window DigestWindow gives.
//
//   - before is the snapshot as of the window's start (the store's
//     AsOf(since)); nil when the history does not reach back that far, and
//     then the digest makes no comparison (ComparedTo and every Prev* nil).
//     A channel absent from before has no comparison of its own, and then
//     neither has the total.
//   - history is the committed alerts; only those of kind AlertChanges with
//     At in [since, until) count, oldest first.
//   - labels maps "custSpaceId:pageId" to a channel's display name; a
//     channel without one keeps the name its snapshot recorded.
//
// Sections follow latest.Channels, then any other channel latest has
// campaigns of, in key order; statuses are ordered by count, largest
// first, then by name. A nil latest (an empty store) gives a digest of no
// campaigns. Times in the digest are in loc. BuildDigest does not modify
// its inputs, and the same inputs give the same digest.
func BuildDigest(latest, before *Snapshot, history []*Alert, labels map[string]string, now time.Time, loc *time.Location) *Digest {
	if loc == nil {
		loc = time.UTC
	}
	date, since, until := DigestWindow(now, loc)
	d := &Digest{
		Date: date, Zone: loc.String(), Since: since, Until: until,
		Total:    DigestSection{ByStatus: []StatusCount{}},
		Channels: []DigestSection{},
		TopDaily: []Campaign{}, TopLifetime: []Campaign{},
		Changes: digestChanges(history, since, until),
	}
	if latest == nil {
		return d
	}
	d.Generation, d.TakenAt = latest.Generation, latest.TakenAt.In(loc)

	channels := snapshotChannels(latest)
	latestTally := tallyByChannel(latest.Campaigns)
	var prev map[ChannelID]*tally
	var known map[ChannelID]bool
	if before != nil {
		t := before.TakenAt.In(loc)
		d.ComparedTo = &t
		prev = tallyByChannel(before.Campaigns)
		known = make(map[ChannelID]bool)
		for _, ch := range snapshotChannels(before) {
			known[ch.ChannelID] = true
		}
	}

	total, prevTotal := &tally{}, &tally{}
	allKnown := before != nil
	for _, ch := range channels {
		cur := latestTally[ch.ChannelID]
		if cur == nil {
			cur = &tally{}
		}
		s := cur.section()
		s.ChannelID, s.Name = ch.ChannelID, ch.Name
		if name := labels[ch.ChannelID.String()]; name != "" {
			s.Name = name
		}
		if known[ch.ChannelID] {
			p := prev[ch.ChannelID]
			if p == nil {
				p = &tally{}
			}
			s.PrevDailyBudget, s.PrevLifetimeBudget = newInt64(p.daily), newInt64(p.lifetime)
			prevTotal.add(p)
		} else {
			allKnown = false
		}
		total.add(cur)
		d.Channels = append(d.Channels, s)
	}
	d.Total = total.section()
	if allKnown {
		d.Total.PrevDailyBudget, d.Total.PrevLifetimeBudget = newInt64(prevTotal.daily), newInt64(prevTotal.lifetime)
	}
	d.TopDaily = topBudgets(latest.Campaigns, BudgetDaily, topN)
	d.TopLifetime = topBudgets(latest.Campaigns, BudgetLifetime, topN)
	d.Guardrails = openIn(latest.Incidents, channels)
	return d
}

// tally is the digest's arithmetic over some campaigns.
type tally struct {
	campaigns       int
	status          map[string]int
	daily, lifetime int64
}

func (t *tally) count(c Campaign) {
	if t.status == nil {
		t.status = make(map[string]int)
	}
	t.campaigns++
	t.status[c.Status]++
	daily, lifetime, _ := activeBudget(&c)
	t.daily += daily
	t.lifetime += lifetime
}

// activeBudget is what a campaign adds to the active budgets the digest
// and the series sum: its budget as daily or lifetime when it is active,
// nothing when not.
func activeBudget(c *Campaign) (daily, lifetime int64, active bool) {
	if !IsActive(c.Status) {
		return 0, 0, false
	}
	switch c.BudgetType {
	case BudgetDaily:
		daily = c.Budget
	case BudgetLifetime:
		lifetime = c.Budget
	}
	return daily, lifetime, true
}

func (t *tally) add(o *tally) {
	if t.status == nil {
		t.status = make(map[string]int)
	}
	t.campaigns += o.campaigns
	for s, n := range o.status {
		t.status[s] += n
	}
	t.daily += o.daily
	t.lifetime += o.lifetime
}

func (t *tally) section() DigestSection {
	s := DigestSection{Campaigns: t.campaigns, DailyBudget: t.daily, LifetimeBudget: t.lifetime, ByStatus: []StatusCount{}}
	for status, n := range t.status {
		s.ByStatus = append(s.ByStatus, StatusCount{Status: status, Count: n})
	}
	slices.SortFunc(s.ByStatus, func(a, b StatusCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Status, b.Status)
	})
	return s
}

func tallyByChannel(cs []Campaign) map[ChannelID]*tally {
	out := make(map[ChannelID]*tally)
	var last ChannelID
	var t *tally
	for i := range cs {
		c := &cs[i]
		// Campaigns come sorted, a channel's together: look the tally up
		// when the channel changes, not once a campaign.
		if t == nil || c.CustSpaceID != last.CustSpaceID || c.PageID != last.PageID {
			last = ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
			if t = out[last]; t == nil {
				t = &tally{}
				out[last] = t
			}
		}
		t.count(*c)
	}
	return out
}

// snapshotChannels returns s.Channels, then the channels of s's campaigns
// that s.Channels lacks, in key order.
func snapshotChannels(s *Snapshot) []ChannelState {
	out := slices.Clone(s.Channels)
	seen := make(map[ChannelID]bool, len(out))
	for _, ch := range out {
		seen[ch.ChannelID] = true
	}
	var extra []ChannelState
	var last ChannelID
	for i := range s.Campaigns {
		c := &s.Campaigns[i]
		if i > 0 && c.CustSpaceID == last.CustSpaceID && c.PageID == last.PageID {
			continue // the channel of the campaign before
		}
		id := ChannelID{CustSpaceID: c.CustSpaceID, PageID: c.PageID}
		last = id
		if !seen[id] {
			seen[id] = true
			extra = append(extra, ChannelState{ChannelID: id})
		}
	}
	slices.SortFunc(extra, func(a, b ChannelState) int {
		return CompareKeys(Key{CustSpaceID: a.CustSpaceID, PageID: a.PageID}, Key{CustSpaceID: b.CustSpaceID, PageID: b.PageID})
	})
	return append(out, extra...)
}

// topBudgets returns the n largest budgets of type budgetType of the
// active campaigns, largest first, ties in key order.
func topBudgets(cs []Campaign, budgetType string, n int) []Campaign {
	out := []Campaign{}
	for _, c := range cs {
		if IsActive(c.Status) && c.BudgetType == budgetType {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Campaign) int {
		if c := cmp.Compare(b.Budget, a.Budget); c != 0 {
			return c
		}
		return compareCampaigns(a, b)
	})
	return out[:min(n, len(out))]
}

// digestChanges groups the changes of the AlertChanges alerts committed in
// [since, until) by type, in the order of ChangeTypes (types it does not
// know last, by name); within a group, oldest first.
func digestChanges(history []*Alert, since, until time.Time) []ChangeGroup {
	alerts := make([]*Alert, 0, len(history))
	for _, a := range history {
		if a != nil && a.Kind == AlertChanges && !a.At.Before(since) && a.At.Before(until) {
			alerts = append(alerts, a)
		}
	}
	slices.SortStableFunc(alerts, func(a, b *Alert) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.Generation, b.Generation)
	})
	byType := make(map[ChangeType][]Change)
	for _, a := range alerts {
		for _, c := range a.Changes {
			byType[c.Type] = append(byType[c.Type], c)
		}
	}
	order := slices.Clone(ChangeTypes)
	var unknown []ChangeType
	for t := range byType {
		if !slices.Contains(ChangeTypes, t) {
			unknown = append(unknown, t)
		}
	}
	slices.Sort(unknown)
	out := []ChangeGroup{}
	for _, t := range append(order, unknown...) {
		if cs := byType[t]; len(cs) > 0 {
			out = append(out, ChangeGroup{Type: t, Changes: cs})
		}
	}
	return out
}

func newInt64(v int64) *int64 { return &v }

// openIn lists the incidents about the channels chs: a campaign's by its
// channel, a rule's by any of its channels.
func openIn(ins []Incident, chs []ChannelState) []Incident {
	var out []Incident
	in := func(id ChannelID) bool {
		return slices.ContainsFunc(chs, func(ch ChannelState) bool { return ch.ChannelID == id })
	}
	for _, i := range ins {
		ok := i.CampaignID != "" && in(ChannelID{CustSpaceID: i.CustSpaceID, PageID: i.PageID})
		if i.CampaignID == "" {
			ok = slices.ContainsFunc(i.Channels, in)
		}
		if ok {
			i.Told = nil
			out = append(out, i)
		}
	}
	return out
}
