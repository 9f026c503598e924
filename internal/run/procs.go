package run

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// held is a process-wide runtime setting that a check holds for one
// step: set when the first holder begins, the value before restored when
// the last one ends, so that checks overlapping in one process (the local
// server) share it and never leave it set.
type held struct {
	mu     sync.Mutex
	active int
	saved  int
	set    func(int) int // sets the value, returning the one before
	value  int
	env    string // when this environment variable is set, the setting is the operator's: left alone
}

// begin sets the value unless the environment leaves it to the operator;
// the function it returns undoes it, once.
func (h *held) begin() (end func()) {
	if h.env != "" && os.Getenv(h.env) != "" {
		return func() {}
	}
	h.mu.Lock()
	if h.active == 0 {
		h.saved = h.set(h.value)
	}
	h.active++
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.active--
			if h.active == 0 {
				h.set(h.saved)
			}
		})
	}
}

// onePWhileListing runs the listing on one P: runtime.GOMAXPROCS(1) while
// at least one check lists.
//
// A listing waits on the network almost all its time: 2,000 calls at
// 100,000 campaigns, each answer handed from the connection's reading
// goroutine to the caller's and the next request to the writing one.
// With two P's those hand-offs cross threads, which the runtime wakes
// and puts back to sleep (futex, and threads spinning for work they do
// not find). On one P they do not. Measured with the perf harness at
// 100,000 campaigns, three pairs in turn: CPU 0.61-0.66 / 0.71-0.81 /
// 0.58-0.67 s (empty store / 1% changed / nothing changed) against
// 0.80-0.89 / 0.92-1.03 / 0.75-0.82 s, system time about halved, wall
// and peak RSS as before. What follows the listing (build, the diff,
// encoding) is CPU work, which gets every P back.
var onePWhileListing = held{set: runtime.GOMAXPROCS, value: 1, env: "GOMAXPROCS"}

// noGCWhileBuilding turns the collector's pacing off while a check
// builds its next snapshot from its listings (collect): nothing build
// allocates can be collected before it ends, the listings it copies from
// being live until then, and the collection forced right after it (or,
// when nothing changed, the first the pacer starts) takes them. A cycle the pacer starts during build is wasted, and worse:
// after a listing on one P, at 1,000,000 campaigns, the pacer started
// one there that ran 1.1 s before the forced collection could begin
// (gctrace), putting the tail after the last answer at 1.4-1.6 s instead
// of 0.35-0.6 s. GOMEMLIMIT still bounds the heap meanwhile.
var noGCWhileBuilding = held{set: debug.SetGCPercent, value: -1}
