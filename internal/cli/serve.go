package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
)

func serve(ctx context.Context, args []string, env Env) int {
	fs := newFlags("serve", env)
	addr := fs.String("addr", "127.0.0.1:9000", "address to listen on")
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	loader, err := app.NewConfigLoader(env.Getenv, *cfgPath, config.ForServe)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitUsage
	}
	cfg, _, err := loader.Load(ctx)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		if campaign.KindOf(err) == campaign.Invalid {
			return ExitUsage
		}
		return ExitFailed
	}
	a, log, code := build(ctx, cfg, env, app.Options{})
	if a == nil {
		return code
	}
	// Each request runs with the configuration as it stands then: a file
	// in OSS is asked for again (If-None-Match) and an edit applies.
	live := app.NewLive(loader, func(ctx context.Context, cfg *config.Config) (*app.App, error) {
		a, _, _ := build(ctx, cfg, env, app.Options{})
		if a == nil {
			return nil, campaign.Errorf(campaign.Invalid, "the configuration changed and could not be wired; see above")
		}
		return a, nil
	})
	live.OnError = func(err error) { log.Error("configuration", "err", err) }
	live.Seed(a)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "campaignwatch serve: --addr %s: %v\n", *addr, err)
		return ExitUsage
	}
	srv := &http.Server{Handler: live, ReadHeaderTimeout: 10 * time.Second}
	log.Info("serving the HTTP trigger's routes", "addr", ln.Addr().String())
	if cfg.HTTPAuthToken == "" {
		log.Warn("HTTP_AUTH_TOKEN is not set: every route but /healthz answers 401 until it is")
	}
	fmt.Fprintf(env.Stdout, "listening on http://%s (GET /healthz; protected routes need Authorization: Bearer $HTTP_AUTH_TOKEN)\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintln(env.Stderr, "campaignwatch serve:", err)
		return ExitFailed
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		return ExitOK
	}
}
