// Package dashboard renders campaignwatch's web pages (/ui/): the
// overview, the campaigns, one campaign, the changes and the silences,
// in every language of notify/catalog, from the snapshot store and its
// history (internal/history). Pages are
// html/template documents whose tables, figures and names are in the HTML
// itself; charts are SVG drawn here, on the server, so that no page needs
// JavaScript and every name is escaped by the same templates (a campaign
// named <script> is those characters in a table, a chart label and a
// tooltip alike). It knows nothing of sign-in, cookies or headers: the
// handler decides who may see a page and answers it.
package dashboard

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// Source is what the pages read: the snapshot store (internal/snapshot):
// the latest snapshot, the change history and the daily budget series,
// and the incident log.
type Source interface {
	LatestGeneration(ctx context.Context) (int64, error)
	Load(ctx context.Context, gen int64) (*campaign.Snapshot, error)
	history.Reader
	Streaks(ctx context.Context, kind string) (campaign.Streak, campaign.Streak, error)
}

// Options configure New.
type Options struct {
	// Source is read by every page. Required.
	Source Source
	// Channels name the configured channels, in the order pages list them.
	Channels []campaign.Channel
	// Zone is the zone times and days are shown in; nil is UTC.
	Zone *time.Location
	// Language is the configured language ("en", "zh-CN"): the page's
	// language when neither the address, a cookie nor the browser chose.
	Language string
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Logger gets the reason of a page that could not be built.
	Logger *slog.Logger
	// Silences lists, adds and ends silences; nil: the page says there
	// are none and offers no form.
	Silences *silence.Service
	// SetAsides returns the messages set aside, oldest first (the
	// store's); nil: the overview lists none.
	SetAsides func(ctx context.Context) ([]campaign.SetAside, error)
}

// Dashboard renders the pages. It is safe for concurrent use.
type Dashboard struct {
	src      Source
	channels []campaign.Channel
	labels   map[string]string
	zone     *time.Location
	lang     *catalog.Lang
	now      func() time.Time
	log      *slog.Logger
	snaps    *snapCache
	orders   orderCache
	sums     sumsCache
	recent   recentCache
	// silenceSvc and asides are Options.Silences and Options.SetAsides.
	silenceSvc *silence.Service
	asides     func(ctx context.Context) ([]campaign.SetAside, error)
	pages      map[string]*template.Template
}

// Request is one page asked for.
type Request struct {
	// Path is the URL path, decoded: "/ui/", "/ui/campaigns", ...
	Path string
	// Query holds one value per parameter.
	Query map[string]string
	// Lang is the page's language (Dashboard.Language).
	Lang *catalog.Lang
}

// Response is a page or an asset, ready to answer.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
	// Location is where a 303 sends the browser.
	Location string
}

//go:embed templates/*.html
var templateFS embed.FS

// New returns a Dashboard. A missing Source is an error of kind
// campaign.Invalid.
func New(opt Options) (*Dashboard, error) {
	if opt.Source == nil {
		return nil, campaign.Errorf(campaign.Invalid, "dashboard.New: Options.Source is nil; pass the snapshot store")
	}
	d := &Dashboard{
		src: opt.Source, channels: opt.Channels, zone: opt.Zone, lang: catalog.For(opt.Language),
		now: opt.Now, log: opt.Logger, snaps: newSnapCache(opt.Source), labels: map[string]string{}, silenceSvc: opt.Silences,
		asides: opt.SetAsides,
	}
	if d.zone == nil {
		d.zone = time.UTC
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	for _, c := range opt.Channels {
		d.labels[c.ChannelID.String()] = c.Label()
	}
	pages, err := parsePages(d.funcs())
	if err != nil {
		return nil, campaign.Wrap(campaign.Internal, err, "dashboard templates")
	}
	d.pages = pages
	return d, nil
}

// Serve renders the page at r.Path: 200 with the page, 404 for an
// address that names none, 503 (a page saying so) when the store cannot
// be read, the reason logged.
func (d *Dashboard) Serve(ctx context.Context, r Request) Response {
	if r.Lang == nil {
		r.Lang = d.lang
	}
	switch p := r.Path; {
	case p == "/ui/":
		return d.overview(ctx, r)
	case p == "/ui/campaigns":
		return d.campaigns(ctx, r)
	case strings.HasPrefix(p, "/ui/campaigns/"):
		parts := strings.Split(strings.TrimPrefix(p, "/ui/campaigns/"), "/")
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return d.problem(r, http.StatusNotFound, nil)
		}
		return d.campaign(ctx, r, campaign.Key{CustSpaceID: parts[0], PageID: parts[1], CampaignID: parts[2]})
	case p == "/ui/changes":
		return d.changes(ctx, r)
	case p == "/ui/silences":
		return d.silences(ctx, r)
	}
	return d.problem(r, http.StatusNotFound, nil)
}

// LoginProblem is what the sign-in form says above the field.
type LoginProblem int

// Sign-in problems.
const (
	LoginFresh LoginProblem = iota
	LoginWrongToken
	LoginTooManyTries
	LoginDisabled
)

// Login renders the sign-in form with status, saying problem.
func (d *Dashboard) Login(l *catalog.Lang, status int, problem LoginProblem) Response {
	if l == nil {
		l = d.lang
	}
	msg := map[LoginProblem]string{
		LoginWrongToken: l.UI.WrongToken, LoginTooManyTries: l.UI.TooManyTries, LoginDisabled: l.UI.SignInDisabled,
	}[problem]
	return d.render(status, "login", d.frame(l, "/ui/login", l.UI.SignInTitle, nil), struct{ Problem string }{msg})
}

// problem renders a page saying what went wrong: 404, or 503 when the
// store could not be read (err, logged, never shown: it may name the
// bucket).
func (d *Dashboard) problem(r Request, status int, err error) Response {
	msg := r.Lang.UI.NotFound
	if err != nil {
		d.log.Error("dashboard page", "path", r.Path, "err", err)
		status, msg = http.StatusServiceUnavailable, r.Lang.UI.Unavailable
	}
	return d.render(status, "problem", d.frame(r.Lang, r.Path, msg, r.Query), struct{ Message string }{msg})
}

// Unavailable renders the page saying the data could not be read (503).
func (d *Dashboard) Unavailable(l *catalog.Lang) Response {
	if l == nil {
		l = d.lang
	}
	return d.render(http.StatusServiceUnavailable, "problem", d.frame(l, "/ui/", l.UI.Unavailable, nil), struct{ Message string }{l.UI.Unavailable})
}
