package camsemu

import (
	"slices"
	"sync"
	"time"
)

// Stats counts the calls a Server received.
type Stats struct {
	// Calls is every request received, refused ones included.
	Calls int
	// Refused counts requests refused for their signature, credentials or
	// parameters.
	Refused int
	// MaxQPS is the most calls received within any one second: a sliding
	// window over arrival times, not whole clock seconds.
	MaxQPS int
	// PerSecond counts calls by whole seconds since the first call.
	PerSecond []int
	// First is when the first call arrived (zero when none did); the
	// performance bench reads the time from a process's start to it.
	First time.Time
	// Last is when the last answer was sent (zero when none was); the
	// performance bench reads the time from it to a process's exit.
	Last time.Time
	// MaxInFlight is the most calls being answered at once.
	MaxInFlight int
}

type stats struct {
	arrivals    []time.Time
	refused     int
	inFlight    int
	maxInFlight int
	lastEnd     time.Time
}

// begin records a call's arrival; the returned func records its end.
func (s *Server) begin() (end func()) {
	s.mu.Lock()
	s.stats.arrivals = append(s.stats.arrivals, time.Now())
	s.stats.inFlight++
	s.stats.maxInFlight = max(s.stats.maxInFlight, s.stats.inFlight)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.stats.inFlight--
		s.stats.lastEnd = time.Now()
		s.mu.Unlock()
	}
}

// Stats returns the counters since the server started or ResetStats.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	arr := append([]time.Time(nil), s.stats.arrivals...)
	out := Stats{Calls: len(arr), Refused: s.stats.refused, MaxInFlight: s.stats.maxInFlight, Last: s.stats.lastEnd}
	s.mu.Unlock()

	// Arrivals are recorded under the lock in time order, but handlers
	// race for it: sort to be safe of a few out-of-order entries.
	slices.SortFunc(arr, time.Time.Compare)
	lo := 0
	for hi := range arr {
		for arr[hi].Sub(arr[lo]) >= time.Second {
			lo++
		}
		out.MaxQPS = max(out.MaxQPS, hi-lo+1)
	}
	if len(arr) > 0 {
		out.First = arr[0]
		out.PerSecond = make([]int, int(arr[len(arr)-1].Sub(arr[0])/time.Second)+1)
		for _, t := range arr {
			out.PerSecond[int(t.Sub(arr[0])/time.Second)]++
		}
	}
	return out
}

// ResetStats sets the counters back to zero.
func (s *Server) ResetStats() {
	s.mu.Lock()
	s.stats = stats{inFlight: s.stats.inFlight}
	s.mu.Unlock()
}

// nonceCache remembers signature nonces for twice the date skew allowed,
// after which a replay is refused for its date anyway.
type nonceCache struct {
	mu     sync.Mutex
	seen   map[string]time.Time
	pruned time.Time
}

// use records nonce and reports whether it was new.
func (c *nonceCache) use(nonce string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = make(map[string]time.Time)
	}
	if now.Sub(c.pruned) > dateSkew {
		for n, t := range c.seen {
			if now.Sub(t) > 2*dateSkew {
				delete(c.seen, n)
			}
		}
		c.pruned = now
	}
	if _, ok := c.seen[nonce]; ok {
		return false
	}
	c.seen[nonce] = now
	return true
}
