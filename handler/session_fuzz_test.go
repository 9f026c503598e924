package handler

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzSessionCookie: any cookie value a browser (or anyone) sends is read
// without panicking, and a value is taken only in the one form this server
// mints: "v1.<id>.<expiry>.<mac of the rest>", the expiry in plain digits
// within 12 hours; no other spelling of a session passes.
func FuzzSessionCookie(f *testing.F) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	s := newSessions("fuzz-token-0123456789abcdef0123", nil, func() time.Time { return now })
	_, c := s.mint()
	f.Add(c.Value)
	f.Add("v1.x.1796647945.abc")
	f.Add("v1...")
	f.Add(strings.Repeat(".", 300))
	f.Fuzz(func(t *testing.T, v string) {
		ss, ok, err := s.check(context.Background(), v)
		if err != nil {
			t.Fatalf("check(%q): %v", v, err)
		}
		if !ok {
			return
		}
		payload := "v1." + ss.ID + "." + strconv.FormatInt(ss.Expires.Unix(), 10)
		if v != payload+"."+s.mac(payload) || ss.Expires.Sub(now) > sessionLifetime || !ss.Expires.After(now) {
			t.Fatalf("check took %q, which is not a session this server mints", v)
		}
	})
}
