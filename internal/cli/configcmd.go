package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
)

// configFlag adds --config to a command's flags.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "the configuration `file`: a path or oss://BUCKET/KEY (same as CAMPAIGNWATCH_CONFIG)")
}

// loadConfig reads the configuration for a one-shot command. On failure it
// prints every problem and returns the exit code: exitUsage for a bad or
// missing configuration, exitFailed when OSS could not be reached.
func loadConfig(ctx context.Context, env Env, path string, need config.Needs) (*config.Config, int) {
	cfg, _, code := loadConfigWith(ctx, env, path, need)
	return cfg, code
}

// loadConfigWith is loadConfig that also returns the loader, for a
// command that reads the configuration again later (serve) or says where
// it came from (config).
func loadConfigWith(ctx context.Context, env Env, path string, need config.Needs) (*config.Config, *app.ConfigLoader, int) {
	loader, err := app.NewConfigLoader(env.Getenv, path, need)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return nil, nil, exitUsage
	}
	cfg, _, err := loader.Load(ctx)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		if campaign.KindOf(err) == campaign.Invalid {
			return nil, nil, exitUsage
		}
		return nil, nil, exitFailed
	}
	return cfg, loader, exitOK
}

// forConfig is what `config` checks a deployment for: channels to watch.
// Credentials come from the function's role and are not required.
var forConfig = config.Needs{Channels: true}

// setupConfig is `campaignwatch config [--json]`: check the configuration
// without touching the network (but to read the file itself) and print
// it, secrets masked.
func setupConfig(fs *flag.FlagSet, env Env) func(context.Context) int {
	path := configFlag(fs)
	asJSON := fs.Bool("json", false, "print the effective configuration as one JSON object")
	return func(ctx context.Context) int { return configCmd(ctx, *path, *asJSON, env) }
}

func configCmd(ctx context.Context, path string, asJSON bool, env Env) int {
	cfg, loader, code := loadConfigWith(ctx, env, path, forConfig)
	if cfg == nil {
		return code
	}
	view := effective(cfg, loader.Location())
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(view)
		return exitOK
	}
	view.print(env.Stdout)
	return exitOK
}

// configView is the effective configuration as `config` shows it: no
// secret, phone numbers masked.
type configView struct {
	File        string         `json:"file"`
	CAMS        camsView       `json:"cams"`
	Credentials string         `json:"credentials"`
	Snapshots   string         `json:"snapshots"`
	OSS         ossView        `json:"oss"`
	Timezone    string         `json:"timezone"`
	Language    string         `json:"language"`
	Threshold   string         `json:"budgetChangeThreshold"`
	HTTPAuth    string         `json:"httpAuthToken"`
	PublicURL   string         `json:"publicURL"`
	LogLevel    string         `json:"logLevel"`
	History     historyView    `json:"history"`
	Channels    []channelView  `json:"channels"`
	Receivers   []receiverView `json:"receivers"`
	// Guardrails are the rules (configguard.go), shown when there are any.
	Guardrails []guardrailView `json:"guardrails,omitempty"`
}

type camsView struct {
	Region      string  `json:"region"`
	Endpoint    string  `json:"endpoint"`
	PageSize    int     `json:"pageSize"`
	Concurrency int     `json:"concurrency"`
	QPS         float64 `json:"qps"`
}

type historyView struct {
	Days int `json:"days"`
}

type ossView struct {
	Region   string `json:"region"`
	Endpoint string `json:"endpoint"`
}

type channelView struct {
	ID      string            `json:"id"`
	Name    string            `json:"name,omitempty"`
	Filters map[string]string `json:"filters,omitempty"`
}

