package app

import (
	"context"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/handler"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/configsource"
	"github.com/campaignwatch/campaignwatch/notify"
)

// ConfigLoader reads the configuration, file and environment, for each
// run. A local file is read once; an OSS object is asked for again at
// every Load, with If-None-Match, so that an edit applies on the next run
// while an unchanged object costs one conditional request.
type ConfigLoader struct {
	getenv func(string) string
	loc    config.Location
	need   config.Needs

	mu     sync.Mutex
	loaded bool // a Load has read what it needs at least once
	file   *config.File
	oss    *configsource.OSS
}

// NewConfigLoader finds the configuration file: flag (--config) when
// given, else CAMPAIGNWATCH_CONFIG. It reads nothing yet.
func NewConfigLoader(getenv func(string) string, flag string, need config.Needs) (*ConfigLoader, error) {
	loc, err := config.Locate(getenv, flag)
	if err != nil {
		return nil, err
	}
	return &ConfigLoader{getenv: getenv, loc: loc, need: need}, nil
}

// Location is where the file is; zero when there is none.
func (l *ConfigLoader) Location() config.Location { return l.loc }

// Rescue returns the health receivers that can still be told when Load
// fails (config.Rescue): those of the file last read, and those of the
// webhook variables.
func (l *ConfigLoader) Rescue() []config.Receiver {
	l.mu.Lock()
	f := l.file
	l.mu.Unlock()
	return config.Rescue(l.getenv, f)
}

// Load reads the file (if any) and the environment, and checks them
// (config.LoadFile). changed reports whether the result may differ from
// the previous Load's: true on the first, and whenever the file was read
// anew. A file that cannot be read is an error naming it; its kind is
// Invalid when the file is missing or refused, Unavailable when OSS is out
// of reach.
func (l *ConfigLoader) Load(ctx context.Context) (cfg *config.Config, changed bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	first := !l.loaded
	switch {
	case l.loc.IsZero():
	case l.loc.IsOSS():
		if l.oss == nil {
			if l.oss, err = l.newOSS(); err != nil {
				return nil, false, err
			}
		}
		f, fresh, err := l.oss.Read(ctx)
		if err != nil {
			return nil, false, err
		}
		l.file, changed = f, fresh
	case first:
		base := l.getenv("FC_FUNC_CODE_PATH")
		if l.file, err = config.ReadPath(l.loc.Path, base); err != nil {
			return nil, false, err
		}
	}
	l.loaded = true
	cfg, err = config.LoadFile(l.getenv, l.file, l.need)
	return cfg, changed || first, err
}

// newOSS builds the reader of the file's object from the environment
// alone (OSS_REGION or FC_REGION, OSS_ENDPOINT, the credentials): the
// file cannot say where it is itself.
func (l *ConfigLoader) newOSS() (*configsource.OSS, error) {
	env, err := config.Load(l.getenv, config.Needs{})
	if err != nil {
		return nil, err
	}
	cred, err := credential(env)
	if err != nil {
		return nil, err
	}
	return configsource.NewOSS(l.loc.Bucket, l.loc.Key, configsource.OSSOptions{
		Region: env.OSSRegion, Endpoint: env.OSSEndpoint,
		Credentials: ossCredentials(cred), HTTPClient: pooledClient(30 * time.Second),
	})
}

// live serves each Function Compute invocation or HTTP request with the
// App of the configuration as it stands at its start: it loads the
// configuration first and builds the App again when it changed. While the
// configuration is bad, every invocation fails with its problems, as
// handler.Misconfigured does, and nothing is listed, sent or committed.
type live struct {
	loader *ConfigLoader
	build  func(context.Context, *config.Config) (*App, error)
	// OnError, when set, is told each failure to load or build (for a log
	// line).
	OnError func(error)
	// Alarm, when set, tells the health receivers that can still be built
	// that campaignwatch cannot run (once per instance until it can), and
	// is told when it can again.
	Alarm *StartupAlarm

	mu  sync.Mutex
	cur *App
}

// NewLive returns a live that builds each App with build.
func NewLive(loader *ConfigLoader, build func(context.Context, *config.Config) (*App, error)) *live {
	return &live{loader: loader, build: build}
}

// Seed sets the App of the configuration the loader last returned, so
// that the next call of App does not build it again.
func (v *live) Seed(a *App) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.cur = a
}

// App returns the App of the configuration as it stands now.
func (v *live) App(ctx context.Context) (*App, error) {
	a, tell, redact, err := v.app(ctx)
	if v.Alarm != nil {
		if err != nil {
			v.Alarm.Failed(ctx, err, tell, redact)
		} else {
			v.Alarm.Recovered()
		}
	}
	return a, err
}

// app loads and builds; on failure it also returns whom the alarm can
// tell, and the redactor of their secrets and the configuration's.
func (v *live) app(ctx context.Context) (*App, []config.Receiver, func(string) string, error) {
	cfg, changed, err := v.loader.Load(ctx)
	v.mu.Lock()
	defer v.mu.Unlock()
	if err != nil {
		var tell []config.Receiver
		if v.Alarm != nil {
			tell = v.loader.Rescue()
		}
		red := notify.Process() // holds the rescued receivers' secrets too (config.Rescue)
		return nil, tell, red.String, v.failed(campaign.Errorf(campaign.KindOf(err), "%s", red.String(err.Error())))
	}
	if changed || v.cur == nil {
		a, err := v.build(ctx, cfg)
		if err != nil {
			v.cur = nil
			red := notify.Process()
			return nil, cfg.Receivers, red.String, v.failed(campaign.Errorf(campaign.KindOf(err), "%s", red.String(err.Error())))
		}
		v.cur = a
	}
	return v.cur, nil, nil, nil
}

func (v *live) failed(err error) error {
	if v.OnError != nil {
		v.OnError(err)
	}
	return err
}

// Invoke is the Function Compute entry point.
func (v *live) Invoke(ctx context.Context, event []byte) (any, error) {
	a, err := v.App(ctx)
	if err != nil {
		return handler.Misconfigured(err, nil)(ctx, event)
	}
	return a.Handler.Invoke(ctx, event)
}

// Handler returns the trigger handler of the configuration as it stands
// now (handler.ServeEach's pick).
func (v *live) Handler(ctx context.Context) (*handler.Handler, error) {
	a, err := v.App(ctx)
	if err != nil {
		return nil, err
	}
	return a.Handler, nil
}
