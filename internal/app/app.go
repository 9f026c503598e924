// Package app wires campaignwatch's parts from a checked configuration: the
// CAMS client, the snapshot store, the notifiers, the Runner that joins
// them and the trigger handler in front. It holds no logic of its own; it
// exists so that main, the demo and the end-to-end tests build the product
// the same way.
package app

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	credentialsgo "github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/handler"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/run"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// Options are what the caller supplies beyond the configuration.
type Options struct {
	Logger *slog.Logger
	// Redactor masks the configuration's secrets; nil is notify.Process,
	// the process's one. New adds the configuration's secrets to it.
	Redactor *notify.Redactor
	// Wrap, when set, wraps each notifier (the demo uses it to show every
	// message on the terminal as it is posted).
	Wrap func(campaign.Notifier) campaign.Notifier
	// Progress, when set, observes the CAMS listing (the CLI's progress
	// line); see cams.Config.Progress.
	Progress func(cams.Progress)
	// Version is campaignwatch's version, sent in every post's User-Agent.
	Version string
	// Now is the clock of the runs, the store, the dashboard and its
	// sessions; nil is time.Now. Tests and the playground set it to lay
	// down days of history in seconds.
	Now func() time.Time
	// Source, when set, lists the campaigns instead of the CAMS client
	// (the perf harness's baseline: the API's SDK used plainly).
	Source campaign.Source
}

// App is the wired product.
type App struct {
	Runner   *run.Runner
	Handler  *handler.Handler
	Store    *snapshot.Store
	CAMS     *cams.Client
	Redactor *notify.Redactor
	// Silences makes, lists and expires the store's silences, checked
	// against the configuration (the silence commands and routes).
	Silences *silence.Service
}

// New builds the product from cfg. It opens the snapshot store (for oss://
// that checks that create-only writes are honoured) but lists nothing.
func New(ctx context.Context, cfg *config.Config, opt Options) (*App, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	red := opt.Redactor
	if red == nil {
		red = notify.Process()
	}
	red.Add(cfg.Secrets()...)
	cred, err := credential(cfg)
	if err != nil {
		return nil, err
	}
	// The CAMS client pools its own connections, sized by the concurrency,
	// with a read buffer that holds a page; each call is bounded by its
	// own timeout (CallTimeout), not the whole client's.
	client, err := cams.New(cams.Config{
		Region: cfg.CAMSRegion, Endpoint: cfg.CAMSEndpoint,
		PageSize: cfg.PageSize, Concurrency: cfg.Concurrency, QPS: cfg.QPS,
		Credential: cred, Logger: log,
		Progress: opt.Progress,
	})
	if err != nil {
		return nil, err
	}
	store, err := snapshot.Open(ctx, cfg.SnapshotURL, snapshot.Options{
		Region: cfg.OSSRegion, Endpoint: cfg.OSSEndpoint,
		Credentials: ossCredentials(cred), HTTPClient: pooledClient(60 * time.Second), Logger: log, Now: opt.Now,
		Zone: cfg.DigestZone, HistoryDays: cfg.HistoryDays,
	})
	if err != nil {
		return nil, err
	}
	rcvs, err := receiversNoting(cfg, opt, store)
	if err != nil {
		return nil, err
	}
	var source campaign.Source = client
	if opt.Source != nil {
		source = opt.Source
	}
	runner := run.New(run.Options{
		Source: source, Store: store, Incidents: store, SetAside: store, Receivers: rcvs, Channels: cfg.Channels,
		Threshold: cfg.Threshold, Zone: cfg.DigestZone, Redact: red.String, Logger: log, Silences: store, Now: opt.Now,
		Guardrails: cfg.Guardrails,
	})
	silences := &silence.Service{Store: store, Known: silence.Known{Channels: cfg.Channels, Receivers: receiverNames(cfg)}}
	dash, err := dashboard.New(dashboard.Options{
		Source: store, Channels: cfg.Channels, Zone: cfg.DigestZone, Language: cfg.Language, Logger: log, Now: opt.Now,
		Silences: silences, SetAsides: store.SetAsides,
	})
	if err != nil {
		return nil, err
	}
	h, err := handler.New(handler.Options{
		Jobs: runner, Token: cfg.HTTPAuthToken, Redact: red.String, Logger: log, Silences: silences,
		History: store, Zone: cfg.DigestZone, Channels: cfg.Channels,
		Dashboard: dash, Sessions: store, Now: opt.Now, PublicURL: cfg.PublicURL,
		Incidents: store.OpenIncidents,
		Markdown: func(d *campaign.Digest) string {
			return notify.DigestMarkdown(d, notify.Reader{Lang: catalog.For(cfg.Language), Zone: cfg.DigestZone, Labels: labels(cfg.Channels)})
		},
	})
	if err != nil {
		return nil, err
	}
	return &App{Runner: runner, Handler: h, Store: store, CAMS: client, Redactor: red, Silences: silences}, nil
}

