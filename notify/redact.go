package notify

import (
	"context"
	"errors"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Redacted is what a secret is replaced with.
const Redacted = "[REDACTED]"

// minSecretLen is the shortest string redacted: shorter "secrets" would
// blot out ordinary words and protect nothing.
const minSecretLen = 6

// runLen is the shortest run of a secret's bytes that a Redactor hides
// wherever it appears: a piece of a token cut short by an excerpt, a
// quote or a log line's limit is still hidden once runLen of its bytes
// are left. Shorter pieces carry too little of a secret to matter, and
// matching them would blot out ordinary text.
const runLen = 12

// Redactor hides a fixed set of secrets in text and errors. Build one from
// every configured secret (webhook URLs, signing secrets, access keys,
// tokens) and pass every error, log line and report through it, before
// anything cuts the text short.
//
// It hides every run of runLen or more bytes of a secret, wherever the run
// starts or ends, and a shorter secret (from 6 bytes) where it appears
// whole. A webhook URL is hidden whole, and its secret parts are secrets
// in their own right: its query values (DingTalk's access_token, WeCom's
// key), the end of its path from the last segment back over the segments
// that carry digits (Slack's T…/B…/token, Feishu's hook id), and a
// password. Its public skeleton (scheme, host, fixed path words, parameter
// names) is not, so that advice such as "the access_token in
// DINGTALK_WEBHOOK_URL" stays readable; but a run that mixes skeleton and
// secret bytes, such as "access_token=3f9a1", hides the secret bytes. Every
// secret is also matched URL-escaped (upper- and lower-case hex).
//
// Matching is precomputed: String costs one pass over the text with a
// rolling hash, plus one search per secret shorter than runLen. Add
// registers more secrets (rebuilding the tables once per call that brings
// a new one). The zero value and nil hide nothing. It is safe for
// concurrent use.
//
// Process is the process's one Redactor: the configuration registers its
// secrets there as it loads, and whatever leaves the process passes it.
type Redactor struct {
	mu      sync.Mutex
	secrets []string
	seen    map[string]bool
	t       atomic.Pointer[table]
}

// process is Process's Redactor.
var process Redactor

// Process returns the process's one Redactor, which only grows: every
// secret of every configuration loaded (config.LoadFile and config.Rescue
// register them: access keys, tokens, webhook URLs and secrets, and every
// value a ${NAME} of the file put in) and of every notifier built. Logs,
// errors, reports, problem lines and every post's body pass it.
func Process() *Redactor { return &process }

// Add registers more secrets; empty strings and those shorter than 6
// bytes are ignored.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	grew := false
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if len(s) < minSecretLen || r.seen[s] {
			continue
		}
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		r.seen[s] = true
		r.secrets = append(r.secrets, s)
		grew = true
	}
	if grew {
		r.t.Store(newTable(r.secrets))
	}
}

// table is a Redactor's precomputed matching of a fixed set of secrets.
type table struct {
	// exact are forms shorter than runLen hidden only whole, longest first.
	exact []string
	// windows maps each runLen-byte window of a secret's forms that holds
	// secret bytes, and the first window of each longer form hidden only
	// whole, to what a match means.
	windows map[string]window
	// filter is a bit set over the windows' hashes, to skip the map for
	// almost every window of ordinary text.
	filter []uint64
	shift  uint
}

// window is what a runLen-byte window of text that matches means.
type window struct {
	// secret marks the window's secret bytes (bit i: byte i).
	secret uint16
	// whole are forms hidden whole (URLs) when the text goes on with them.
	whole []string
}

// Rolling hash of a runLen-byte window: sum of b[i]·hashBase^(runLen-1-i).
const hashBase = 1099511628211 // FNV-64 prime: odd, bytes mix well

// hashPow is hashBase^(runLen-1), the weight of a window's first byte.
var hashPow = func() uint64 {
	p := uint64(1)
	for range runLen - 1 {
		p *= hashBase
	}
	return p
}()

// NewRedactor returns a Redactor for secrets; empty strings are ignored.
// Outside tests, prefer Process, so that every secret is hidden
// everywhere.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

