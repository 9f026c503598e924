// Package playground runs campaignwatch's outside world on this machine:
// the CAMS emulator (with its admin route, through which a person adds,
// pauses or changes campaigns), a snapshot store (a directory, or the OSS
// fake), and a fake of every chat service, each on a fixed port of
// 127.0.0.1. Every message a fake receives is shown, rendered as text.
// `campaignwatch playground` starts one and prints the variables that
// point check, digest, serve and curl at it.
package playground

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/cams/camsemu"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
	"github.com/campaignwatch/campaignwatch/notify/receivers"
	"github.com/campaignwatch/campaignwatch/notify/receivers/receiverstest"
)

// DefaultBasePort is the first of the playground's ports. With base B:
// the CAMS emulator listens on B, the OSS fake on B+1, the HTTP routes
// (started by the caller) on B+2, and the chat fakes on B+10, B+11, ...
// in the order of notify/receivers.
const DefaultBasePort = 8080

// Port offsets from the base port.
const (
	offsetCAMS   = 0
	offsetOSS    = 1
	offsetRoutes = 2
	offsetChat   = 10
)

// Secrets of the playground: fixed, so that a second terminal's exports
// keep working across restarts. They guard nothing real. They share no
// run of 12 characters with the playground's paths and output (no
// "-playground-"): the process's redactor hides such runs wherever they
// appear, and would blot out "/tmp/campaignwatch-playground-..." too.
const (
	authToken     = "pgFakeHttpToken0123456789abcdef"
	fakeSecret    = "SECpgFakeChatSign0123456" // every chat fake's that signs
	ossBucket     = "playground"
	camsKeySecret = "pgFakeAccessKeySecret0123"
)

// Options configure a Playground.
type Options struct {
	// BasePort is the first port (see DefaultBasePort); 0 puts every
	// service on a free port, as tests want.
	BasePort int
	// Dir is the snapshot directory (file://); "" makes a temporary one,
	// removed by Close.
	Dir string
	// OSS keeps the snapshots in the OSS fake instead of a directory.
	OSS bool
	// Campaigns are the emulator's campaigns at start.
	Campaigns []campaign.Campaign
	// Channels is CAMS_CHANNELS for the exports.
	Channels string
	// Out gets every message a chat fake receives, rendered; nil discards.
	Out io.Writer
}

// Var is one environment variable the playground's clients need.
type Var struct{ Name, Value string }

// received is one message a chat fake received.
type received struct {
	// Service is the fake's name ("slack"); Status the fake's answer.
	Service string
	Status  int
	// Text is the message rendered as plain text.
	Text string
}

// service names one listening service and its address.
type service struct{ Name, URL string }

// Playground is a running playground; Close stops it.
type Playground struct {
	// Emulator is the CAMS emulator.
	Emulator *camsemu.Server
	vars     []Var
	services []service
	routes   net.Listener
	// configFile is the configuration file writeConfigFile wrote.
	configFile string
	servers    []*http.Server
	closers    []func()
	out        io.Writer

	mu       sync.Mutex
	received []received
	// muted: what the fakes receive is recorded, not shown (Mute).
	muted bool
}

// Mute stops (on) or resumes showing what the chat fakes receive; what
// they receive is still recorded.
func (p *Playground) Mute(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.muted = on
}

// Start starts every service. A port already taken is an error naming it
// and saying how to choose others; what had started by then is stopped.
func Start(opt Options) (p *Playground, err error) {
	p = &Playground{out: opt.Out}
	if p.out == nil {
		p.out = io.Discard
	}
	started := p // every failed return sets p to nil; this is what to stop
	defer func() {
		if err != nil {
			started.Close()
		}
	}()
	port := func(offset int) int {
		if opt.BasePort == 0 {
			return 0
		}
		return opt.BasePort + offset
	}

	p.Emulator = camsemu.NewHandler(camsemu.Options{Admin: true,
		AccessKeyID: ossfake.AccessKeyID, AccessKeySecret: camsKeySecret})
	p.Emulator.Load(opt.Campaigns)
	camsURL, err := p.listen("CAMS emulator", port(offsetCAMS), p.Emulator)
	if err != nil {
		return nil, err
	}
	p.set("CAMS_CHANNELS", opt.Channels)
	p.set("CAMS_ENDPOINT", camsURL)
	p.set("ALIBABA_CLOUD_ACCESS_KEY_ID", ossfake.AccessKeyID)
	p.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", camsKeySecret)

	if opt.OSS {
		oss := ossfake.New(ossBucket)
		p.closers = append(p.closers, oss.Close)
		u, err := p.listen("OSS fake", port(offsetOSS), p.relay("", oss.URL))
		if err != nil {
			return nil, err
		}
		p.set("SNAPSHOT_URL", "oss://"+ossBucket+"/campaignwatch")
		p.set("OSS_ENDPOINT", u)
		p.set("OSS_REGION", ossfake.Region)
	} else {
		dir := opt.Dir
		if dir == "" {
			if dir, err = os.MkdirTemp("", "campaignwatch-playground-"); err != nil {
				return nil, fmt.Errorf("making the snapshot directory: %w", err)
			}
			p.closers = append(p.closers, func() { os.RemoveAll(dir) })
		}
		p.set("SNAPSHOT_URL", "file://"+dir)
	}

	if err := p.startChatFakes(port); err != nil {
		return nil, err
	}
	p.set("HTTP_AUTH_TOKEN", authToken)
	p.set("LOG_LEVEL", "warn") // the summaries say what happened; logs only when something is wrong

	if err := p.listenRoutes(port(offsetRoutes)); err != nil {
		return nil, err
	}
	// The fake chats' messages link campaigns to the playground's own
	// dashboard.
	p.set("PUBLIC_URL", p.RoutesURL())
	if err := p.writeConfigFile(); err != nil {
		return nil, err
	}
	return p, nil
}

