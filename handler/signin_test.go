package handler

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/internal/logging"
	"github.com/campaignwatch/campaignwatch/internal/silence"
	"github.com/campaignwatch/campaignwatch/internal/snapshot"
)

const signInToken = "sign-in-test-token-0123456789abcdef"

// testClock is a clock the tests move.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// instance is one campaignwatch process serving the dashboard over a
// store that other instances may share.
type instance struct {
	h    *Handler
	jobs *fakeJobs
	logs *syncBuffer
}

func newInstance(t *testing.T, dir, token string, clock *testClock) *instance {
	t.Helper()
	return newInstanceOf(t, dir, token, clock, false)
}

func newInstanceWithSilences(t *testing.T, dir string, clock *testClock) *instance {
	t.Helper()
	return newInstanceOf(t, dir, signInToken, clock, true)
}

func newInstanceOf(t *testing.T, dir, token string, clock *testClock, silences bool) *instance {
	t.Helper()
	store, err := snapshot.Open(context.Background(), "file://"+dir, snapshot.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	var svc *silence.Service
	if silences {
		svc = &silence.Service{Store: store, Now: clock.Now}
	}
	dash, err := dashboard.New(dashboard.Options{Source: store, Now: clock.Now, Silences: svc})
	if err != nil {
		t.Fatal(err)
	}
	jobs := stockedJobs()
	logs := &syncBuffer{}
	h, err := New(Options{Jobs: jobs, Token: token, Markdown: testMarkdown, Redact: testRedact,
		Logger:    logging.New(logs, logging.Options{Level: slog.LevelDebug, Redact: testRedact}),
		Dashboard: dash, Sessions: store, Now: clock.Now, Silences: svc})
	if err != nil {
		t.Fatal(err)
	}
	return &instance{h: h, jobs: jobs, logs: logs}
}

// reply is an answer as a browser sees it.
type reply struct {
	status int
	header http.Header
	body   string
}

// uiTransport sends one request to an instance: over HTTP (serve) or as an
// FC HTTP trigger event. client is the address the request comes from;
// the host the request names is "watch.example.com" either way.
type uiTransport struct {
	name string
	send func(t *testing.T, in *instance, client, method, path string, header map[string]string, body string) reply
}

var uiTransports = []uiTransport{
	{"serve", func(t *testing.T, in *instance, client, method, path string, header map[string]string, body string) reply {
		req := httptest.NewRequest(method, "http://watch.example.com"+path, strings.NewReader(body))
		req.RemoteAddr = client + ":40000"
		for k, v := range header {
			req.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		in.h.ServeHTTP(w, req)
		b, _ := io.ReadAll(w.Result().Body)
		return reply{w.Code, w.Result().Header, string(b)}
	}},
	{"fc-http-trigger", func(t *testing.T, in *instance, client, method, path string, header map[string]string, body string) reply {
		hd := map[string]string{"Host": "watch.example.com"}
		for k, v := range header {
			hd[k] = v
		}
		p, q, _ := strings.Cut(path, "?")
		params := map[string]string{}
		for _, kv := range strings.Split(q, "&") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				params[k] = v
			}
		}
		ev, _ := json.Marshal(map[string]any{"version": "v1", "rawPath": p, "body": body, "isBase64Encoded": false,
			"headers": hd, "queryParameters": params,
			"requestContext": map[string]any{"requestId": "1-test", "http": map[string]string{"method": method, "path": p, "sourceIp": client}}})
		out, err := in.h.Invoke(context.Background(), ev)
		if err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		r := out.(httpResponse)
		h := http.Header{}
		for k, v := range r.Headers {
			h.Set(k, v)
		}
		return reply{r.StatusCode, h, r.Body}
	}},
}

func tokenForm(token string) string { return "token=" + token }

var formHeader = map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

// signIn signs in and returns the session cookie's "name=value".
func signIn(t *testing.T, tr uiTransport, in *instance, client string) (string, *http.Cookie) {
	t.Helper()
	r := tr.send(t, in, client, "POST", "/ui/login", formHeader, tokenForm(signInToken))
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/ui/" {
		t.Fatalf("signing in: %d to %q; want 303 to /ui/", r.status, r.header.Get("Location"))
	}
	c, err := http.ParseSetCookie(r.header.Get("Set-Cookie"))
	if err != nil {
		t.Fatalf("the Set-Cookie %q: %v", r.header.Get("Set-Cookie"), err)
	}
	return c.Name + "=" + c.Value, c
}

