package handler

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"
)

// queryTokenNames are query parameters that look like a credential. A
// protected route refuses a request carrying one, even with a good header:
// tokens in URLs end up in access logs and browser histories.
var queryTokenNames = map[string]bool{
	"token": true, "access_token": true, "accesstoken": true, "auth": true, "auth_token": true,
	"authorization": true, "bearer": true, "apikey": true, "api_key": true, "http_auth_token": true,
}

// authorize returns "" when req carries "Authorization: Bearer <token>"
// with the configured token, else the reason for the 401. The comparison
// takes the same time whatever the token's content or length.
func (h *Handler) authorize(req *request) string {
	for k := range req.Query {
		if queryTokenNames[strings.ToLower(k)] {
			return "credentials in the query string are refused; send the header Authorization: Bearer <token> and leave them out of the URL"
		}
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
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	want := sha256.Sum256([]byte(h.token))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return "wrong bearer token; send Authorization: Bearer <token> with the bearer token the deployment configures"
	}
	return ""
}
