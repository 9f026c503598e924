package handler

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/dashboard"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// langCookie remembers the language a reader chose with ?lang=.
const langCookie = "campaignwatch_lang"

// contentSecurityPolicy allows the pages nothing but this origin's own
// stylesheet and images (there is no script at all), no framing, and
// forms that post only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// isUIPath reports whether p is the dashboard's: "/", "/ui" or under "/ui/".
func isUIPath(p string) bool { return p == "/" || p == "/ui" || strings.HasPrefix(p, "/ui/") }

// serveUI answers the dashboard's addresses: the sign-in form and its
// post, the sign-out, the assets (no session needed), and the pages
// (a session needed, else 303 to the form).
func (h *Handler) serveUI(ctx context.Context, req *request) *response {
	if h.dash == nil {
		return h.errorResponse(http.StatusNotFound, "the dashboard is not served by this handler")
	}
	if req.queryErr != nil {
		req.Query = map[string]string{}
	}
	switch {
	case req.Path == "/" || req.Path == "/ui":
		return uiRedirect("/ui/")
	case strings.HasPrefix(req.Path, "/ui/assets/"):
		return h.asset(req)
	case req.Path == "/ui/login":
		return h.login(ctx, req)
	case req.Path == "/ui/logout":
		return h.logout(ctx, req)
	case req.Method == http.MethodPost && isSilencePost(req.Path):
		return h.uiPost(ctx, req)
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return uiMethodNotAllowed("GET")
	}
	_, ok, err := h.sessionOf(ctx, req)
	if err != nil {
		h.log.ErrorContext(ctx, "dashboard session", "error", h.redact(err.Error()))
		return h.uiPage(req, h.dash.Unavailable(h.uiLang(req)), nil)
	}
	if !ok {
		return uiRedirect("/ui/login")
	}
	l := h.uiLang(req)
	return h.uiPage(req, h.dash.Serve(ctx, dashboard.Request{Path: req.Path, Query: req.Query, Lang: l}), nil)
}

// isSilencePost reports whether p is a form's target: /ui/silences (add
// one) or /ui/silences/{id}/expire.
func isSilencePost(p string) bool {
	if p == "/ui/silences" {
		return true
	}
	id, ok := strings.CutSuffix(strings.TrimPrefix(p, "/ui/silences/"), "/expire")
	return ok && id != "" && !strings.Contains(id, "/") && strings.HasPrefix(p, "/ui/silences/")
}

// uiPost answers the silence forms: a session is needed (303 to the
// sign-in form without one) and the post must come from the dashboard's
// own pages (403 otherwise).
func (h *Handler) uiPost(ctx context.Context, req *request) *response {
	_, ok, err := h.sessionOf(ctx, req)
	switch {
	case err != nil:
		h.log.ErrorContext(ctx, "dashboard session", "error", h.redact(err.Error()))
		return h.uiPage(req, h.dash.Unavailable(h.uiLang(req)), nil)
	case !ok:
		return uiRedirect("/ui/login")
	case !sameOrigin(req, h.publicURL):
		return h.uiForbidden(req)
	}
	if resp := h.takeBody(req); resp != nil {
		return resp
	}
	form, err := url.ParseQuery(string(req.Body))
	if err != nil {
		return h.errorResponse(http.StatusBadRequest, "the form could not be read: "+err.Error())
	}
	r := dashboard.Request{Path: "/ui/silences", Query: req.Query, Lang: h.uiLang(req)}
	var p dashboard.Response
	if req.Path == "/ui/silences" {
		p = h.dash.AddSilence(ctx, r, form)
	} else {
		id := strings.TrimSuffix(strings.TrimPrefix(req.Path, "/ui/silences/"), "/expire")
		p = h.dash.ExpireSilence(ctx, r, id)
	}
	if p.Status == http.StatusSeeOther {
		return uiRedirect(p.Location)
	}
	return h.uiPage(req, p, nil)
}

// uiLang is the page's language; see dashboard.Language.
func (h *Handler) uiLang(req *request) *catalog.Lang {
	return h.dash.Language(req.Query["lang"], cookieValue(req.Header, langCookie), req.Header.Get("Accept-Language"))
}

// sessionOf returns the request's session, if its cookie holds a valid one.
func (h *Handler) sessionOf(ctx context.Context, req *request) (session, bool, error) {
	return h.sessions.check(ctx, cookieValue(req.Header, sessionCookie))
}

// uiPage answers a rendered page with the dashboard's headers; a ?lang=
// that names a language is remembered in a cookie; set is a cookie to
// set instead (sign-in and sign-out set the session's).
func (h *Handler) uiPage(req *request, p dashboard.Response, set *http.Cookie) *response {
	resp := &response{Status: p.Status, Header: http.Header{"Content-Type": {p.ContentType}}, Body: p.Body}
	if req.Method == http.MethodHead {
		resp.Body = nil
	}
	uiHeaders(resp.Header)
	if set == nil {
		if l, ok := catalog.Lookup(req.Query["lang"]); ok {
			set = &http.Cookie{Name: langCookie, Value: l.Tag, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
		}
	}
	if set != nil {
		resp.Header.Set("Set-Cookie", set.String())
	}
	return resp
}

// uiHeaders are the headers of every dashboard answer.
func uiHeaders(hd http.Header) {
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	if hd.Get("Cache-Control") == "" {
		hd.Set("Cache-Control", "no-store")
	}
}

func uiRedirect(to string) *response {
	resp := &response{Status: http.StatusSeeOther, Header: http.Header{"Location": {to}, "Content-Type": {"text/plain; charset=utf-8"}}}
	uiHeaders(resp.Header)
	return resp
}

func uiMethodNotAllowed(allow string) *response {
	resp := textResponse(http.StatusMethodNotAllowed, "text/plain; charset=utf-8", []byte("method not allowed; use "+allow+"\n"))
	resp.Header.Set("Allow", allow)
	uiHeaders(resp.Header)
	return resp
}

func (h *Handler) asset(req *request) *response {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return uiMethodNotAllowed("GET")
	}
	a, ok := dashboard.Asset(req.Path)
	if !ok {
		resp := textResponse(http.StatusNotFound, "text/plain; charset=utf-8", []byte("no such asset\n"))
		uiHeaders(resp.Header)
		return resp
	}
	resp := &response{Status: http.StatusOK, Header: http.Header{"Content-Type": {a.ContentType},
		"Cache-Control": {"public, max-age=3600"}}, Body: a.Body}
	uiHeaders(resp.Header)
	return resp
}

