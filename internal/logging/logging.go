// Package logging builds campaignwatch's structured logger: JSON inside
// Function Compute (so Simple Log Service can index the fields), text on a
// terminal; every record carries the invocation's request id and run id
// when the context has them, and every string passes through a redactor so
// that no secret reaches a log line.
package logging

import (
	"context"
	"io"
	"log/slog"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	runIDKey
)

// WithRequestID returns ctx carrying the Function Compute request id (or an
// HTTP request's id); records logged with that ctx include "requestId".
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithRunID returns ctx carrying a run's id; records logged with that ctx
// include "runId".
func WithRunID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, runIDKey, id)
}

// RunID returns the run id carried by ctx, or "".
func RunID(ctx context.Context) string {
	id, _ := ctx.Value(runIDKey).(string)
	return id
}

// Options configure New.
type Options struct {
	// JSON selects JSON records (for Function Compute); else text.
	JSON  bool
	Level slog.Leveler
	// Redact is applied to the message and to every string attribute;
	// nil leaves them as they are.
	Redact func(string) string
}

// New returns a logger writing to w.
func New(w io.Writer, opt Options) *slog.Logger {
	hopt := &slog.HandlerOptions{Level: opt.Level}
	if opt.Redact != nil {
		hopt.ReplaceAttr = func(_ []string, a slog.Attr) slog.Attr {
			if a.Value.Kind() == slog.KindString {
				a.Value = slog.StringValue(opt.Redact(a.Value.String()))
			} else if a.Value.Kind() == slog.KindAny {
				if err, ok := a.Value.Any().(error); ok {
					a.Value = slog.StringValue(opt.Redact(err.Error()))
				}
			}
			return a
		}
	}
	var h slog.Handler
	if opt.JSON {
		h = slog.NewJSONHandler(w, hopt)
	} else {
		h = slog.NewTextHandler(w, hopt)
	}
	return slog.New(&contextHandler{Handler: h, redact: opt.Redact})
}

// contextHandler adds the ids carried by the context to each record and
// redacts the message.
type contextHandler struct {
	slog.Handler
	redact func(string) string
}

func (h *contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if h.redact != nil {
		nr := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
		r.Attrs(func(a slog.Attr) bool { nr.AddAttrs(a); return true })
		r = nr
	}
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("requestId", id))
	}
	if id, _ := ctx.Value(runIDKey).(string); id != "" {
		r.AddAttrs(slog.String("runId", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h *contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &contextHandler{Handler: h.Handler.WithAttrs(attrs), redact: h.redact}
}

func (h *contextHandler) WithGroup(name string) slog.Handler {
	return &contextHandler{Handler: h.Handler.WithGroup(name), redact: h.redact}
}
