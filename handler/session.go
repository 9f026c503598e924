package handler

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// sessionCookie is the dashboard's session cookie.
const sessionCookie = "campaignwatch_session"

// sessionLifetime is the longest a session lasts: the cookie's Max-Age,
// and what the server accepts whatever a browser keeps.
const sessionLifetime = 12 * time.Hour

// sessionKeyInfo names what the key derived from the token is for, so
// that it is never the key of anything else.
const sessionKeyInfo = "campaignwatch dashboard session cookie v1"

// session is a signed-in browser: a random id and its expiry.
type session struct {
	ID      string
	Expires time.Time
}

// sessions mints and checks session cookies. A cookie is
// "v1.<id>.<expiry unix>.<mac>", the mac an HMAC-SHA256 under a key
// derived (HKDF) from the token: changing the token makes every cookie's
// mac wrong, which signs everyone out. A logout is recorded in the store
// (campaign.Sessions), so that every instance refuses that cookie after.
type sessions struct {
	key   []byte // nil: no token, no session is valid
	store campaign.Sessions
	now   func() time.Time
}

func newSessions(token string, store campaign.Sessions, now func() time.Time) *sessions {
	s := &sessions{store: store, now: now}
	if token != "" {
		// HKDF with SHA-256 cannot fail for a 32-byte key.
		s.key, _ = hkdf.Key(sha256.New, []byte(token), nil, sessionKeyInfo, 32)
	}
	if s.store == nil {
		s.store = &memorySessions{revoked: map[string]bool{}}
	}
	return s
}

func (s *sessions) mac(payload string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// mint starts a session and returns it with its cookie.
func (s *sessions) mint() (session, *http.Cookie) {
	var b [18]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	ss := session{ID: base64.RawURLEncoding.EncodeToString(b[:]), Expires: s.now().Add(sessionLifetime).Truncate(time.Second)}
	payload := "v1." + ss.ID + "." + strconv.FormatInt(ss.Expires.Unix(), 10)
	return ss, sessionCookieOf(payload+"."+s.mac(payload), int(sessionLifetime/time.Second))
}

// sessionCookieOf is the session cookie with its flags; maxAge < 0
// clears it.
func sessionCookieOf(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode}
}

// check returns the session of a cookie value. ok is false for a value
// that is malformed, signed under another key, expired, set to last
// longer than sessionLifetime, or revoked; err is set (ok false) when the
// store could not say whether it was revoked.
func (s *sessions) check(ctx context.Context, value string) (ss session, ok bool, err error) {
	if s.key == nil || value == "" {
		return session{}, false, nil
	}
	parts := strings.Split(value, ".")
	if len(parts) != 4 || parts[0] != "v1" {
		return session{}, false, nil
	}
	payload := parts[0] + "." + parts[1] + "." + parts[2]
	if !hmac.Equal([]byte(parts[3]), []byte(s.mac(payload))) {
		return session{}, false, nil
	}
	exp, perr := strconv.ParseInt(parts[2], 10, 64)
	if perr != nil {
		return session{}, false, nil
	}
	ss = session{ID: parts[1], Expires: time.Unix(exp, 0)}
	now := s.now()
	if !now.Before(ss.Expires) || ss.Expires.Sub(now) > sessionLifetime {
		return session{}, false, nil
	}
	revoked, err := s.store.SessionRevoked(ctx, ss.ID, ss.Expires)
	if err != nil {
		return session{}, false, err
	}
	return ss, !revoked, nil
}

// cookieValue returns the value of the session cookie a request carries.
func cookieValue(h http.Header, name string) string {
	r := http.Request{Header: http.Header{"Cookie": h.Values("Cookie")}}
	if c, err := r.Cookie(name); err == nil {
		return c.Value
	}
	return ""
}

// memorySessions keeps revocations in this process only: for a Handler
// built without a store (unit tests of the other routes). The product
// always passes the snapshot store.
type memorySessions struct {
	mu      sync.Mutex
	revoked map[string]bool
}

func (m *memorySessions) RevokeSession(_ context.Context, id string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.revoked[id] = true
	return nil
}

func (m *memorySessions) SessionRevoked(_ context.Context, id string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.revoked[id], nil
}