// startChatFakes starts the fake of every service of notify/receivers,
// each behind a port of its own: port(offsetChat + its place in the
// registry), so that a service added at the registry's end moves no
// other's port.
func (p *Playground) startChatFakes(port func(offset int) int) error {
	for i, svc := range receivers.All() {
		f, ok := receiverstest.Start(svc, fakeSecret)
		if !ok {
			return fmt.Errorf("the %s service registers no fake (notify/%s/fake.go)", svc.Title, svc.Type)
		}
		p.closers = append(p.closers, f.Close)
		fu, err := url.Parse(f.URL)
		if err != nil {
			return fmt.Errorf("%s fake: %w", svc.Type, err)
		}
		base, err := p.listen(svc.Type+" fake", port(offsetChat+i), p.relay(svc.Type, fu.Scheme+"://"+fu.Host))
		if err != nil {
			return err
		}
		for _, v := range receiverstest.Vars(svc, f) {
			if v.Name == svc.Vars.URL {
				v.Value = base + fu.RequestURI()
			}
			p.set(v.Name, v.Value)
		}
	}
	return nil
}

// listenRoutes takes the routes' listener now, so that its port is known
// and reported together with the others; the caller serves it.
func (p *Playground) listenRoutes(port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return portError("HTTP routes", port, err)
	}
	p.routes = ln
	p.services = append(p.services, service{"HTTP routes", "http://" + ln.Addr().String()})
	return nil
}

// Vars are the variables that point campaignwatch at the playground, in a
// fixed order.
func (p *Playground) Vars() []Var { return append([]Var(nil), p.vars...) }

// Getenv reads Vars, as os.Getenv reads the environment.
func (p *Playground) Getenv(name string) string {
	for _, v := range p.vars {
		if v.Name == name {
			return v.Value
		}
	}
	return ""
}

// Services lists what listens where, in start order.
func (p *Playground) Services() []service { return append([]service(nil), p.services...) }

// RoutesURL is the base URL of the HTTP routes.
func (p *Playground) RoutesURL() string { return "http://" + p.routes.Addr().String() }

// RoutesListener is the listener for the HTTP routes (campaignwatch
// serve's); the caller serves it. Close closes it.
func (p *Playground) RoutesListener() net.Listener { return p.routes }

// Received returns the messages the chat fakes received so far.
func (p *Playground) Received() []received {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]received(nil), p.received...)
}

// Close stops every service and removes a temporary snapshot directory.
func (p *Playground) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range p.servers {
		_ = s.Shutdown(ctx)
	}
	if p.routes != nil {
		_ = p.routes.Close()
	}
	for i := len(p.closers) - 1; i >= 0; i-- {
		p.closers[i]()
	}
}

func (p *Playground) set(name, value string) { p.vars = append(p.vars, Var{name, value}) }

// listen serves h on 127.0.0.1:port and returns its base URL.
func (p *Playground) listen(name string, port int, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return "", portError(name, port, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	p.servers = append(p.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	u := "http://" + ln.Addr().String()
	p.services = append(p.services, service{name, u})
	return u, nil
}

func portError(name string, port int, err error) error {
	return fmt.Errorf("%s: cannot listen on 127.0.0.1:%d (%v): another playground may be running; stop it, or choose other ports with --base-port", name, port, err)
}

// relay forwards every request to a fake started on a port of its own
// (the fakes are httptest servers) and, for a chat fake (service not ""),
// records and shows what it received. The Host header is kept: the OSS
// fake checks signatures that cover it.
func (p *Playground) relay(service, target string) http.Handler {
	tu, _ := url.Parse(target)
	rewrite := func(r *httputil.ProxyRequest) {
		r.SetURL(tu)
		r.Out.Host = r.In.Host
	}
	if service == "" {
		return &httputil.ReverseProxy{Rewrite: rewrite}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "reading the body: "+err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rp := &httputil.ReverseProxy{Rewrite: rewrite, ModifyResponse: func(resp *http.Response) error {
			// Shown before the sender has its answer: what a sender has
			// sent is on the terminal by the time it goes on.
			rec := received{Service: service, Status: resp.StatusCode, Text: render(body)}
			p.mu.Lock()
			defer p.mu.Unlock()
			p.received = append(p.received, rec)
			if !p.muted {
				show(p.out, rec)
			}
			return nil
		}}
		rp.ServeHTTP(w, r)
	})
}
