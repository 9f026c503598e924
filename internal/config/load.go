package config

import (
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// loader reads variables (trimmed of surrounding space) and collects
// problems. Its methods follow the variables table of docs/configuration.md, so that problems come
// out in that order.
type loader struct {
	get      func(string) string
	problems problems

	// The configuration file, when there is one: its decoded text, its
	// expander of ${NAME}, and its values of settings that have a
	// variable (which l.get returns instead of the variable's).
	file     *fileConfig
	x        *expander
	settings map[string]setting
	named    map[string]bool
	// defaults has one entry per receiver from the file, in order.
	defaults []fileReceiverDefaults
}

// name is the place a setting's value came from: its place in the file
// when the file gives it, else the variable v.
func (l *loader) name(v string) string {
	if s, ok := l.settings[v]; ok {
		return s.place
	}
	return v
}

func (l *loader) addf(v, format string, args ...any) {
	l.problems.add(v, fmt.Sprintf(format, args...))
}

func (l *loader) channels(c *Config, need Needs) {
	const v = "CAMS_CHANNELS"
	raw := l.get(v)
	if raw == "" {
		if need.Channels {
			l.addf(v, "%s is not set: name the channels to watch, e.g. CAMS_CHANNELS=cams-a1:239001,cams-b2:239002", v)
		}
		return
	}
	entries := splitList(raw)
	seen := make(map[campaign.ChannelID]int, len(entries))
	for i, e := range entries {
		if e == "" {
			l.addf(v, "%s entry #%d is empty: remove the extra comma", v, i+1)
			continue
		}
		ch, err := campaign.ParseChannel(e)
		if err != nil {
			l.addf(v, "%s entry #%d: %v", v, i+1, err)
			continue
		}
		if first, dup := seen[ch.ChannelID]; dup {
			l.addf(v, "%s entry #%d repeats channel %s of entry #%d: list each channel once", v, i+1, quote(ch.ChannelID.String()), first)
			continue
		}
		seen[ch.ChannelID] = i + 1
		c.Channels = append(c.Channels, ch)
	}
}

func (l *loader) cams(c *Config) {
	c.CAMSRegion = l.region("CAMS_REGION", defaultCAMSRegion)
	c.CAMSEndpoint = l.endpoint("CAMS_ENDPOINT", "cams.ap-southeast-1.aliyuncs.com")
	c.PageSize = l.intIn("CAMS_PAGE_SIZE", DefaultPageSize, 1, maxPageSize)
	c.Concurrency = l.intIn("CAMS_CONCURRENCY", DefaultConcurrency, 1, maxConcurrency)
	c.HistoryDays = l.intIn("HISTORY_DAYS", DefaultHistoryDays, 1, maxHistoryDays)

	const v = "CAMS_QPS"
	n := l.name(v)
	c.QPS = DefaultQPS
	if raw := l.get(v); raw != "" {
		q, err := strconv.ParseFloat(raw, 64)
		switch {
		case err != nil || math.IsNaN(q) || math.IsInf(q, 0):
			l.addf(n, "%s %s is not a number: give calls per second, e.g. 10 or 0.5", n, quote(raw))
		case q <= 0 || q > maxQPS:
			l.addf(n, "%s %s is out of range: give more than 0 and at most %g calls per second", n, quote(raw), maxQPS)
		default:
			c.QPS = q
		}
	}
}

func (l *loader) credentials(c *Config, need Needs) {
	const id, secret, token = "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"
	c.AccessKeyID = l.secret(id)
	c.AccessKeySecret = l.secret(secret)
	c.SecurityToken = l.secret(token)
	hasID, hasSecret := l.get(id) != "", l.get(secret) != ""
	switch {
	case hasID && !hasSecret:
		l.addf(secret, "%s is not set but %s is: set both, or neither", secret, id)
	case hasSecret && !hasID:
		l.addf(id, "%s is not set but %s is: set both, or neither", id, secret)
	case !hasID && l.get(token) != "":
		l.addf(token, "%s is set without %s and %s: an STS token needs the key pair it was issued with", token, id, secret)
	case !hasID && need.Credentials:
		l.addf(id, "%s and %s are not set: check and digest need credentials (Function Compute sets them when the function has a role)", id, secret)
	}
}

func (l *loader) storage(c *Config, need Needs) {
	const v = "SNAPSHOT_URL"
	c.SnapshotURL = defaultSnapshotURL
	raw := l.get(v)
	if raw != "" {
		if why := snapshotURLProblem(raw); why != "" {
			l.addf(l.name(v), "%s %s %s", l.name(v), quote(raw), why)
			raw = "" // one problem for it is enough
		} else {
			c.SnapshotURL = raw
		}
	}
	if need.Store {
		l.storeInFC(c, v, raw)
	}
	c.OSSRegion = c.CAMSRegion
	if fc := l.region("FC_REGION", ""); fc != "" {
		c.OSSRegion = fc
	}
	if oss := l.region("OSS_REGION", ""); oss != "" {
		c.OSSRegion = oss
	}
	c.OSSEndpoint = l.endpoint("OSS_ENDPOINT", "oss-ap-southeast-1.aliyuncs.com")
}

// receivers reads every service's variables (notify/receivers, in its
// order) into Receivers, each checked against its service's rules.
func (l *loader) receivers(c *Config, need Needs) {
	first := len(l.problems.List) // "no receiver" comes before the problems below
	for _, svc := range receivers.All() {
		v := svc.Vars
		base := notify.Target{}
		if v.Secret != "" {
			base.Secret = l.secretOf(v.Secret, v.URL)
		}
		if v.Mobiles != "" {
			base.Mention.Mobiles = l.mobiles(v.Mobiles, v.URL)
		}
		l.receiversOf(c, svc, base)
	}
	if need.Receiver && len(c.Receivers) == 0 && !l.hasProblem(receivers.URLVars()...) {
		l.problems.List = slices.Insert(l.problems.List, first, noReceiver())
	}
}

// mobiles reads variable mv's phone numbers to mention on the receivers
// of webhook variable uv: numbers without a webhook are a problem.
func (l *loader) mobiles(mv, uv string) []string {
	raw := l.get(mv)
	if raw == "" {
		return nil
	}
	if l.get(uv) == "" {
		l.addf(mv, "%s is set but %s is not: set the webhook, or unset the numbers", mv, uv)
	}
	var out []string
	for i, e := range splitList(raw) {
		// Phone numbers are personal data: problems give their position,
		// not their value.
		if !isPhone(e) {
			l.addf(mv, "%s entry #%d is not a phone number: give digits, optionally with a leading + and dashes, e.g. 13800000000 or +86-13800000000", mv, i+1)
			continue
		}
		out = append(out, e)
	}
	return out
}

// secretOf reads the signing secret sv of webhook variable uv: a secret
// without its webhook is a problem naming both.
func (l *loader) secretOf(sv, uv string) string {
	secret := l.secret(sv)
	if secret != "" && l.get(uv) == "" {
		l.addf(sv, "%s is set but %s is not: set the webhook, or unset the secret", sv, uv)
	}
	return secret
}

// routeEnvReceivers gives every receiver from a webhook variable its
// route: every change of every channel past BUDGET_CHANGE_THRESHOLD, in
// DIGEST_TIMEZONE and MESSAGE_LANGUAGE, with the digest and health notices.
func routeEnvReceivers(c *Config, from int) {
	for i := from; i < len(c.Receivers); i++ {
		r := &c.Receivers[i]
		r.Route = campaign.Route{Threshold: c.Threshold}
		r.Language = c.Language
		r.Zone = c.DigestZone
		r.Digest, r.Health, r.Guardrails = true, true, true
	}
}

// receiversOf adds a receiver of svc for each URL of its webhook
// variable, named Type, Type#2, Type#3, ... by position; each shares
// base's secret and mentions.
func (l *loader) receiversOf(c *Config, svc notify.Service, base notify.Target) {
	for i, u := range l.webhooks(svc.Vars.URL, svc) {
		t := base
		t.URL = u
		t.Name = receiverName(svc.Type, i)
		c.Receivers = append(c.Receivers, Receiver{Type: svc.Type, Target: t})
	}
}

// receiverName is the name of the i-th (from 0) URL of a service's
// variable: "slack", then "slack#2", "slack#3", ...
func receiverName(typ string, i int) string {
	if i == 0 {
		return typ
	}
	return typ + "#" + strconv.Itoa(i+1)
}

// hasProblem reports whether a problem names one of vars already.
func (l *loader) hasProblem(vars ...string) bool {
	for _, p := range l.problems.List {
		if slices.Contains(vars, p.Var) {
			return true
		}
	}
	return false
}

func (l *loader) digestAndServer(c *Config) {
	if raw := l.get("BUDGET_CHANGE_THRESHOLD"); raw != "" {
		n := l.name("BUDGET_CHANGE_THRESHOLD")
		th, why := parseThreshold(raw)
		if why != "" {
			l.addf(n, "%s %s %s", n, quote(raw), why)
		}
		c.Threshold = th
	}

	const zv = "DIGEST_TIMEZONE"
	c.DigestZone = time.UTC
	if raw := l.get(zv); raw != "" {
		if loc, why := parseZone(raw); why != "" {
			l.addf(l.name(zv), "%s %s", l.name(zv), why)
		} else {
			c.DigestZone = loc
		}
	}

	const mv = "MESSAGE_LANGUAGE"
	c.Language = defaultLanguage
	if raw := l.get(mv); raw != "" {
		if tag, why := parseLanguage(raw); why != "" {
			l.addf(l.name(mv), "%s %s", l.name(mv), why)
		} else {
			c.Language = tag
		}
	}

	const tv = "HTTP_AUTH_TOKEN"
	c.HTTPAuthToken = l.secret(tv)
	if c.HTTPAuthToken != "" && len(c.HTTPAuthToken) < minTokenLen {
		l.addf(l.name(tv), "%s is shorter than %d characters: use a random token, e.g. from `openssl rand -hex 32`", l.name(tv), minTokenLen)
	}

	const pv = "PUBLIC_URL"
	if raw := l.get(pv); raw != "" {
		u, why := publicURL(raw)
		if why != "" {
			l.addf(l.name(pv), "%s %s %s: give the address people open the dashboard at, such as https://watch.example.com", l.name(pv), quote(raw), why)
		}
		c.PublicURL = u
	}

	const lv = "LOG_LEVEL"
	c.LogLevel = slog.LevelInfo
	if raw := l.get(lv); raw != "" {
		level, ok := logLevels[strings.ToLower(raw)]
		if !ok {
			l.addf(lv, "%s %s is not a level: use debug, info, warn or error", lv, quote(raw))
		}
		c.LogLevel = level
	}
}

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError,
}

// webhooks reads a comma-separated list of webhook URLs: secrets, so
// problems name their position, never their text.
func (l *loader) webhooks(v string, svc notify.Service) []string {
	raw := l.get(v)
	if raw == "" {
		return nil
	}
	entries := splitList(raw)
	name := func(i int) string {
		if len(entries) == 1 {
			return v
		}
		return fmt.Sprintf("%s #%d", v, i+1)
	}
	var out []string
	for i, e := range entries {
		if e == "" {
			l.addf(v, "%s is empty: remove the extra comma", name(i))
			continue
		}
		if why := webhookProblem(e, svc); why != "" {
			l.addf(v, "%s %s", name(i), why)
			continue
		}
		if j := indexOf(entries[:i], e); j >= 0 {
			l.addf(v, "%s repeats %s: list each webhook once", name(i), name(j))
			continue
		}
		out = append(out, e)
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}