// Receivers builds the configuration's receivers, each notifier with its
// route, and touches neither the network nor the store: the test command
// needs nothing more.
func Receivers(cfg *config.Config, opt Options) ([]run.Receiver, error) {
	return receiversNoting(cfg, opt, nil)
}

// receiversNoting is Receivers with the notes each receiver was given
// kept in notes (the store), so that each is given once across runs and
// instances; nil keeps them in this process.
func receiversNoting(cfg *config.Config, opt Options, notes notify.Notes) ([]run.Receiver, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nopt := notifyOptions(log, opt.Version)
	nopt.Notes = notes
	out := make([]run.Receiver, 0, len(cfg.Receivers))
	for _, rc := range cfg.Receivers {
		n, err := notifierOf(rc, cfg.Channels, cfg.PublicURL, nopt)
		if err != nil {
			return nil, err
		}
		if opt.Wrap != nil {
			n = opt.Wrap(n)
		}
		out = append(out, run.Receiver{Notifier: n, Route: rc.Route, Digest: rc.Digest, Health: rc.Health, Zone: rc.Zone, Guardrails: rc.Guardrails})
	}
	return out, nil
}

// notifyOptions are what every receiver's notifier shares: a pooled HTTP
// client, the logger, the longest wait a service may ask for within a
// run, and the version for the User-Agent.
func notifyOptions(log *slog.Logger, version string) notify.Options {
	return notify.Options{HTTPClient: pooledClient(15 * time.Second), Logger: log, MaxWait: run.MaxNotifyWait, Version: version}
}

// notifierOf builds the notifier of receiver rc, rendering in its locale
// with the names of the configured channels chs and the public URL
// publicURL: the one place a configured receiver becomes a notifier, for
// the runs (Receivers) and for the startup alarm (healthNotifiers).
func notifierOf(rc config.Receiver, chs []campaign.Channel, publicURL string, nopt notify.Options) (campaign.Notifier, error) {
	svc, ok := receivers.Lookup(rc.Type)
	if !ok {
		return nil, campaign.Errorf(campaign.Internal, "receiver %s: no service %q", rc.Name, rc.Type)
	}
	return svc.New(rc.Target, locale(rc, chs, publicURL), nopt)
}

// locale is how receiver rc reads its messages: its language and zone,
// the names of the channels of chs its route takes (a baseline lists
// them), and the configuration's public URL (PUBLIC_URL): the one place
// every path's messages (check, digest, guardrails, health, test) get
// them from.
func locale(rc config.Receiver, chs []campaign.Channel, publicURL string) notify.Locale {
	return notify.Locale{Language: rc.Language, Zone: rc.Zone, Labels: rc.Route.Labels(chs), PublicURL: publicURL}
}

// labels maps each configured channel to its display name ("" when it
// has none, and messages name it by its page).
func labels(chs []campaign.Channel) map[string]string {
	out := make(map[string]string, len(chs))
	for _, ch := range chs {
		out[ch.ChannelID.String()] = ch.Name
	}
	return out
}

