package run

import (
	"os"
	"runtime"
	"sync"
)

// oneP runs the listing on one P: runtime.GOMAXPROCS(1) while at least
// one check lists, the setting before restored when the last one is done.
//
// A listing is waiting on the network almost all its time: 2,000 calls at
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
//
// The count makes checks that overlap in one process (the local server)
// share the setting: the first sets it, the last restores it. GOMAXPROCS
// set in the environment is the operator's choice and is left alone.
type oneP struct {
	mu     sync.Mutex
	active int
	saved  int
}

// listingProcs is the process's oneP.
var listingProcs oneP

// begin sets one P, unless the environment sets GOMAXPROCS; the function
// it returns undoes it, once.
func (p *oneP) begin() (end func()) {
	if os.Getenv("GOMAXPROCS") != "" {
		return func() {}
	}
	p.mu.Lock()
	if p.active == 0 {
		p.saved = runtime.GOMAXPROCS(1)
	}
	p.active++
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.active--
			if p.active == 0 {
				runtime.GOMAXPROCS(p.saved)
			}
		})
	}
}
