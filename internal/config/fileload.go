package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

// setting is one value the file gives for a setting that also has a
// variable: where in the file, and the value after ${NAME} expansion.
type setting struct {
	place, value string
}

// fileSettings maps each variable to the file's value for it, for the
// settings the file gives.
func fileSettings(fc *fileConfig, x *expander) map[string]setting {
	out := map[string]setting{}
	str := func(v, place, raw string) {
		if raw = x.expand(place, raw); raw != "" {
			out[v] = setting{place, raw}
		}
	}
	str("CAMS_REGION", "cams.region", fc.CAMS.Region)
	str("CAMS_ENDPOINT", "cams.endpoint", fc.CAMS.Endpoint)
	if fc.CAMS.PageSize != nil {
		out["CAMS_PAGE_SIZE"] = setting{"cams.pageSize", strconv.Itoa(*fc.CAMS.PageSize)}
	}
	if fc.CAMS.Concurrency != nil {
		out["CAMS_CONCURRENCY"] = setting{"cams.concurrency", strconv.Itoa(*fc.CAMS.Concurrency)}
	}
	if fc.CAMS.QPS != nil {
		out["CAMS_QPS"] = setting{"cams.qps", strconv.FormatFloat(*fc.CAMS.QPS, 'g', -1, 64)}
	}
	if fc.History.Days != nil {
		out["HISTORY_DAYS"] = setting{"history.days", strconv.Itoa(*fc.History.Days)}
	}
	str("SNAPSHOT_URL", "snapshots", fc.Snapshots)
	str("OSS_REGION", "oss.region", fc.OSS.Region)
	str("OSS_ENDPOINT", "oss.endpoint", fc.OSS.Endpoint)
	str("DIGEST_TIMEZONE", "timezone", fc.Timezone)
	str("MESSAGE_LANGUAGE", "language", fc.Language)
	str("BUDGET_CHANGE_THRESHOLD", "budgetChangeThreshold", fc.BudgetChangeThreshold)
	str("HTTP_AUTH_TOKEN", "http.authToken", fc.HTTP.AuthToken)
	str("PUBLIC_URL", "http.publicURL", fc.HTTP.PublicURL)
	return out
}

// conflicts reports each setting given both by the file and by its own
// variable, unless the file itself names that variable through ${NAME}.
func (l *loader) conflicts(env func(string) string) {
	vars := make([]string, 0, len(l.settings)+1)
	for v := range l.settings {
		vars = append(vars, v)
	}
	if l.file != nil && len(l.file.Channels) > 0 {
		vars = append(vars, "CAMS_CHANNELS")
	}
	slices.Sort(vars)
	for _, v := range vars {
		if l.named[v] || strings.TrimSpace(env(v)) == "" {
			continue
		}
		place := "channels"
		if s, ok := l.settings[v]; ok {
			place = s.place
		}
		advice := "keep one"
		if v == "DIGEST_TIMEZONE" {
			// s.yaml always sets it: the digest timer runs in that zone.
			advice = `the variable is the digest timer's zone (s.yaml always sets it), so write timezone: "${DIGEST_TIMEZONE}" in the file, or leave timezone out`
		}
		l.addf(place, "%s is given both in the configuration file (%s) and by the variable %s: %s", place, place, v, advice)
	}
}

// fileChannels reads the file's channels, each checked and unique by id
// and by name.
func (l *loader) fileChannels(c *Config) {
	ids := map[campaign.ChannelID]int{}
	names := map[string]int{}
	for i, fch := range l.file.Channels {
		place := fmt.Sprintf("channels[%d]", i)
		id := l.x.expand(place+".id", fch.ID)
		if id == "" {
			l.addf(place+".id", "%s.id is missing: give CustSpaceId:PageId, e.g. cams-a1:239001", place)
			continue
		}
		ch, err := campaign.ParseChannel(id)
		if err != nil || strings.Contains(id, "?") {
			l.addf(place+".id", "%s.id %s is not CustSpaceId:PageId (e.g. cams-a1:239001); filters go under filters:", place, quote(id))
			continue
		}
		if j, dup := ids[ch.ChannelID]; dup {
			l.addf(place+".id", "%s.id %s repeats channels[%d]: list each channel once", place, quote(id), j)
			continue
		}
		ids[ch.ChannelID] = i
		ch.Name = l.x.expand(place+".name", fch.Name)
		if ch.Name != "" {
			if j, dup := names[ch.Name]; dup {
				l.addf(place+".name", "%s.name %s repeats the name of channels[%d]: receivers pick channels by name, so names are unique", place, quote(ch.Name), j)
			}
			names[ch.Name] = i
		}
		f := fch.Filters
		ch.Filters = campaign.Filters{
			AdAccountID:  l.x.expand(place+".filters.adAccountId", f.AdAccountID),
			Status:       l.x.expand(place+".filters.status", f.Status),
			CampaignName: l.x.expand(place+".filters.campaignName", f.CampaignName),
			CampaignID:   l.x.expand(place+".filters.campaignId", f.CampaignID),
		}
		c.Channels = append(c.Channels, ch)
	}
}

