package dashboard_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/campaignwatch/campaignwatch/internal/dashboard/dashtest"
)

// startSite starts the playground's product over days of checks in
// Asia/Shanghai, served on a 127.0.0.1 port; it and the server close when
// the test ends. It returns the site and the server's base URL.
func startSite(t *testing.T, days int) (*dashtest.Site, string) {
	t.Helper()
	site, err := dashtest.Start(context.Background(), dashtest.Options{Dir: t.TempDir(), Zone: "Asia/Shanghai", Days: days})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { site.Close() })
	srv := httptest.NewServer(site.Handler)
	t.Cleanup(srv.Close)
	return site, srv.URL
}

// chromiumNames are the browser commands tried, Debian's first.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"}

// browser is one headless Chromium tab that records every console
// message (console calls, uncaught exceptions, and the browser's own log:
// CSP violations, failed requests) and every dialog a page opened.
type browser struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
	// dialogs are the messages of alert(), confirm() or prompt() calls:
	// a page of the dashboard runs no script, so any is a failure.
	dialogs []string
}

// startBrowser starts Chromium, or skips the test where none is
// installed; under CI=true a missing Chromium fails it instead, so that a
// CI image without the package cannot pass by skipping.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	var path string
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		msg := "no Chromium on PATH (looked for " + strings.Join(chromiumNames, ", ") + "): install Debian's chromium package (apt-get install chromium) to run the browser tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "en-US"))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to start as root with its sandbox
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	messages := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.msgs = append(b.msgs, m)
			b.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

// do runs steps, failing the test on an error; each gets 30 s.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// follow runs trigger (a click, a submit) and waits for the page it
// loads.
func (b *browser) follow(trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// text is the text content of the first element sel selects.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, `(document.querySelector(`+jsString(sel)+`) || {textContent: "<no `+strings.ReplaceAll(sel, `"`, ``)+`>"}).textContent.trim()`)
}

// texts are the text contents of every element sel selects.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.textContent.trim())`)
}

func (b *browser) location() string {
	return eval[string](b, `location.pathname + location.search`)
}

// problems returns the console errors and warnings, exceptions and
// dialogs recorded so far, after letting the last ones arrive.
func (b *browser) problems() []string {
	time.Sleep(300 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.msgs {
		switch m.Type {
		case "error", "warning", "assert", chromedp.ConsoleException:
			out = append(out, string(m.Type)+": "+m.Text+" ("+m.URL+")")
		}
	}
	for _, d := range b.dialogs {
		out = append(out, "dialog: "+d)
	}
	return out
}

// reset forgets the messages recorded so far.
func (b *browser) reset() {
	time.Sleep(300 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs, b.dialogs = nil, nil
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "<", `\x3c`)
	return `"` + r.Replace(s) + `"`
}

func urlQuery(s string) string { return url.QueryEscape(s) }
