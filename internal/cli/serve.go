package cli

import (
	"context"
	"flag"
	"fmt"
	"net"

	"github.com/campaignwatch/campaignwatch/handler"
	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
)

func setupServe(fs *flag.FlagSet, env Env) func(context.Context) int {
	addr := fs.String("addr", "127.0.0.1:9000", "the `address` to listen on")
	cfgPath := configFlag(fs)
	return func(ctx context.Context) int { return serve(ctx, *addr, *cfgPath, env) }
}

func serve(ctx context.Context, addr, cfgPath string, env Env) int {
	cfg, loader, code := loadConfigWith(ctx, env, cfgPath, config.ForServe)
	if cfg == nil {
		return code
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
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "campaignwatch serve: --addr %s: %v\n", addr, err)
		return exitUsage
	}
	lim := handler.DefaultLimits()
	log.Info("serving the HTTP trigger's routes", "addr", ln.Addr().String(), "maxConns", lim.MaxConns,
		"readHeader", lim.ReadHeader.String(), "read", lim.Read.String(), "write", lim.Write.String(),
		"idle", lim.Idle.String(), "run", lim.Run.String())
	if cfg.HTTPAuthToken == "" {
		log.Warn("HTTP_AUTH_TOKEN is not set: every route but /healthz answers 401 until it is")
	}
	fmt.Fprintf(env.Stdout, "listening on http://%s (GET /healthz; protected routes need Authorization: Bearer $HTTP_AUTH_TOKEN)\n", ln.Addr())
	if err := handler.ServeEach(ctx, ln, lim, log, live.Handler); err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch serve:", err)
		return exitFailed
	}
	return exitOK
}
