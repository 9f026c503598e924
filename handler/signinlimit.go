package handler

import (
	"sync"
	"time"
)

// Wrong tokens at the sign-in form: more than signInTries in signInWindow
// from one address, and the address is refused (429) for signInBlock.
// Hand-written: golang.org/x/time/rate is a token bucket, which lets a
// guesser go on at its refill rate; this is a window with a lock-out, as
// the dashboard promises. The state is per process: each Function Compute
// instance counts on its own.
const (
	signInTries  = 5
	signInWindow = time.Minute
	signInBlock  = time.Minute
	// signInAddrs bounds the addresses remembered; past it, the entries
	// that no longer matter are dropped first, then the oldest.
	signInAddrs = 10000
)

type signInLimit struct {
	mu    sync.Mutex
	addrs map[string]*signInAddr
}

type signInAddr struct {
	fails        []time.Time
	blockedUntil time.Time
}

func newSignInLimit() *signInLimit { return &signInLimit{addrs: map[string]*signInAddr{}} }

// blocked returns how long addr is still refused, 0 when it is not.
func (l *signInLimit) blocked(addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if a := l.addrs[addr]; a != nil && now.Before(a.blockedUntil) {
		return a.blockedUntil.Sub(now)
	}
	return 0
}

// fail records a wrong token from addr; it reports whether addr is now
// refused.
func (l *signInLimit) fail(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.addrs[addr]
	if a == nil {
		if len(l.addrs) >= signInAddrs {
			l.sweep(now)
		}
		a = &signInAddr{}
		l.addrs[addr] = a
	}
	kept := a.fails[:0]
	for _, t := range a.fails {
		if now.Sub(t) < signInWindow {
			kept = append(kept, t)
		}
	}
	a.fails = append(kept, now)
	if len(a.fails) >= signInTries {
		a.blockedUntil = now.Add(signInBlock)
		a.fails = a.fails[:0]
		return true
	}
	return false
}

// succeed forgets addr's wrong tokens.
func (l *signInLimit) succeed(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.addrs, addr)
}

// sweep drops the entries that neither block nor count any more; if all
// still matter, it drops them all but the blocked ones.
func (l *signInLimit) sweep(now time.Time) {
	for k, a := range l.addrs {
		if !now.Before(a.blockedUntil) && (len(a.fails) == 0 || now.Sub(a.fails[len(a.fails)-1]) >= signInWindow) {
			delete(l.addrs, k)
		}
	}
	if len(l.addrs) < signInAddrs {
		return
	}
	for k, a := range l.addrs {
		if !now.Before(a.blockedUntil) {
			delete(l.addrs, k)
		}
	}
}
