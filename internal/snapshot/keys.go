package snapshot

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Object keys, relative to the store's root (the file:// directory or the
// oss:// prefix). Numbers are zero-padded so that lexical order is numeric
// order.
const (
	genDir    = "gen/"
	dataDir   = "data/"
	outboxDir = "outbox/"
	alertDir  = "alert/"
	delivDir  = "deliv/"
	doneDir   = "done/"
	probeDir  = "probe/"
)

func genKey(gen int64) string { return fmt.Sprintf("%s%020d.json", genDir, gen) }

func dataKey(gen int64, token string) string {
	return fmt.Sprintf("%s%020d-%s.snap", dataDir, gen, token)
}

// outboxKey marks generation gen, committed with token, as carrying an
// alert; it is written before the commit, so no committed alert lacks one.
func outboxKey(gen int64, token string) string {
	return fmt.Sprintf("%s%020d-%s", outboxDir, gen, token)
}

func alertKey(id string) string { return alertDir + escape(id) + ".json" }

func delivPrefix(alertID, receiver string) string {
	return delivDir + escape(alertID) + "/" + escape(receiver) + "/"
}

func claimKey(alertID, receiver string, seq int) string {
	return fmt.Sprintf("%sclaim-%06d.json", delivPrefix(alertID, receiver), seq)
}

func ackKey(alertID, receiver string, index int) string {
	return fmt.Sprintf("%sack-%04d", delivPrefix(alertID, receiver), index)
}

func doneKey(alertID, receiver string) string {
	return doneDir + escape(alertID) + "/" + escape(receiver)
}

// parseGenKey parses "gen/<20 digits>.json".
func parseGenKey(key string) (int64, bool) {
	s, ok := strings.CutPrefix(key, genDir)
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, ".json")
	if !ok || len(s) != 20 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// parseTokenKey parses "<dir><20 digits>-<token><suffix>" (data objects and
// outbox marks).
func parseTokenKey(key, dir, suffix string) (gen int64, token string, ok bool) {
	s, ok1 := strings.CutPrefix(key, dir)
	s, ok2 := strings.CutSuffix(s, suffix)
	g, t, ok3 := strings.Cut(s, "-")
	if !ok1 || !ok2 || !ok3 || len(g) != 20 || !validToken(t) {
		return 0, "", false
	}
	n, err := strconv.ParseInt(g, 10, 64)
	return n, t, err == nil && n > 0
}

// parseNumbered parses "<prefix><digits><suffix>", as in claim-000003.json.
func parseNumbered(name, prefix, suffix string) (int, bool) {
	s, ok1 := strings.CutPrefix(name, prefix)
	s, ok2 := strings.CutSuffix(s, suffix)
	if !ok1 || !ok2 || s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// escape makes an alert id or receiver id safe as one key segment on every
// backend: bytes outside [A-Za-z0-9_-] become ~XX, so "." and "/" never
// reach a path and distinct ids stay distinct.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "~%02X", c)
	}
	return b.String()
}

// unescape reverses escape; ok is false for text escape cannot produce.
func unescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '~' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), true
}

// newToken returns 16 random hex digits, unique per write attempt.
func newToken() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
