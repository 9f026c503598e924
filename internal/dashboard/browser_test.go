package dashboard_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard/dashtest"
	"github.com/campaignwatch/campaignwatch/notify"
)

// TestDashboardInChromium drives the dashboard in a real headless
// Chromium, as a marketer would: sign in through the form, read the
// overview's figures and chart, filter and sort the campaigns, open one,
// switch to Chinese, meet the hostile names, read every page at phone
// width, sign out. No page may log a console error or a CSP violation, or
// open a dialog.
func TestDashboardInChromium(t *testing.T) {
	b := startBrowser(t)
	site, base := startSite(t, 12)

	t.Run("sign in through the form", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base + "/ui/campaigns"))
		if got := b.location(); got != "/ui/login" {
			t.Fatalf("without a session /ui/campaigns went to %s; want /ui/login", got)
		}
		b.do(chromedp.SendKeys(chromedp.ID("token"), "not-the-token"))
		b.follow(chromedp.Submit(chromedp.ID("token")))
		if got := b.text(".problem"); !strings.Contains(got, "not right") {
			t.Errorf("a wrong token shows %q", got)
		}
		// The wrong token's answer is a 401, which the browser logs; that
		// one message is the only one expected of the whole test.
		if p := b.problems(); len(p) != 1 || !strings.Contains(p[0], "401") {
			t.Errorf("after a wrong token the console has %q; want the one 401", p)
		}
		b.reset()
		b.do(chromedp.SendKeys(chromedp.ID("token"), dashtest.Token))
		b.follow(chromedp.Submit(chromedp.ID("token")))
		if got := b.location(); got != "/ui/" {
			t.Errorf("after signing in the browser is at %s; want /ui/", got)
		}
		if c := eval[string](b, `document.cookie`); strings.Contains(c, "campaignwatch_session") {
			t.Errorf("the session cookie is readable by scripts: %q", c)
		}
	})

	t.Run("the overview shows each channel's figures and the chart of the series", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base + "/ui/"))
		rows := eval[[][]string](b, `Array.from(document.querySelectorAll("table.figures tbody tr"), r => Array.from(r.children, c => c.textContent.trim()))`)
		want := map[string]int64{}
		var total int64
		for _, ch := range []struct{ cs, page, label string }{{"cams-a1", "239001", "Brand A"}, {"cams-b2", "239002", "Brand B"}, {"cams-c3", "239003", "品牌 C"}} {
			for _, c := range site.Emulator.Campaigns(ch.cs, ch.page) {
				if campaign.IsActive(c.Status) && c.BudgetType == campaign.BudgetDaily {
					want[ch.label] += c.Budget
					total += c.Budget
				}
			}
		}
		want["All channels"] = total
		if len(rows) != 4 {
			t.Fatalf("the figures have %d rows; want 3 channels and the total: %q", len(rows), rows)
		}
		for _, r := range rows {
			if w, ok := want[r[0]]; !ok || r[3] != notify.Money(w) {
				t.Errorf("row %q: want %s's active daily budget %s", r, r[0], notify.Money(want[r[0]]))
			}
		}
		lines := eval[int](b, `document.querySelectorAll("figure.chart svg polyline").length`)
		if lines != 3 {
			t.Errorf("the chart draws %d lines; want one per channel (3)", lines)
		}
		tips := b.texts("figure.chart svg g.s0 circle title")
		if len(tips) != 13 || !strings.HasPrefix(tips[0], "Brand A · ") || !strings.Contains(tips[0], "US$") {
			t.Errorf("Brand A's points and their tooltips: %q; want a point a day, each naming the channel, the day and the budget", tips)
		}
		if last := tips[len(tips)-1]; !strings.HasSuffix(last, notify.Money(want["Brand A"])) {
			t.Errorf("the last point of Brand A is %q; want today's %s", last, notify.Money(want["Brand A"]))
		}
		// The site's guardrail caps Brand A's campaigns at $120 a day: each
		// active one above it is an open incident, listed in its words.
		var above []string
		for _, c := range site.Emulator.Campaigns("cams-a1", "239001") {
			if campaign.IsActive(c.Status) && c.BudgetType == campaign.BudgetDaily && c.Budget > 12000 {
				above = append(above, c.CampaignID)
			}
		}
		incidents := b.texts("ul.incidents li")
		if len(above) == 0 {
			t.Error("no Brand A campaign is above the site's cap: the overview has no incident to show")
		}
		if len(incidents) != len(above) {
			t.Errorf("the overview lists %d open guardrail incidents %q; want one per Brand A campaign above the cap %v", len(incidents), incidents, above)
		}
		for _, in := range incidents {
			if !strings.Contains(in, "above the cap of US$120.00") || !strings.Contains(in, "brand-a-campaign-cap") {
				t.Errorf("an open incident reads %q; want the campaign, its budget above the cap, and the rule", in)
			}
		}
	})

	t.Run("filter and sort the campaigns", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base+"/ui/campaigns"),
			chromedp.SetValue(chromedp.ID("channel"), "cams-b2:239002"),
			chromedp.SetValue(chromedp.ID("sort"), "budget-asc"))
		b.follow(chromedp.Click(chromedp.CSS("form.filters button")))
		channels := b.texts("table.campaigns tbody td:nth-child(2)")
		if len(channels) == 0 || slices.ContainsFunc(channels, func(s string) bool { return s != "Brand B" }) {
			t.Errorf("filtered by Brand B, the channel column reads %q", channels)
		}
		budgets := b.texts("table.campaigns tbody td:nth-child(4)")
		cents := make([]int64, len(budgets))
		for i, s := range budgets {
			cents[i] = parseMoney(t, s)
		}
		if !slices.IsSorted(cents) {
			t.Errorf("sorted by budget, smallest first, the budgets read %q", budgets)
		}
		b.do(chromedp.SetValue(chromedp.ID("q"), "SPRING"))
		b.follow(chromedp.Click(chromedp.CSS("form.filters button")))
		names := b.texts("table.campaigns tbody th a")
		if len(names) != 1 || names[0] != "spring-sale" {
			t.Errorf("searching SPRING in Brand B finds %q; want spring-sale", names)
		}
	})

	t.Run("open a campaign's page from the table", func(t *testing.T) {
		b.t = t
		b.follow(chromedp.Click(chromedp.CSS("table.campaigns tbody th a")))
		if loc := b.location(); loc != "/ui/campaigns/cams-b2/239002/2320001" {
			t.Errorf("the link went to %s", loc)
		}
		if h := b.text("main h1"); !strings.HasPrefix(h, "spring-sale") {
			t.Errorf("the campaign page's heading is %q", h)
		}
		if n := eval[int](b, `document.querySelectorAll("figure.chart svg polyline").length`); n != 1 {
			t.Errorf("the campaign's budget chart has %d lines; want 1", n)
		}
	})

	t.Run("a hostile campaign name shows as text and runs nothing", func(t *testing.T) {
		b.t = t
		for _, name := range []string{dashtest.HostileImg, dashtest.HostileScript} {
			b.do(chromedp.Navigate(base + "/ui/campaigns?q=" + urlQuery(name)))
			if got := b.texts("table.campaigns tbody th a"); len(got) != 1 || got[0] != name {
				t.Errorf("searching the hostile name finds %q; want it as text", got)
			}
			b.follow(chromedp.Click(chromedp.CSS("table.campaigns tbody th a")))
			if h := b.text("main h1"); !strings.HasPrefix(h, name) {
				t.Errorf("the campaign page's heading is %q; want it to start with %q", h, name)
			}
			if title := eval[string](b, `document.title`); !strings.HasPrefix(title, name) {
				t.Errorf("the page title is %q", title)
			}
			if tips := b.texts("figure.chart svg circle title"); len(tips) == 0 || !strings.HasPrefix(tips[0], name+" · ") {
				t.Errorf("the chart's tooltips are %q; want them to name %q", tips, name)
			}
			if n := eval[int](b, `document.querySelectorAll("img, script").length`); n != 0 {
				t.Errorf("the page has %d img or script elements; the name became markup", n)
			}
		}
		b.do(chromedp.Navigate(base + "/ui/changes?since=30d&campaignId=2310002"))
		if got := b.texts("table.changes tbody th a"); len(got) == 0 || got[0] != dashtest.HostileImg {
			t.Errorf("the changes of the hostile campaign show %q", got)
		}
	})

	t.Run("switch to zh-CN", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base + "/ui/"))
		b.follow(chromedp.Click(chromedp.CSS(`a[hreflang="zh-CN"]`)))
		if h, lang := b.text("main h1"), eval[string](b, `document.documentElement.lang`); h != "概览" || lang != "zh-CN" {
			t.Errorf("after choosing 简体中文 the heading is %q in lang %q", h, lang)
		}
		if th := b.texts("table.figures thead th"); !slices.Contains(th, "渠道") {
			t.Errorf("the figures' headings are %q", th)
		}
		b.do(chromedp.Navigate(base + "/ui/campaigns"))
		if h := b.text("main h1"); h != "广告系列" {
			t.Errorf("the choice is not remembered: /ui/campaigns is headed %q", h)
		}
		if st := b.texts("table.campaigns tbody td:nth-child(3)"); !slices.Contains(st, "投放中") {
			t.Errorf("statuses read %q; want them in Chinese", st)
		}
	})

	t.Run("add a silence through the form, then end it", func(t *testing.T) {
		b.t = t
		// A silence without a matcher, on the Chinese page then the
		// English one, which is left open for the next step.
		for _, c := range []struct{ lang, comment, problem, page string }{
			{"zh-CN", "调整品牌 A", "渠道：请至少选择", "the Chinese page"},
			{"en", "restructuring Brand A", "Channels: choose at least one", "the English page"},
		} {
			b.do(chromedp.Navigate(base+"/ui/silences?lang="+c.lang), chromedp.SetValue(chromedp.ID("for"), "3h"),
				chromedp.SetValue(chromedp.ID("comment"), c.comment))
			b.follow(chromedp.Click(chromedp.CSS("form.silence button")))
			if p := b.texts(".problem li"); len(p) != 1 || !strings.HasPrefix(p[0], c.problem) {
				t.Errorf("a silence without a matcher on %s: the page says %q; want the one problem, %q", c.page, p, c.problem)
			}
			b.reset() // the refused form's 400, which the browser logs
		}
		b.do(chromedp.Click(chromedp.CSS(`input[name="channels"][value="cams-a1:239001"]`)))
		b.follow(chromedp.Click(chromedp.CSS("form.silence button")))
		if loc := b.location(); loc != "/ui/silences" {
			t.Errorf("after adding, the browser is at %s", loc)
		}
		if got := b.texts("table.silences tbody th"); len(got) != 1 || got[0] != "restructuring Brand A" {
			t.Fatalf("the silences listed: %q", got)
		}
		if got := b.text("table.silences tbody td ul"); got != "Channels: Brand A" {
			t.Errorf("what it mutes reads %q", got)
		}
		b.do(chromedp.Navigate(base + "/ui/"))
		if got := b.texts("ul.silences li"); len(got) != 1 || !strings.HasPrefix(got[0], "restructuring Brand A") {
			t.Errorf("the overview's active silences: %q", got)
		}
		b.do(chromedp.Navigate(base + "/ui/silences"))
		b.follow(chromedp.Click(chromedp.CSS("table.silences form button")))
		if got := b.texts("table.silences tbody th"); len(got) != 0 {
			t.Errorf("after ending it, the silences listed: %q", got)
		}
	})

	t.Run("every page fits a phone 375 px wide", func(t *testing.T) {
		b.t = t
		b.do(chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		for _, lang := range []string{"zh-CN", "en"} {
			for _, p := range []string{"/ui/", "/ui/campaigns", "/ui/campaigns/cams-a1/239001/2310002", "/ui/changes?since=30d", "/ui/silences"} {
				b.do(chromedp.Navigate(base + p + sep(p) + "lang=" + lang))
				if w := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
					t.Errorf("%s in %s is %d px wide in a %d px window: it scrolls sideways", p, lang, w[0], w[1])
				}
			}
		}
		b.do(chromedp.EmulateReset())
	})

	t.Run("sign out", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(base + "/ui/"))
		b.follow(chromedp.Click(chromedp.CSS(`form[action="/ui/logout"] button`)))
		b.do(chromedp.Navigate(base + "/ui/"))
		if loc := b.location(); loc != "/ui/login" {
			t.Errorf("after signing out /ui/ is at %s; want the sign-in form", loc)
		}
	})

	b.t = t
	if p := b.problems(); len(p) > 0 {
		t.Errorf("the pages logged console errors, CSP violations or dialogs:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserHarnessSeesCSPViolations: the harness that finds no console
// error on the dashboard does see one where there is one: a page with an
// inline script under the dashboard's own CSP.
func TestBrowserHarnessSeesCSPViolations(t *testing.T) {
	b := startBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>x</title><script>alert(1)</script><p>page</p>`))
	}))
	defer srv.Close()
	b.do(chromedp.Navigate(srv.URL))
	p := b.problems()
	if len(p) == 0 || !strings.Contains(strings.Join(p, "\n"), "Content Security Policy") {
		t.Fatalf("an inline script under script-src 'self' left no console error: %q", p)
	}
}

func parseMoney(t *testing.T, s string) int64 {
	t.Helper()
	d := strings.NewReplacer("US$", "", ",", "", ".", "").Replace(s)
	v, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		t.Fatalf("%q is not money as messages show it", s)
	}
	return v
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}