func withCookie(cookie string, more ...string) map[string]string {
	h := map[string]string{"Cookie": cookie}
	for i := 0; i+1 < len(more); i += 2 {
		h[more[i]] = more[i+1]
	}
	return h
}

func checkUIHeaders(t *testing.T, what string, r reply) {
	t.Helper()
	csp := r.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: Content-Security-Policy %q lacks %s", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: Content-Security-Policy %q allows inline code", what, csp)
	}
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s: %s is %q; want %q", what, k, got, want)
		}
	}
}

func newClock() *testClock { return &testClock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)} }

func TestSignInSetsTheSessionCookieAndHeaders(t *testing.T) {
	for _, tr := range uiTransports {
		t.Run(tr.name, func(t *testing.T) {
			in := newInstance(t, t.TempDir(), signInToken, newClock())
			r := tr.send(t, in, "192.0.2.1", "GET", "/ui/", nil, "")
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/ui/login" {
				t.Errorf("/ui/ without a session: %d to %q; want 303 to /ui/login", r.status, r.header.Get("Location"))
			}
			login := tr.send(t, in, "192.0.2.1", "GET", "/ui/login", nil, "")
			if login.status != http.StatusOK || !strings.Contains(login.body, `name="token"`) {
				t.Fatalf("GET /ui/login: %d, no form", login.status)
			}
			checkUIHeaders(t, "the sign-in form", login)
			cookie, c := signIn(t, tr, in, "192.0.2.1")
			if c.Name != "campaignwatch_session" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" ||
				c.MaxAge <= 0 || c.MaxAge > 12*3600 {
				t.Errorf("the session cookie is %s; want campaignwatch_session, HttpOnly, Secure, SameSite=Strict, Path=/, Max-Age at most 12 h", c)
			}
			for _, p := range []string{"/ui/", "/ui/campaigns", "/ui/changes", "/ui/silences"} {
				r := tr.send(t, in, "192.0.2.1", "GET", p, withCookie(cookie), "")
				if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s with the session: %d %s", p, r.status, r.header.Get("Content-Type"))
				}
				checkUIHeaders(t, p, r)
				if strings.Contains(r.body, signInToken) {
					t.Errorf("%s shows the token", p)
				}
			}
			if r := tr.send(t, in, "192.0.2.1", "GET", "/campaigns", withCookie(cookie), ""); r.status != http.StatusOK {
				t.Errorf("GET /campaigns with the session cookie: %d; want 200", r.status)
			}
			if strings.Contains(in.logs.String(), signInToken) {
				t.Error("the logs show the token")
			}
		})
	}
}

func TestWrongTokensAreRefusedThenLimited(t *testing.T) {
	for _, tr := range uiTransports {
		t.Run(tr.name, func(t *testing.T) {
			clock := newClock()
			in := newInstance(t, t.TempDir(), signInToken, clock)
			for i := 1; i <= 5; i++ {
				r := tr.send(t, in, "192.0.2.7", "POST", "/ui/login", formHeader, tokenForm("wrong-token-"+strconv.Itoa(i)))
				if r.status != http.StatusUnauthorized || r.header.Get("Set-Cookie") != "" || !strings.Contains(r.body, `name="token"`) {
					t.Fatalf("wrong token #%d: %d, Set-Cookie %q; want 401, the form again, no cookie", i, r.status, r.header.Get("Set-Cookie"))
				}
				if strings.Contains(r.body, "wrong-token-") {
					t.Errorf("the page shows the token that was sent")
				}
				checkUIHeaders(t, "a wrong token's page", r)
				if i < 5 {
					clock.Add(5 * time.Second)
				}
			}
			r := tr.send(t, in, "192.0.2.7", "POST", "/ui/login", formHeader, tokenForm(signInToken))
			if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || r.header.Get("Set-Cookie") != "" {
				t.Fatalf("the right token after 5 wrong ones in a minute: %d (Retry-After %q); want 429 and no cookie", r.status, r.header.Get("Retry-After"))
			}
			checkUIHeaders(t, "the 429 page", r)
			signIn(t, tr, in, "192.0.2.8") // another address is not held back
			clock.Add(59 * time.Second)
			if r := tr.send(t, in, "192.0.2.7", "POST", "/ui/login", formHeader, tokenForm(signInToken)); r.status != http.StatusTooManyRequests {
				t.Errorf("59 s after the fifth wrong token: %d; want 429", r.status)
			}
			clock.Add(2 * time.Second)
			signIn(t, tr, in, "192.0.2.7")
		})
	}
}