// credential is the credentials-go credential for both the CAMS client and
// OSS: the ALIBABA_CLOUD_* variables when set (Function Compute injects them
// for the function's role), else credentials-go's default chain.
func credential(cfg *config.Config) (credentialsgo.Credential, error) {
	if cfg.AccessKeyID == "" {
		c, err := credentialsgo.NewCredential(nil)
		if err != nil {
			return nil, campaign.Errorf(campaign.Unauthorized,
				"no Alibaba Cloud credentials found: %s", config.CredentialsAdvice)
		}
		return c, nil
	}
	c := new(credentialsgo.Config).SetType("access_key").
		SetAccessKeyId(cfg.AccessKeyID).SetAccessKeySecret(cfg.AccessKeySecret)
	if cfg.SecurityToken != "" {
		c.SetType("sts").SetSecurityToken(cfg.SecurityToken)
	}
	cred, err := credentialsgo.NewCredential(c)
	if err != nil {
		return nil, campaign.Errorf(campaign.Invalid, "the configured Alibaba Cloud credentials are unusable: %s", config.CredentialsAdvice)
	}
	return cred, nil
}

// ossCredentials feeds the OSS SDK from the same credentials-go chain, whose
// own environment provider would read OSS_ACCESS_KEY_ID-style variables.
func ossCredentials(cred credentialsgo.Credential) credentials.CredentialsProvider {
	return credentials.CredentialsProviderFunc(func(context.Context) (credentials.Credentials, error) {
		m, err := cred.GetCredential()
		if err != nil {
			return credentials.Credentials{}, campaign.Wrap(campaign.Unauthorized, err, "getting credentials for OSS")
		}
		var out credentials.Credentials
		if m.AccessKeyId != nil {
			out.AccessKeyID = *m.AccessKeyId
		}
		if m.AccessKeySecret != nil {
			out.AccessKeySecret = *m.AccessKeySecret
		}
		if m.SecurityToken != nil {
			out.SecurityToken = *m.SecurityToken
		}
		return out, nil
	})
}

// pooledClient is an HTTP client that keeps connections alive between
// calls, with an overall timeout per request.
func pooledClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        64,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: 5 * time.Second,
			ForceAttemptHTTP2:   true,
		},
	}
}

// OpenSilences opens the configuration's store for the silence commands:
// no CAMS client, no notifier, and credentials only for an oss:// store.
func OpenSilences(ctx context.Context, cfg *config.Config, opt Options) (*silence.Service, error) {
	store, err := openStoreOnly(ctx, cfg, opt)
	if err != nil {
		return nil, err
	}
	return &silence.Service{Store: store, Known: silence.Known{Channels: cfg.Channels, Receivers: receiverNames(cfg)}}, nil
}

// OpenHistory opens the configuration's store for the history command:
// no CAMS client, no notifier, and credentials only for an oss:// store.
func OpenHistory(ctx context.Context, cfg *config.Config, opt Options) (history.Reader, error) {
	return openStoreOnly(ctx, cfg, opt)
}

// openStoreOnly opens the store of a command that needs nothing else.
func openStoreOnly(ctx context.Context, cfg *config.Config, opt Options) (*snapshot.Store, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sopt := snapshot.Options{Region: cfg.OSSRegion, Endpoint: cfg.OSSEndpoint, HTTPClient: pooledClient(60 * time.Second), Logger: log,
		Zone: cfg.DigestZone, HistoryDays: cfg.HistoryDays}
	if strings.HasPrefix(cfg.SnapshotURL, "oss://") {
		cred, err := credential(cfg)
		if err != nil {
			return nil, err
		}
		sopt.Credentials = ossCredentials(cred)
	}
	return snapshot.Open(ctx, cfg.SnapshotURL, sopt)
}

// receiverNames are the configured receivers' names, which silences may
// name: read from the configuration, with no notifier built for them.
func receiverNames(cfg *config.Config) []string {
	names := make([]string, len(cfg.Receivers))
	for i, rc := range cfg.Receivers {
		names[i] = rc.Name
	}
	return names
}
