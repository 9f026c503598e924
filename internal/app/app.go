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
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	credentialsgo "github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/handler"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/run"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
)

// Options are what the caller supplies beyond the configuration.
type Options struct {
	Logger *slog.Logger
	// Redactor masks the configuration's secrets; New builds one when nil.
	Redactor *notify.Redactor
	// Wrap, when set, wraps each notifier (the demo uses it to show every
	// message on the terminal as it is posted).
	Wrap func(campaign.Notifier) campaign.Notifier
}

// App is the wired product.
type App struct {
	Runner   *run.Runner
	Handler  *handler.Handler
	Store    *snapshot.Store
	CAMS     *cams.Client
	Redactor *notify.Redactor
}

// maxNotifyWait bounds a wait a chat service asks for, so that a post
// always ends inside a delivery claim (run.DefaultClaimTTL).
const maxNotifyWait = 15 * time.Second

// New builds the product from cfg. It opens the snapshot store (for oss://
// that checks that create-only writes are honoured) but lists nothing.
func New(ctx context.Context, cfg *config.Config, opt Options) (*App, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	red := opt.Redactor
	if red == nil {
		red = notify.NewRedactor(cfg.Secrets()...)
	}
	cred, err := credential(cfg)
	if err != nil {
		return nil, err
	}
	client, err := cams.New(cams.Config{
		Region: cfg.CAMSRegion, Endpoint: cfg.CAMSEndpoint,
		PageSize: cfg.PageSize, Concurrency: cfg.Concurrency, QPS: cfg.QPS,
		Credential: cred, HTTPClient: pooledClient(30 * time.Second), Logger: log,
	})
	if err != nil {
		return nil, err
	}
	store, err := snapshot.Open(ctx, cfg.SnapshotURL, snapshot.Options{
		Region: cfg.OSSRegion, Endpoint: cfg.OSSEndpoint,
		Credentials: ossCredentials(cred), HTTPClient: pooledClient(60 * time.Second), Logger: log,
	})
	if err != nil {
		return nil, err
	}
	nopt := notify.Options{HTTPClient: pooledClient(15 * time.Second), Logger: log, MaxWait: maxNotifyWait}
	notifiers := make([]campaign.Notifier, 0, len(cfg.Receivers))
	var noHealth []string
	for _, rc := range cfg.Receivers {
		svc, ok := receivers.Lookup(rc.Type)
		if !ok {
			return nil, campaign.Errorf(campaign.Internal, "receiver %s: no service %q", rc.Name, rc.Type)
		}
		n, err := svc.New(rc.Target, nopt)
		if err != nil {
			return nil, err
		}
		if !rc.Health {
			noHealth = append(noHealth, n.ID())
		}
		notifiers = append(notifiers, n)
	}
	if opt.Wrap != nil {
		for i, n := range notifiers {
			notifiers[i] = opt.Wrap(n)
		}
	}
	runner := run.New(run.Options{
		Source: client, Store: store, Notifiers: notifiers, Channels: cfg.Channels,
		Threshold: cfg.Threshold, Zone: cfg.DigestZone, Redact: red.String, Logger: log,
		NoHealth: noHealth,
	})
	h, err := handler.New(handler.Options{
		Jobs: runner, Token: cfg.HTTPAuthToken, Redact: red.String, Logger: log,
		Markdown: func(d *campaign.Digest) string { return notify.DigestMarkdown(d, labeler(cfg.Channels)) },
	})
	if err != nil {
		return nil, err
	}
	return &App{Runner: runner, Handler: h, Store: store, CAMS: client, Redactor: red}, nil
}

// labeler names channels as CAMS_CHANNELS does: its name, else its id.
func labeler(chs []campaign.Channel) func(campaign.ChannelID) string {
	names := make(map[campaign.ChannelID]string, len(chs))
	for _, ch := range chs {
		names[ch.ChannelID] = ch.Label()
	}
	return func(id campaign.ChannelID) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id.String()
	}
}

// credential is the credentials-go credential for both the CAMS client and
// OSS: the ALIBABA_CLOUD_* variables when set (Function Compute injects them
// for the function's role), else credentials-go's default chain.
func credential(cfg *config.Config) (credentialsgo.Credential, error) {
	if cfg.AccessKeyID == "" {
		c, err := credentialsgo.NewCredential(nil)
		if err != nil {
			return nil, campaign.Errorf(campaign.Unauthorized,
				"no Alibaba Cloud credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or give the function a role")
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
		return nil, campaign.Errorf(campaign.Invalid, "the ALIBABA_CLOUD_* credentials are unusable; check ALIBABA_CLOUD_ACCESS_KEY_ID, _SECRET and _SECURITY_TOKEN")
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
