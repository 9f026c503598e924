package dashboard

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/notify"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// pageNames are the templates of templates/, each rendered inside
// layout.html.
var pageNames = []string{"login", "problem", "overview", "campaigns", "campaign", "changes", "silences"}

func parsePages(funcs template.FuncMap) (map[string]*template.Template, error) {
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/chart.html", "templates/rows.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// frame is what every page shows around its own content: the language,
// the navigation, the zone of its times.
type frame struct {
	L     *catalog.Lang
	UI    *catalog.UI
	Title string
	// Nav is the navigation's current entry ("/ui/", "/ui/campaigns",
	// ...); "" on the sign-in form, which shows no navigation.
	Nav   string
	Zone  string
	Langs []langLink
	Data  any
}

// langLink switches the page's language: the same address with ?lang=.
type langLink struct {
	Tag, Name, Href string
	Current         bool
}

func (d *Dashboard) frame(l *catalog.Lang, p, title string, query map[string]string) frame {
	f := frame{L: l, UI: &l.UI, Title: title, Zone: d.zone.String()}
	switch {
	case p == "/ui/login":
	case strings.HasPrefix(p, "/ui/campaigns"):
		f.Nav = "/ui/campaigns"
	default:
		f.Nav = p
	}
	for _, tag := range catalog.Tags() {
		other := catalog.For(tag)
		q := url.Values{}
		for k, v := range query {
			if k != "lang" {
				q.Set(k, v)
			}
		}
		q.Set("lang", tag)
		f.Langs = append(f.Langs, langLink{Tag: tag, Name: other.UI.LangName, Href: p + "?" + q.Encode(), Current: other == l})
	}
	return f
}

func (d *Dashboard) render(status int, page string, f frame, data any) Response {
	f.Data = data
	var buf bytes.Buffer
	if err := d.pages[page].ExecuteTemplate(&buf, "layout", f); err != nil {
		d.log.Error("dashboard template", "page", page, "err", err)
		return Response{Status: http.StatusInternalServerError, ContentType: "text/plain; charset=utf-8",
			Body: []byte("internal error: the page could not be rendered\n")}
	}
	return Response{Status: status, ContentType: "text/html; charset=utf-8", Body: buf.Bytes()}
}

// funcs are the templates' words for campaign data: those of messages
// (notify), so that a page and a message say one thing the same way.
func (d *Dashboard) funcs() template.FuncMap {
	return template.FuncMap{
		"money":      notify.Money,
		"when":       func(t time.Time) string { return notify.ZoneTime(t, d.zone) },
		"created":    func(ms int64) string { return createdTime(ms, d.zone) },
		"status":     notify.StatusWord,
		"budgetType": notify.BudgetTypeWord,
		"changeType": notify.TypeHeading,
		"detail":     changeDetail,
		"changeKey":  changeKey,
		"channel": func(cs, page string) string {
			return d.channelLabel(campaign.ChannelID{CustSpaceID: cs, PageID: page})
		},
		"delta":    delta,
		"href":     campaignHref,
		"pageHref": pageHref,
		"asideFor": func(l *catalog.Lang, as []history.SetAside) string {
			names := make([]string, len(as))
			for i, a := range as {
				names[i] = a.Receiver
			}
			return l.UI.SetAsideFor(strings.Join(names, l.ListSep))
		},
		"rows": func(l *catalog.Lang, ui *catalog.UI, rows []history.Change) rowsView {
			return rowsView{L: l, UI: ui, Rows: rows}
		},
	}
}

// rowsView is what the "rows" template (a table of changes) takes.
type rowsView struct {
	L    *catalog.Lang
	UI   *catalog.UI
	Rows []history.Change
}

// channelLabel is a channel's configured name, else its id.
func (d *Dashboard) channelLabel(id campaign.ChannelID) string {
	if n := d.labels[id.String()]; n != "" {
		return n
	}
	return id.String()
}

// createdTime shows the API's creation time (Unix milliseconds) as a
// day in zone; "" for 0, a time the API never gave.
func createdTime(ms int64, zone *time.Location) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).In(zone).Format("2006-01-02")
}

// delta shows a sum's move since the compared snapshot as messages do:
// "+US$18.00, +7.6%"; the catalogue's "no data a day back" without one.
func delta(l *catalog.Lang, prev *int64, cur int64) string {
	if prev == nil {
		return l.UI.NoComparison
	}
	if *prev == cur {
		return l.NoChange
	}
	s := notify.Money(cur - *prev)
	if cur > *prev {
		s = "+" + s
	}
	if pct, ok := notify.Percent(*prev, cur); ok {
		s += l.ListSep + pct
	}
	return s
}

// campaignHref is the address of one campaign's page; each id is one
// escaped path segment.
func campaignHref(k campaign.Key) string {
	return "/ui/campaigns/" + url.PathEscape(k.CustSpaceID) + "/" + url.PathEscape(k.PageID) + "/" + url.PathEscape(k.CampaignID)
}

// pageHref is p with query q, one parameter changed (v "" removes it).
func pageHref(p string, q map[string]string, key, v string) string {
	vals := url.Values{}
	for k, x := range q {
		if x != "" {
			vals.Set(k, x)
		}
	}
	if v == "" {
		vals.Del(key)
	} else {
		vals.Set(key, v)
	}
	if len(vals) == 0 {
		return path.Clean(p)
	}
	return p + "?" + vals.Encode()
}

// Language picks a page's language: ?lang= when it names a catalogue,
// else the remembered choice (the cookie), else the first language of
// the browser's Accept-Language that has one, else the configured one.
func (d *Dashboard) Language(query, cookie, acceptLanguage string) *catalog.Lang {
	for _, tag := range []string{query, cookie} {
		if l, ok := catalog.Lookup(tag); ok {
			return l
		}
	}
	type pref struct {
		tag string
		q   float64
	}
	var prefs []pref
	for i, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0 - float64(i)*1e-6 // keep the browser's order among equals
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q = parseQ(v) - float64(i)*1e-6
		}
		if tag != "" && q > 0 {
			prefs = append(prefs, pref{tag, q})
		}
	}
	slices.SortStableFunc(prefs, func(a, b pref) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	for _, p := range prefs {
		if l, ok := browserLang(p.tag); ok {
			return l
		}
	}
	return d.lang
}

// browserLang maps a browser's language tag to a catalogue: "en-GB" is
// English; "zh", "zh-CN", "zh-Hans", "zh-SG" Simplified Chinese.
func browserLang(tag string) (*catalog.Lang, bool) {
	base, region, _ := strings.Cut(strings.ToLower(tag), "-")
	switch base {
	case "en":
		return catalog.Lookup("en")
	case "zh":
		switch region {
		case "", "cn", "hans", "sg", "hans-cn":
			return catalog.Lookup("zh-CN")
		}
	}
	return nil, false
}

func parseQ(s string) float64 {
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q < 0 || q > 1 {
		return 0
	}
	return q
}
