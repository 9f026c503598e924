package handler

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// queryTokenNames are query parameters that look like a credential. A
// protected route refuses a request carrying one, even with a good header:
// tokens in URLs end up in access logs and browser histories.
var queryTokenNames = map[string]bool{
	"token": true, "access_token": true, "accesstoken": true, "auth": true, "auth_token": true,
	"authorization": true, "bearer": true, "apikey": true, "api_key": true, "http_auth_token": true,
}

// queryCredential reports whether req's query carries a parameter that
// looks like a credential (queryTokenNames).
func queryCredential(req *request) bool {
	for k := range req.Query {
		if queryTokenNames[strings.ToLower(k)] {
			return true
		}
	}
	return false
}

// tokenMatches reports whether s, trimmed, is the configured token. The
// comparison takes the same time whatever s's content or length.
func (h *Handler) tokenMatches(s string) bool {
	got := sha256.Sum256([]byte(strings.TrimSpace(s)))
	want := sha256.Sum256([]byte(h.token))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// authorize returns "" when req carries "Authorization: Bearer <token>"
// with the configured token, else the reason for the 401.
func (h *Handler) authorize(req *request) string {
	if queryCredential(req) {
		return "credentials in the query string are refused; send the header Authorization: Bearer <token> and leave them out of the URL"
	}
	if h.token == "" {
		return "protected routes are disabled: this deployment configures no bearer token; configure one and send Authorization: Bearer <token>"
	}
	header := req.Header.Get("Authorization")
	if header == "" {
		return "missing Authorization header; send Authorization: Bearer <token>, the bearer token the deployment configures"
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "the Authorization header must use the Bearer scheme: Authorization: Bearer <token>"
	}
	if !h.tokenMatches(token) {
		return "wrong bearer token; send Authorization: Bearer <token> with the bearer token the deployment configures"
	}
	return ""
}

// authorizeRoute admits a request to a protected route, or answers why
// not: a bearer token (authorize), else a dashboard session cookie; a
// POST or DELETE admitted by the cookie alone must come from the
// dashboard's own pages (403 otherwise), so that another site cannot make
// a signed-in browser change anything.
func (h *Handler) authorizeRoute(ctx context.Context, req *request) *response {
	if req.Header.Get("Authorization") == "" && cookieValue(req.Header, sessionCookie) != "" {
		if queryCredential(req) {
			return h.unauthorized(h.authorize(req))
		}
		_, ok, err := h.sessionOf(ctx, req)
		switch {
		case err != nil:
			h.log.ErrorContext(ctx, "dashboard session", "error", h.redact(err.Error()))
			return h.errorResponse(http.StatusServiceUnavailable, "the session store could not be read; try again, or send Authorization: Bearer <token>")
		case !ok:
			return h.unauthorized("the dashboard session has ended (signed out, expired, or the token changed); sign in again at /ui/login, or send Authorization: Bearer <token>")
		case (req.Method == http.MethodPost || req.Method == http.MethodDelete) && !sameOrigin(req, h.publicURL):
			return h.errorResponse(http.StatusForbidden, "a request that changes something, authorized by the dashboard's session cookie, must come from the dashboard's own pages; scripts send Authorization: Bearer <token>")
		}
		return nil
	}
	if reason := h.authorize(req); reason != "" {
		return h.unauthorized(reason)
	}
	return nil
}

func (h *Handler) unauthorized(reason string) *response {
	resp := h.errorResponse(http.StatusUnauthorized, reason)
	resp.Header.Set("WWW-Authenticate", `Bearer realm="campaignwatch"`)
	return resp
}
