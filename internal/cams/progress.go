package cams

import (
	"sync"
	"time"
)

// Progress is how far one List call has come.
type Progress struct {
	// Channels is how many channels the call lists; ChannelsDone how many
	// are finished (complete or not).
	Channels, ChannelsDone int
	// Campaigns counts the rows received so far; Calls the API calls made,
	// retries included.
	Campaigns, Calls int
	// Started is when the call began.
	Started time.Time
}

// progress counts one List call for Config.Progress. A nil *progress
// counts nothing, so a Client without an observer pays nothing.
type progress struct {
	mu  sync.Mutex // also serialises the observer's calls
	p   Progress
	obs func(Progress)
}

func newProgress(obs func(Progress), channels int) *progress {
	if obs == nil {
		return nil
	}
	pr := &progress{obs: obs, p: Progress{Channels: channels, Started: time.Now()}}
	pr.add(0, 0, 0)
	return pr
}

// add counts a page (its rows and calls) or a finished channel, then
// tells the observer.
func (pr *progress) add(rows, calls, channels int) {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.p.Campaigns += rows
	pr.p.Calls += calls
	pr.p.ChannelsDone += channels
	pr.obs(pr.p)
}