type receiverView struct {
	Name       string      `json:"name"`
	Type       string      `json:"type"`
	URL        string      `json:"url"`
	Secret     string      `json:"secret"`
	Channels   []string    `json:"channels"`
	Changes    []string    `json:"changes"`
	Threshold  string      `json:"budgetChangeThreshold"`
	Language   string      `json:"language"`
	Timezone   string      `json:"timezone"`
	QuietHours string      `json:"quietHours"`
	Mention    mentionView `json:"mention"`
	Digest     bool        `json:"digest"`
	Health     bool        `json:"health"`
	// Guardrails is shown when the configuration has guardrail rules.
	Guardrails *bool `json:"guardrails,omitempty"`
}

type mentionView struct {
	All     bool     `json:"all"`
	Here    bool     `json:"here"`
	Mobiles []string `json:"mobiles"`
	UserIDs int      `json:"userIds"`
}

const masked = "***"

func effective(c *config.Config, loc config.Location) configView {
	v := configView{
		File: loc.String(),
		CAMS: camsView{Region: c.CAMSRegion, Endpoint: c.CAMSEndpoint, PageSize: c.PageSize,
			Concurrency: c.Concurrency, QPS: c.QPS},
		Credentials: "unset",
		Snapshots:   c.SnapshotURL,
		OSS:         ossView{Region: c.OSSRegion, Endpoint: c.OSSEndpoint},
		Timezone:    c.DigestZone.String(),
		Language:    c.Language,
		Threshold:   config.FormatThreshold(c.Threshold),
		HTTPAuth:    "unset",
		PublicURL:   c.PublicURL,
		LogLevel:    strings.ToLower(c.LogLevel.String()),
		History:     historyView{Days: c.HistoryDays},
		Channels:    []channelView{},
		Receivers:   []receiverView{},
	}
	if c.AccessKeyID != "" {
		v.Credentials = masked
	}
	if c.HTTPAuthToken != "" {
		v.HTTPAuth = masked
	}
	labels := map[campaign.ChannelID]string{}
	for _, ch := range c.Channels {
		labels[ch.ChannelID] = ch.Label()
		cv := channelView{ID: ch.ChannelID.String(), Name: ch.Name}
		for k, val := range map[string]string{"adAccountId": ch.Filters.AdAccountID, "status": ch.Filters.Status,
			"campaignName": ch.Filters.CampaignName, "campaignId": ch.Filters.CampaignID} {
			if val != "" {
				if cv.Filters == nil {
					cv.Filters = map[string]string{}
				}
				cv.Filters[k] = val
			}
		}
		v.Channels = append(v.Channels, cv)
	}
	for _, r := range c.Receivers {
		rv := receiverView{Name: r.Name, Type: r.Type, URL: masked, Secret: "", Channels: []string{}, Changes: []string{},
			Threshold: config.FormatThreshold(r.Route.Threshold), Language: r.Language, Timezone: r.Zone.String(),
			QuietHours: r.Route.Quiet.String(), Digest: r.Digest, Health: r.Health,
			Mention: mentionView{All: r.Mention.All, Here: r.Mention.Here, Mobiles: []string{}, UserIDs: len(r.Mention.UserIDs)}}
		if r.Secret != "" {
			rv.Secret = masked
		}
		for _, id := range r.Route.Channels {
			rv.Channels = append(rv.Channels, labels[id])
		}
		if r.Route.Channels == nil {
			for _, ch := range c.Channels {
				rv.Channels = append(rv.Channels, ch.Label())
			}
		}
		for _, t := range r.Route.Changes {
			rv.Changes = append(rv.Changes, string(t))
		}
		if r.Route.Changes == nil {
			for _, t := range campaign.ChangeTypes {
				rv.Changes = append(rv.Changes, string(t))
			}
		}
		for _, m := range r.Mention.Mobiles {
			rv.Mention.Mobiles = append(rv.Mention.Mobiles, maskPhone(m))
		}
		if len(c.Guardrails) > 0 {
			rv.Guardrails = &r.Guardrails
		}
		v.Receivers = append(v.Receivers, rv)
	}
	v.Guardrails = guardrailViews(c, labels)
	return v
}