// fileReceiverDefaults records what a file receiver left to the file's
// or the environment's defaults, to fill once those are known.
type fileReceiverDefaults struct {
	threshold, language, zone bool
}

// fileReceivers reads the file's receivers, each checked against its
// service, into c.Receivers (before the variables' receivers).
func (l *loader) fileReceivers(c *Config) {
	byName := channelIndex(c.Channels)
	for i, fr := range l.file.Receivers {
		place := fmt.Sprintf("receivers[%d]", i)
		r, d, ok := l.fileReceiver(byName, place, fr)
		if ok {
			c.Receivers = append(c.Receivers, r)
			l.defaults = append(l.defaults, d)
		}
	}
}

// mention checks the mentions against what the service can carry.
// Phone numbers are personal data: problems give their position only.
func (l *loader) mention(place string, fm fileMention, svc notify.Service, known bool, ok *bool) notify.Mention {
	var m notify.Mention
	refuse := func(kind string) {
		l.addf(place+"."+kind, "%s.%s: %s cannot mention %s; remove it", place, kind, svc.Title, kind)
		*ok = false
	}
	if fm.All {
		if known && !svc.Mentions.All {
			refuse("all")
		}
		m.All = true
	}
	if fm.Here {
		if known && !svc.Mentions.Here {
			refuse("here")
		}
		m.Here = true
	}
	if len(fm.Mobiles) > 0 && known && !svc.Mentions.Mobiles {
		refuse("mobiles")
	}
	for j, raw := range fm.Mobiles {
		p := fmt.Sprintf("%s.mobiles[%d]", place, j)
		v := l.x.expand(p, raw)
		if !isPhone(v) {
			l.addf(p, "%s is not a phone number: give digits, optionally with a leading + and dashes, e.g. 13800000000 or +86-13800000000", p)
			*ok = false
			continue
		}
		m.Mobiles = append(m.Mobiles, v)
	}
	if len(fm.UserIDs) > 0 && known && !svc.Mentions.UserIDs {
		refuse("userIds")
	}
	for j, raw := range fm.UserIDs {
		p := fmt.Sprintf("%s.userIds[%d]", place, j)
		v := l.x.expand(p, raw)
		if v == "" || !isTokenText(v) || len(v) > 64 {
			l.addf(p, "%s is not a user id: give the service's id, without spaces", p)
			*ok = false
			continue
		}
		if known && svc.Mentions.UserIDs && svc.CheckUserID != nil {
			if err := svc.CheckUserID(v); err != nil {
				l.addf(p, "%s %v", p, err)
				*ok = false
				continue
			}
		}
		m.UserIDs = append(m.UserIDs, v)
	}
	return m
}

// applyFileDefaults gives the file's receivers the configuration-wide
// threshold, language and zone where they set none.
func (l *loader) applyFileDefaults(c *Config) {
	for i, d := range l.defaults {
		r := &c.Receivers[i]
		if d.threshold {
			r.Route.Threshold = c.Threshold
		}
		if d.language {
			r.Language = c.Language
		}
		if d.zone {
			r.Zone = c.DigestZone
		}
		if r.Route.Quiet != nil {
			r.Route.Quiet.Zone = r.Zone
		}
	}
}

// uniqueNames reports receivers that share a name, the file's and the
// variables' together.
func (l *loader) uniqueNames(c *Config) {
	seen := map[string]int{}
	for i, r := range c.Receivers {
		if j, dup := seen[r.Name]; dup {
			place := fmt.Sprintf("receivers[%d].name", i)
			if i >= len(l.defaults) {
				l.addf(place, "receiver %s from the webhook variables has the name of receivers[%d]: rename the file's receiver", quote(r.Name), j)
				continue
			}
			l.addf(place, "%s %s repeats the name of receivers[%d]: names are unique", place, quote(r.Name), j)
			continue
		}
		seen[r.Name] = i
	}
}

// channelIndex maps each channel's id ("cams-a1:239001") and name to its
// id: receivers name channels either way.
func channelIndex(chs []campaign.Channel) map[string]campaign.ChannelID {
	m := make(map[string]campaign.ChannelID, 2*len(chs))
	for _, ch := range chs {
		if ch.Name != "" {
			m[ch.Name] = ch.ChannelID
		}
	}
	for _, ch := range chs { // an id wins over a name that looks like one
		m[ch.ChannelID.String()] = ch.ChannelID
	}
	return m
}

// parseQuietHours reads "HH:MM-HH:MM" (24-hour clock; may wrap
// midnight); it returns what is wrong when it cannot.
func parseQuietHours(s string) (*campaign.QuietHours, string) {
	const want = `is not a window: give "HH:MM-HH:MM" on a 24-hour clock, e.g. "22:00-08:00"`
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return nil, want
	}
	start, ok1 := clockMinutes(strings.TrimSpace(a))
	end, ok2 := clockMinutes(strings.TrimSpace(b))
	if !ok1 || !ok2 {
		return nil, want
	}
	if start == end {
		return nil, "is empty: the start equals the end; leave quietHours out for none"
	}
	return &campaign.QuietHours{Start: start, End: end}, ""
}

func clockMinutes(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || s[0] == '+' || s[3] == '+' {
		return 0, false
	}
	return h*60 + m, true
}
