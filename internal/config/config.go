// Package config reads campaignwatch's configuration from the environment
// and from an optional YAML configuration file (docs/configuration.md),
// checks every setting at once, and reports every problem it finds, one per
// line, each naming its variable or its place in the file
// ("receivers[1].quietHours", or the file's line and column). It is the one
// home of every default, limit and pattern; the packages it feeds take its
// checked values. It reads nothing but the environment and the file's bytes
// it is given (ReadPath reads a local file); error texts never carry a
// secret value.
package config

import (
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // DIGEST_TIMEZONE must work where the system has no zoneinfo (Function Compute's custom runtime).

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// Defaults of the configuration (docs/configuration.md).
const (
	defaultCAMSRegion  = "ap-southeast-1"
	DefaultPageSize    = 50
	DefaultConcurrency = 4
	DefaultQPS         = 10.0
	defaultSnapshotURL = "file://.campaignwatch"
	defaultLanguage    = "en"
)

// Bounds of the numeric variables, and the shortest HTTP_AUTH_TOKEN taken.
const (
	// maxPageSize bounds CAMS_PAGE_SIZE. The API documents no maximum; 100
	// is the usual ceiling of Alibaba Cloud list actions, and the server
	// may return fewer rows anyway.
	maxPageSize = 100
	// DefaultHistoryDays is HISTORY_DAYS' default; maxHistoryDays bounds
	// it (ten years).
	DefaultHistoryDays = 400
	maxHistoryDays     = 3660
	// maxConcurrency bounds CAMS_CONCURRENCY: more channels at once than
	// this only queue behind CAMS_QPS.
	maxConcurrency = 64
	// maxQPS bounds CAMS_QPS; CAMS documents 5-10 calls per second for its
	// list actions, so anything near the bound is a typo.
	maxQPS = 1000.0
	// minTokenLen is the shortest HTTP_AUTH_TOKEN accepted: a bearer token
	// guards the routes that send and read campaign data, so it must not be
	// guessable. 16 characters is e.g. 8 random bytes in hex; use
	// `openssl rand -hex 32`.
	minTokenLen = 16
)

// Config is the checked configuration. Every field holds its default when
// its variable is unset or blank.
type Config struct {
	// Channels are CAMS_CHANNELS' entries, in order, without duplicates.
	Channels []campaign.Channel
	// CAMSRegion is CAMS_REGION; CAMSEndpoint is CAMS_ENDPOINT as given (a
	// host or an http(s) URL), empty for the region's endpoint.
	CAMSRegion, CAMSEndpoint string
	// PageSize is CAMS_PAGE_SIZE (1..MaxPageSize); Concurrency is
	// CAMS_CONCURRENCY (1..MaxConcurrency).
	PageSize, Concurrency int
	// QPS is CAMS_QPS (> 0, <= maxQPS).
	QPS float64
	// AccessKeyID, AccessKeySecret and SecurityToken are the
	// ALIBABA_CLOUD_* credentials: secrets.
	AccessKeyID, AccessKeySecret, SecurityToken string
	// SnapshotURL is SNAPSHOT_URL: "oss://BUCKET[/PREFIX]" or "file://DIR".
	SnapshotURL string
	// OSSRegion is OSS_REGION, else FC_REGION, else CAMSRegion;
	// OSSEndpoint is OSS_ENDPOINT as given, empty for the region's.
	OSSRegion, OSSEndpoint string
	// Receivers are the chat receivers, in order: from the webhook
	// variables, each service's in the order of notify/receivers
	// (SLACK_WEBHOOK_URL's first).
	Receivers []Receiver
	// Threshold is BUDGET_CHANGE_THRESHOLD.
	Threshold campaign.Threshold
	// Language is MESSAGE_LANGUAGE (the file's language): the language of
	// receivers that set none.
	Language string
	// DigestZone is DIGEST_TIMEZONE, UTC by default; never nil.
	DigestZone *time.Location
	// HTTPAuthToken is HTTP_AUTH_TOKEN; empty means the protected routes
	// refuse everyone.
	HTTPAuthToken string
	// PublicURL is PUBLIC_URL (http.publicURL): the address people reach
	// the HTTP routes at, an absolute http(s) URL without query, fragment
	// or trailing slash; "" when unset. Messages link each campaign they
	// name to its dashboard page under it.
	PublicURL string
	// LogLevel is LOG_LEVEL.
	LogLevel slog.Level
	// HistoryDays is HISTORY_DAYS: how many days the change history and
	// the daily budget series are kept (1..maxHistoryDays).
	HistoryDays int
	// Guardrails are the file's guardrail rules, checked, each with its
	// channels resolved (every channel when it names none).
	Guardrails []campaign.Guardrail

	// expanded are the values the file's ${NAME} put in that Secrets
	// returns (expander.secretValues).
	expanded []string
}

// Needs says what a command requires of the environment beyond valid
// values. Whatever is set is checked whatever the Needs.
type Needs struct {
	// Channels: CAMS_CHANNELS must name at least one channel.
	Channels bool
	// Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET must both be set.
	Credentials bool
	// Receiver: at least one receiver must be configured.
	Receiver bool
	// Store: the snapshot store is used, so that inside Function Compute
	// (FC_RUNTIME_API set) it must be oss://.
	Store bool
}

// What each command needs.
var (
	// ForServe is serve and Function Compute: channels, credentials and the
	// store. A
	// receiver is not required, because GET /digest and dry runs need none;
	// a run that would send without one fails then (internal/run).
	ForServe = Needs{Channels: true, Credentials: true, Store: true}
	// ForTest is the test command: a receiver, and neither channels nor
	// credentials, since it lists nothing and touches no store.
	ForTest = Needs{Receiver: true}
)

// ForRun is what check and digest need: channels, credentials and the
// store, and a receiver unless dryRun.
func ForRun(dryRun bool) Needs {
	return Needs{Channels: true, Credentials: true, Receiver: !dryRun, Store: true}
}

// Load reads the environment through getenv (os.Getenv when nil) and checks
// every variable: LoadFile without a file.
func Load(getenv func(string) string, need Needs) (*Config, error) {
	return LoadFile(getenv, nil, need)
}

// LoadFile reads the configuration file f (nil for none) and the
// environment through getenv (os.Getenv when nil), and checks every
// setting. A file that cannot be parsed is one problem naming the file,
// line and column, and nothing else is checked. Otherwise every problem is
// reported, each naming its place in the file ("receivers[1].quietHours")
// or its variable. On any problem it returns a nil Config and an error of
// kind campaign.Invalid whose text lists every problem, one per line;
// errors.As finds the *problems under it. No error text carries a secret
// value. It reads nothing but f and the environment.
func LoadFile(getenv func(string) string, f *File, need Needs) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	env := func(name string) string { return strings.TrimSpace(getenv(name)) }
	l := &loader{get: env}
	if f != nil {
		fc, p := decodeFile(f)
		if p != nil {
			return nil, p.err()
		}
		l.file = fc
		l.named = map[string]bool{}
		l.x = &expander{getenv: getenv, named: l.named, probs: &l.problems}
		l.settings = fileSettings(fc, l.x)
		l.conflicts(env)
		l.get = func(name string) string {
			if s, ok := l.settings[name]; ok {
				return s.value
			}
			return env(name)
		}
	}
	c := &Config{}
	if l.file != nil && len(l.file.Channels) > 0 {
		l.fileChannels(c)
	} else {
		l.channels(c, need)
	}
	l.cams(c)
	l.credentials(c, need)
	l.storage(c, need)
	if l.file != nil {
		l.fileReceivers(c)
	}
	fromFile := len(c.Receivers)
	l.receivers(c, need)
	l.digestAndServer(c)
	l.applyFileDefaults(c)
	routeEnvReceivers(c, fromFile)
	l.uniqueNames(c)
	l.fileGuardrails(c)
	c.expanded = l.x.secretValues()
	// Registered whether the configuration is sound or not: a problem line
	// may quote a value a ${NAME} put in.
	notify.Process().Add(c.Secrets()...)
	if len(l.problems.List) > 0 {
		local := notify.NewRedactor(c.Secrets()...)
		if l.x != nil {
			for _, v := range l.x.values {
				local.Add(v.value)
			}
		}
		l.problems.redact(local)
		return nil, l.problems.err()
	}
	return c, nil
}