// login shows the sign-in form (GET) or signs in (POST, field token):
// the right token answers 303 to /ui/ with a new session's cookie; a
// wrong one 401 and the form again; an address past its wrong tokens
// 429 for a minute, whatever it sends.
func (h *Handler) login(ctx context.Context, req *request) *response {
	l := h.uiLang(req)
	switch req.Method {
	case http.MethodGet, http.MethodHead:
		if h.token == "" {
			return h.uiPage(req, h.dash.Login(l, http.StatusOK, dashboard.LoginDisabled), nil)
		}
		return h.uiPage(req, h.dash.Login(l, http.StatusOK, dashboard.LoginFresh), nil)
	case http.MethodPost:
	default:
		return uiMethodNotAllowed("GET, POST")
	}
	if crossSite(req, h.publicURL) {
		return h.uiForbidden(req)
	}
	now := h.now()
	if wait := h.signIn.blocked(req.Client, now); wait > 0 {
		resp := h.uiPage(req, h.dash.Login(l, http.StatusTooManyRequests, dashboard.LoginTooManyTries), nil)
		resp.Header.Set("Retry-After", strconv.Itoa(int((wait+999999999)/1e9)))
		return resp
	}
	if resp := h.takeBody(req); resp != nil {
		return resp
	}
	if h.token == "" {
		return h.uiPage(req, h.dash.Login(l, http.StatusUnauthorized, dashboard.LoginDisabled), nil)
	}
	form, _ := url.ParseQuery(string(req.Body)) // a malformed body is a wrong token
	if !h.tokenMatches(form.Get("token")) {
		h.log.WarnContext(ctx, "dashboard sign-in refused: wrong token", "client", req.Client)
		if h.signIn.fail(req.Client, now) {
			h.log.WarnContext(ctx, "dashboard sign-in: too many wrong tokens; the address is refused for a minute", "client", req.Client)
		}
		return h.uiPage(req, h.dash.Login(l, http.StatusUnauthorized, dashboard.LoginWrongToken), nil)
	}
	h.signIn.succeed(req.Client)
	_, cookie := h.sessions.mint()
	resp := uiRedirect("/ui/")
	resp.Header.Set("Set-Cookie", cookie.String())
	return resp
}

// logout ends the session: the store records it revoked (every instance
// refuses the cookie from then on) and the cookie is cleared.
func (h *Handler) logout(ctx context.Context, req *request) *response {
	if req.Method != http.MethodPost {
		return uiMethodNotAllowed("POST")
	}
	ss, ok, err := h.sessionOf(ctx, req)
	if err != nil {
		h.log.ErrorContext(ctx, "dashboard session", "error", h.redact(err.Error()))
		return h.errorResponse(http.StatusServiceUnavailable, "the session store could not be read; try again")
	}
	if ok {
		if !sameOrigin(req, h.publicURL) {
			return h.uiForbidden(req)
		}
		if err := h.sessions.store.RevokeSession(ctx, ss.ID, ss.Expires); err != nil {
			h.log.ErrorContext(ctx, "dashboard sign-out could not be recorded", "error", h.redact(err.Error()))
			return h.errorResponse(http.StatusServiceUnavailable, "the sign-out could not be recorded in the store; try again")
		}
	}
	resp := uiRedirect("/ui/login")
	resp.Header.Set("Set-Cookie", sessionCookieOf("", -1).String())
	return resp
}

func (h *Handler) uiForbidden(req *request) *response {
	resp := h.errorResponse(http.StatusForbidden, "a request that changes something must come from the dashboard's own pages")
	uiHeaders(resp.Header)
	return resp
}

// sameOrigin reports whether a request comes from the dashboard's own
// pages: the browser says so (Sec-Fetch-Site: same-origin), or its Origin
// is this host's (or PUBLIC_URL's) and the browser does not say
// otherwise. The pages' Referrer-Policy makes
// browsers send "Origin: null" on their posts, so Sec-Fetch-Site is what
// current browsers prove it with.
func sameOrigin(req *request, publicURL string) bool {
	switch req.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "":
	default:
		return false // the browser says it is not
	}
	o, err := url.Parse(req.Header.Get("Origin"))
	if err != nil || o.Host == "" {
		return false
	}
	if host := req.Header.Get("Host"); host != "" && strings.EqualFold(o.Host, host) {
		return true
	}
	if p, err := url.Parse(publicURL); err == nil && p.Host != "" && strings.EqualFold(p.Host, o.Host) && p.Scheme == o.Scheme {
		return true
	}
	return false
}

// crossSite reports whether the browser says a post came from another
// site: the sign-in form refuses those, so that no other page can sign a
// browser in under a session of its choosing. A post without either
// header (a script, curl) is not refused here: it still needs the token.
func crossSite(req *request, publicURL string) bool {
	switch req.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return true
	}
	if o := req.Header.Get("Origin"); o == "" || o == "null" {
		return false
	}
	return !sameOrigin(req, publicURL)
}