func TestSessionsExpireAndFollowTheToken(t *testing.T) {
	for _, tr := range uiTransports {
		t.Run(tr.name, func(t *testing.T) {
			clock := newClock()
			dir := t.TempDir()
			in := newInstance(t, dir, signInToken, clock)
			cookie, _ := signIn(t, tr, in, "192.0.2.1")

			rotated := newInstance(t, dir, "another-token-0123456789abcdefgh", clock)
			if r := tr.send(t, rotated, "192.0.2.1", "GET", "/ui/", withCookie(cookie), ""); r.status != http.StatusSeeOther {
				t.Errorf("a session signed under the old token, after the token changed: %d; want 303 to the sign-in form", r.status)
			}
			if r := tr.send(t, rotated, "192.0.2.1", "GET", "/campaigns", withCookie(cookie), ""); r.status != http.StatusUnauthorized {
				t.Errorf("GET /campaigns with an old token's session: %d; want 401", r.status)
			}

			// A cookie signed right but claiming to last a day is refused:
			// the server holds every session to 12 hours.
			exp := strconv.FormatInt(clock.Now().Add(24*time.Hour).Unix(), 10)
			payload := "v1.forgedsessionid." + exp
			long := "campaignwatch_session=" + payload + "." + in.h.sessions.mac(payload)
			if r := tr.send(t, in, "192.0.2.1", "GET", "/ui/", withCookie(long), ""); r.status != http.StatusSeeOther {
				t.Errorf("a session set to last 24 h: %d; want refused", r.status)
			}

			clock.Add(12*time.Hour - time.Minute)
			if r := tr.send(t, in, "192.0.2.1", "GET", "/ui/", withCookie(cookie), ""); r.status != http.StatusOK {
				t.Errorf("11 h 59 min after signing in: %d; want 200", r.status)
			}
			clock.Add(2 * time.Minute)
			if r := tr.send(t, in, "192.0.2.1", "GET", "/ui/", withCookie(cookie), ""); r.status != http.StatusSeeOther {
				t.Errorf("12 h 1 min after signing in, whatever the browser keeps: %d; want 303 to the sign-in form", r.status)
			}
		})
	}
}

func TestLogoutRevokesInEveryInstance(t *testing.T) {
	for _, tr := range uiTransports {
		t.Run(tr.name, func(t *testing.T) {
			clock := newClock()
			dir := t.TempDir()
			a, b := newInstance(t, dir, signInToken, clock), newInstance(t, dir, signInToken, clock)
			cookie, _ := signIn(t, tr, a, "192.0.2.1")
			if r := tr.send(t, b, "192.0.2.1", "GET", "/ui/", withCookie(cookie), ""); r.status != http.StatusOK {
				t.Fatalf("the other instance refuses a fresh session: %d", r.status)
			}
			if r := tr.send(t, a, "192.0.2.1", "POST", "/ui/logout", withCookie(cookie), ""); r.status != http.StatusForbidden {
				t.Errorf("a logout that does not come from the dashboard's pages: %d; want 403", r.status)
			}
			r := tr.send(t, a, "192.0.2.1", "POST", "/ui/logout", withCookie(cookie, "Sec-Fetch-Site", "same-origin"), "")
			c, err := http.ParseSetCookie(r.header.Get("Set-Cookie"))
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/ui/login" || err != nil || c.MaxAge >= 0 || c.Value != "" {
				t.Fatalf("logout: %d to %q, Set-Cookie %q; want 303 to /ui/login clearing the cookie", r.status, r.header.Get("Location"), r.header.Get("Set-Cookie"))
			}
			for _, in := range []*instance{a, b} {
				if r := tr.send(t, in, "192.0.2.1", "GET", "/ui/", withCookie(cookie), ""); r.status != http.StatusSeeOther {
					t.Errorf("a kept copy of the logged-out cookie: %d; want refused by every instance", r.status)
				}
				if r := tr.send(t, in, "192.0.2.1", "GET", "/campaigns", withCookie(cookie), ""); r.status != http.StatusUnauthorized {
					t.Errorf("GET /campaigns with the logged-out cookie: %d; want 401", r.status)
				}
			}
		})
	}
}

