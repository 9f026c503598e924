package notifytest

import (
	"encoding/json"
	"slices"
	"sync"
	"time"
)

// Robot is the state every chat fake keeps, whatever its service: its
// clock, the replies queued to override its checks, the requests it
// counted, the posts its rate limits saw, and the messages it accepted. A
// fake embeds it, which gives it SetClock, Enqueue, Requests and
// Messages, and holds Lock while it decides an answer; the methods marked
// "lock held" are for that. The zero value is ready, on the real clock.
type Robot[R, M any] struct {
	mu       sync.Mutex
	now      func() time.Time
	queue    []R
	requests int
	sent     []time.Time
	accepted []M
}

// Limit is one of a service's rate limits: at most Max posts in any Per
// (Max 0 takes none).
type Limit struct {
	Max int
	Per time.Duration
}

// SetClock sets the clock that checks timestamps and counts the limits.
func (b *Robot[R, M]) SetClock(now func() time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.now = now
}

// Enqueue queues answers given, in order, to the next requests instead of
// the normal checks.
func (b *Robot[R, M]) Enqueue(r ...R) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.queue = append(b.queue, r...)
}

// Requests counts every request received, refused ones included.
func (b *Robot[R, M]) Requests() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.requests
}

// Messages returns the accepted messages in order.
func (b *Robot[R, M]) Messages() []M {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.accepted)
}

// Lock and Unlock guard the robot and the fake's own settings.
func (b *Robot[R, M]) Lock()   { b.mu.Lock() }
func (b *Robot[R, M]) Unlock() { b.mu.Unlock() }

// Take counts a request and returns the next queued reply, if any (lock
// held).
func (b *Robot[R, M]) Take() (R, bool) {
	b.requests++
	if len(b.queue) == 0 {
		var none R
		return none, false
	}
	r := b.queue[0]
	b.queue = b.queue[1:]
	return r, true
}

// Now is the robot's clock (lock held).
func (b *Robot[R, M]) Now() time.Time {
	if b.now == nil {
		return time.Now()
	}
	return b.now()
}

// Admit reports whether one more post at Now fits every limit, and counts
// it when it does (lock held). Posts older than the longest limit are
// forgotten.
func (b *Robot[R, M]) Admit(limits ...Limit) bool {
	now := b.Now()
	var longest time.Duration
	for _, l := range limits {
		longest = max(longest, l.Per)
	}
	b.sent = slices.DeleteFunc(b.sent, func(t time.Time) bool { return now.Sub(t) >= longest })
	for _, l := range limits {
		n := 0
		for _, t := range b.sent {
			if now.Sub(t) < l.Per {
				n++
			}
		}
		if n >= l.Max {
			return false
		}
	}
	b.sent = append(b.sent, now)
	return true
}

// Accept records an accepted message (lock held).
func (b *Robot[R, M]) Accept(m M) { b.accepted = append(b.accepted, m) }

// Strings returns every string of a JSON body, in no fixed order: what a
// service reads of a card or a block message. Nil when body is not JSON.
func Strings(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}