// secretVars are the variables whose values are secrets: these and every
// service's webhook URLs and signing secrets (notify/receivers).
var secretVars = append([]string{
	"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
	"HTTP_AUTH_TOKEN"}, receivers.SecretVars()...)

// EnvSecrets returns the values of the secret variables (credentials,
// HTTP_AUTH_TOKEN, the webhook URLs, one by one, and signing secrets), read
// through getenv, for the process's Redactor before any configuration is
// loaded: an error on the way there must not carry them either.
func EnvSecrets(getenv func(string) string) []string {
	var out []string
	for _, v := range secretVars {
		for _, s := range strings.Split(getenv(v), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// noReceiver is the problem of a run that needs a receiver and has none,
// naming every service's webhook variable.
func noReceiver() problem {
	vars := receivers.URLVars()
	list := strings.Join(vars[:len(vars)-1], ", ") + " and " + vars[len(vars)-1]
	return problem{Var: vars[0], Text: list + " are all unset and no configuration file lists a receiver: sending needs at least one receiver; set one, or use --dry-run (?dryRun=true over HTTP)"}
}

// Receiver is one configured receiver: its service's type (a name in
// notify/receivers), the checked Target its notifier is built from, and
// what it gets.
type Receiver struct {
	// Type is the service, a type of notify/receivers: "slack", "dingtalk", ...
	Type string
	notify.Target
	// Route is what it gets of every check. A receiver from a webhook
	// variable gets every change of every channel past
	// BUDGET_CHANGE_THRESHOLD.
	Route campaign.Route
	// Language is its messages' language: "en" or "zh-CN".
	Language string
	// Zone is the zone its messages show times in; never nil.
	Zone *time.Location
	// Digest: it gets the daily digest. Health: it gets notices when
	// campaignwatch itself fails and recovers. Guardrails: it gets
	// guardrail messages.
	Digest, Health, Guardrails bool
}

// Secrets returns every non-empty secret value of the configuration (access
// keys, security token, webhook URLs and secrets, HTTP token) and every
// value the file's ${NAME} put in, for a redactor to mask.
func (c *Config) Secrets() []string {
	var out []string
	add := func(vs ...string) {
		for _, v := range vs {
			if v != "" && !slices.Contains(out, v) { // receivers of one variable share its secret
				out = append(out, v)
			}
		}
	}
	add(c.AccessKeyID, c.AccessKeySecret, c.SecurityToken, c.HTTPAuthToken)
	for _, r := range c.Receivers {
		add(r.URL, r.Secret)
	}
	add(c.expanded...)
	return out
}

// LogValue renders the configuration for a start-up log line: secrets only
// as "set"/"unset" or a count, phone numbers only as a count.
func (c *Config) LogValue() slog.Value {
	channels := make([]string, len(c.Channels))
	for i, ch := range c.Channels {
		channels[i] = ch.ChannelID.String()
	}
	credentials := "unset"
	switch {
	case c.AccessKeyID != "" && c.SecurityToken != "":
		credentials = "set (STS)"
	case c.AccessKeyID != "":
		credentials = "set"
	}
	zone := "UTC"
	if c.DigestZone != nil {
		zone = c.DigestZone.String()
	}
	return slog.GroupValue(
		slog.Any("channels", channels),
		slog.String("camsRegion", c.CAMSRegion),
		slog.String("camsEndpoint", c.CAMSEndpoint),
		slog.Int("pageSize", c.PageSize),
		slog.Int("concurrency", c.Concurrency),
		slog.Float64("qps", c.QPS),
		slog.String("credentials", credentials),
		slog.String("snapshotURL", c.SnapshotURL),
		slog.String("ossRegion", c.OSSRegion),
		slog.String("ossEndpoint", c.OSSEndpoint),
		slog.Any("receivers", receiverSummary(c.Receivers)),
		slog.Float64("thresholdPercent", c.Threshold.Percent),
		slog.Int64("thresholdCents", c.Threshold.Cents),
		slog.String("digestZone", zone),
		slog.String("language", c.Language),
		slog.Bool("httpAuth", c.HTTPAuthToken != ""),
		slog.String("publicURL", c.PublicURL),
		slog.String("logLevel", c.LogLevel.String()),
		slog.Int("historyDays", c.HistoryDays),
	)
}

// receiverSummary names each receiver with its type for a log line:
// "slack#2 (slack)", never a URL or a phone number.
func receiverSummary(rs []Receiver) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name + " (" + r.Type + ")"
	}
	return out
}