// maskPhone hides every digit of a phone number but the last four.
func maskPhone(s string) string {
	b := []byte(s)
	kept := 0
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] >= '0' && b[i] <= '9' {
			if kept < 4 {
				kept++
				continue
			}
			b[i] = '*'
		}
	}
	return string(b)
}

func (v configView) print(w io.Writer) {
	file := v.File
	if file == "" {
		file = "none (environment variables only)"
	}
	endpoint := func(s string) string {
		if s == "" {
			return "the region's"
		}
		return s
	}
	fmt.Fprintf(w, "configuration file: %s\n", file)
	fmt.Fprintf(w, "cams: region %s, endpoint %s, page size %d, concurrency %d, qps %s\n",
		v.CAMS.Region, endpoint(v.CAMS.Endpoint), v.CAMS.PageSize, v.CAMS.Concurrency, strconv.FormatFloat(v.CAMS.QPS, 'g', -1, 64))
	fmt.Fprintf(w, "credentials: %s\n", v.Credentials)
	fmt.Fprintf(w, "snapshots: %s\n", v.Snapshots)
	fmt.Fprintf(w, "oss: region %s, endpoint %s\n", v.OSS.Region, endpoint(v.OSS.Endpoint))
	publicURL := v.PublicURL
	if publicURL == "" {
		publicURL = "none (messages carry no links)"
	}
	fmt.Fprintf(w, "timezone: %s\nlanguage: %s\nbudget change threshold: %s\nhttp auth token: %s\npublic url: %s\nlog level: %s\nhistory kept: %d days\n",
		v.Timezone, v.Language, v.Threshold, v.HTTPAuth, publicURL, v.LogLevel, v.History.Days)
	fmt.Fprintf(w, "\nchannels (%d):\n", len(v.Channels))
	for _, ch := range v.Channels {
		line := "  " + ch.ID
		if ch.Name != "" {
			line += "  " + strconv.Quote(ch.Name)
		}
		for _, k := range []string{"adAccountId", "status", "campaignName", "campaignId"} {
			if val, ok := ch.Filters[k]; ok {
				line += "  " + k + "=" + strconv.Quote(val)
			}
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "\nreceivers (%d):\n", len(v.Receivers))
	for _, r := range v.Receivers {
		secret := r.Secret
		if secret == "" {
			secret = "none"
		}
		quiet := r.QuietHours
		if quiet == "" {
			quiet = "none"
		}
		fmt.Fprintf(w, "  %s (%s)\n", r.Name, r.Type)
		fmt.Fprintf(w, "    url: %s, secret: %s\n", r.URL, secret)
		fmt.Fprintf(w, "    channels: %s\n", strings.Join(r.Channels, ", "))
		fmt.Fprintf(w, "    changes: %s\n", strings.Join(r.Changes, ", "))
		fmt.Fprintf(w, "    budget change threshold: %s\n", r.Threshold)
		fmt.Fprintf(w, "    language: %s, timezone: %s, quiet hours: %s\n", r.Language, r.Timezone, quiet)
		fmt.Fprintf(w, "    mentions: %s\n", r.Mention.text())
		flags := fmt.Sprintf("digest: %s, health notices: %s", yesNo(r.Digest), yesNo(r.Health))
		if r.Guardrails != nil {
			flags += ", guardrails: " + yesNo(*r.Guardrails)
		}
		fmt.Fprintf(w, "    %s\n", flags)
	}
	printGuardrails(w, v.Guardrails)
}

func (m mentionView) text() string {
	var parts []string
	if m.All {
		parts = append(parts, "all")
	}
	if m.Here {
		parts = append(parts, "here")
	}
	if len(m.Mobiles) > 0 {
		parts = append(parts, "phones "+strings.Join(m.Mobiles, ", "))
	}
	if m.UserIDs > 0 {
		parts = append(parts, strconv.Itoa(m.UserIDs)+" user id(s)")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