func newTable(secrets []string) *table {
	b := builder{seenExact: map[string]bool{}, grams: map[string]uint16{}}
	for _, s := range secrets {
		b.addSecret(s)
	}
	r := &table{}
	windows := map[string]window{}
	for g, m := range b.grams {
		windows[g] = window{secret: m}
	}
	for _, e := range b.exact {
		if len(e) < runLen {
			r.exact = append(r.exact, e)
			continue
		}
		w := windows[e[:runLen]]
		w.whole = append(w.whole, e)
		windows[e[:runLen]] = w
	}
	slices.SortFunc(r.exact, func(x, y string) int { return len(y) - len(x) })
	if len(windows) == 0 {
		return r
	}
	r.windows = windows
	// 32 bits per window: a false hit (costing a map look-up) for about
	// one window of ordinary text in 32.
	n := bits.Len(uint(32*len(windows) - 1)) // log2, rounded up
	n = min(max(n, 12), 24)
	r.filter = make([]uint64, 1<<n/64)
	r.shift = uint(64 - n)
	for g := range windows {
		i := r.slot(hashOf(g))
		r.filter[i/64] |= 1 << (i % 64)
	}
	return r
}

// slot maps a window's hash to its bit in filter.
func (r *table) slot(h uint64) uint64 { return (h * 0x9E3779B97F4A7C15) >> r.shift }

func hashOf(w string) uint64 {
	var h uint64
	for i := 0; i < len(w); i++ {
		h = h*hashBase + uint64(w[i])
	}
	return h
}

// String returns s with every secret replaced by "[REDACTED]": each
// stretch of secret bytes (widened to whole UTF-8 characters) becomes one
// "[REDACTED]". Text without secrets is returned as it is, without
// allocating.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	t := r.t.Load()
	if t == nil {
		return s
	}
	return t.string(s)
}

func (r *table) string(s string) string {
	if len(r.exact) == 0 && r.filter == nil {
		return s
	}
	var hide []uint64 // bit i: byte i of s is hidden; nil until one is
	mark := func(i int) {
		if hide == nil {
			hide = make([]uint64, (len(s)+63)/64)
		}
		hide[i/64] |= 1 << (i % 64)
	}
	for _, e := range r.exact {
		for off := 0; ; {
			i := strings.Index(s[off:], e)
			if i < 0 {
				break
			}
			for k := off + i; k < off+i+len(e); k++ {
				mark(k)
			}
			off += i + 1
		}
	}
	if r.filter != nil && len(s) >= runLen {
		var h uint64
		for i := range runLen {
			h = h*hashBase + uint64(s[i])
		}
		for i := 0; ; i++ {
			if slot := r.slot(h); r.filter[slot/64]&(1<<(slot%64)) != 0 {
				w := r.windows[s[i:i+runLen]]
				for k := range runLen {
					if w.secret&(1<<k) != 0 {
						mark(i + k)
					}
				}
				for _, e := range w.whole {
					if strings.HasPrefix(s[i:], e) {
						for k := i; k < i+len(e); k++ {
							mark(k)
						}
					}
				}
			}
			if i+runLen >= len(s) {
				break
			}
			h = (h-uint64(s[i])*hashPow)*hashBase + uint64(s[i+runLen])
		}
	}
	if hide == nil {
		return s
	}
	hidden := func(i int) bool { return hide[i/64]&(1<<(i%64)) != 0 }
	var out strings.Builder
	out.Grow(len(s))
	last := 0 // s[:last] is written
	for i := 0; i < len(s); {
		if !hidden(i) {
			i++
			continue
		}
		// Hide whole characters: widen the stretch to their bounds.
		from := i
		for from > last && !utf8.RuneStart(s[from]) {
			from--
		}
		to := i
		for to < len(s) && (hidden(to) || !utf8.RuneStart(s[to])) {
			to++
		}
		out.WriteString(s[last:from])
		out.WriteString(Redacted)
		last, i = to, to
	}
	out.WriteString(s[last:])
	return out.String()
}

// bytes is String for a body read from the network: b itself when it holds
// no secret.
func (r *Redactor) bytes(b []byte) []byte {
	s := string(b)
	if red := r.String(s); red != s {
		return []byte(red)
	}
	return b
}

// Error returns err with its text redacted. When redaction changes the
// text, the result is a new *campaign.Error of the same kind that drops the
// cause chain (so that no unwrapped cause can leak the secret), except that
// context cancellation and deadline errors stay detectable with errors.Is.
// nil stays nil; an error without secrets is returned as it is.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := r.String(msg)
	if red == msg {
		return err
	}
	var cause error
	switch {
	case errors.Is(err, context.Canceled):
		cause = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		cause = context.DeadlineExceeded
	}
	return &campaign.Error{Kind: campaign.KindOf(err), Msg: red, Err: cause}
}
