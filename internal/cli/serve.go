package cli

import (
	"context"
	"flag"
	"fmt"
	"net"

	"github.com/campaignwatch/campaignwatch/handler"
	"github.com/campaignwatch/campaignwatch/internal/app"
	"github.com/campaignwatch/campaignwatch/internal/config"
)

func setupServe(fs *flag.FlagSet, env Env) func(context.Context) int {
	addr := fs.String("addr", "127.0.0.1:9000", "the `address` to listen on")
	return func(ctx context.Context) int { return serve(ctx, *addr, env) }
}

func serve(ctx context.Context, addr string, env Env) int {
	cfg, err := config.Load(env.Getenv, config.ForServe)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitUsage
	}
	a, log, code := build(ctx, cfg, env, app.Options{})
	if a == nil {
		return code
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "campaignwatch serve: --addr %s: %v\n", addr, err)
		return ExitUsage
	}
	lim := handler.DefaultLimits()
	log.Info("serving the HTTP trigger's routes", "addr", ln.Addr().String(), "maxConns", lim.MaxConns,
		"readHeader", lim.ReadHeader.String(), "read", lim.Read.String(), "write", lim.Write.String(),
		"idle", lim.Idle.String(), "run", lim.Run.String())
	if cfg.HTTPAuthToken == "" {
		log.Warn("HTTP_AUTH_TOKEN is not set: every route but /healthz answers 401 until it is")
	}
	fmt.Fprintf(env.Stdout, "listening on http://%s (GET /healthz; protected routes need Authorization: Bearer $HTTP_AUTH_TOKEN)\n", ln.Addr())
	if err := a.Handler.ServeOn(ctx, ln, lim); err != nil {
		fmt.Fprintln(env.Stderr, "campaignwatch serve:", err)
		return ExitFailed
	}
	return ExitOK
}