func TestCookieStateChangesNeedTheSameOrigin(t *testing.T) {
	for _, tr := range uiTransports {
		t.Run(tr.name, func(t *testing.T) {
			in := newInstance(t, t.TempDir(), signInToken, newClock())
			in.jobs.check = func(context.Context, bool) (*campaign.Report, error) { return sampleReport("check", true), nil }
			cookie, _ := signIn(t, tr, in, "192.0.2.1")
			for _, c := range []struct {
				name   string
				header map[string]string
				want   int
			}{
				{"no Origin, no Sec-Fetch-Site", withCookie(cookie), http.StatusForbidden},
				{"Origin null (Referrer-Policy no-referrer)", withCookie(cookie, "Origin", "null"), http.StatusForbidden},
				{"another site's Origin", withCookie(cookie, "Origin", "https://evil.example"), http.StatusForbidden},
				{"Sec-Fetch-Site cross-site, this host's Origin", withCookie(cookie, "Sec-Fetch-Site", "cross-site", "Origin", "https://watch.example.com"), http.StatusForbidden},
				{"Sec-Fetch-Site same-site", withCookie(cookie, "Sec-Fetch-Site", "same-site"), http.StatusForbidden},
				{"Sec-Fetch-Site same-origin", withCookie(cookie, "Sec-Fetch-Site", "same-origin"), http.StatusOK},
				{"Origin this host", withCookie(cookie, "Origin", "https://watch.example.com"), http.StatusOK},
				{"a bearer token, no Origin", map[string]string{"Authorization": "Bearer " + signInToken}, http.StatusOK},
			} {
				before := len(in.jobs.Calls())
				r := tr.send(t, in, "192.0.2.1", "POST", "/check?dryRun=true", c.header, "")
				if r.status != c.want {
					t.Errorf("%s: POST /check answered %d; want %d", c.name, r.status, c.want)
				}
				if ran := len(in.jobs.Calls()) > before; ran != (c.want == http.StatusOK) {
					t.Errorf("%s: the check ran: %v", c.name, ran)
				}
			}
		})
	}
}

func TestSilenceFormsNeedTheSameOrigin(t *testing.T) {
	for _, tr := range uiTransports {
		t.Run(tr.name, func(t *testing.T) {
			clock := newClock()
			dir := t.TempDir()
			in := newInstanceWithSilences(t, dir, clock)
			cookie, _ := signIn(t, tr, in, "192.0.2.1")
			body := "for=3h&comment=planned+work&campaignIds=233001"
			hd := withCookie(cookie, "Content-Type", "application/x-www-form-urlencoded")
			if r := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences", hd, body); r.status != http.StatusForbidden {
				t.Errorf("a silence form posted without the same origin: %d; want 403", r.status)
			}
			if r := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences", map[string]string{"Sec-Fetch-Site": "same-origin"}, body); r.status != http.StatusSeeOther || r.header.Get("Location") != "/ui/login" {
				t.Errorf("a silence form posted without a session: %d to %q; want 303 to the sign-in form", r.status, r.header.Get("Location"))
			}
			hd["Sec-Fetch-Site"] = "same-origin"
			r := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences", hd, body)
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/ui/silences" {
				t.Fatalf("the silence form: %d to %q; want 303 to /ui/silences", r.status, r.header.Get("Location"))
			}
			list := tr.send(t, in, "192.0.2.1", "GET", "/silences", map[string]string{"Authorization": "Bearer " + signInToken}, "")
			var got struct {
				Silences []struct {
					ID, Comment, CreatedBy string
					CampaignIDs            []string
				}
			}
			if err := json.Unmarshal([]byte(list.body), &got); err != nil || len(got.Silences) != 1 ||
				got.Silences[0].Comment != "planned work" || got.Silences[0].CreatedBy != "dashboard" || len(got.Silences[0].CampaignIDs) != 1 {
				t.Fatalf("GET /silences after the form: %s", list.body)
			}
			id := got.Silences[0].ID
			if r := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences/"+id+"/expire", withCookie(cookie), ""); r.status != http.StatusForbidden {
				t.Errorf("ending a silence without the same origin: %d; want 403", r.status)
			}
			if r := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences/"+id+"/expire", hd, ""); r.status != http.StatusSeeOther {
				t.Errorf("ending the silence: %d; want 303", r.status)
			}
			if r := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences/no-such-id/expire", hd, ""); r.status != http.StatusNotFound {
				t.Errorf("ending an unknown silence: %d; want 404", r.status)
			}
			page := tr.send(t, in, "192.0.2.1", "POST", "/ui/silences", hd, "for=3h&comment=")
			if page.status != http.StatusBadRequest || !strings.Contains(page.body, "Why: say why") || !strings.Contains(page.body, "Channels: choose at least one") {
				t.Errorf("a form without comment or matcher: %d, want 400 naming both:\n%s", page.status, page.body)
			}
		})
	}
}
