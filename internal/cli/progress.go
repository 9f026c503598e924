package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/cams"
)

// progressBar draws the listing's progress on one terminal line, redrawn
// in place ("\r" and erase-to-end): channels done of total, campaigns so
// far, calls, time elapsed and an estimate of the time left. It redraws at
// most ten times a second, and done erases it, so that what follows
// starts on a clean line. A nil *progressBar draws nothing.
type progressBar struct {
	w   io.Writer
	now func() time.Time

	mu    sync.Mutex
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer, now func() time.Time) *progressBar {
	return &progressBar{w: w, now: now}
}

// update is the cams.Config.Progress observer.
func (b *progressBar) update(p cams.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if b.drawn && now.Sub(b.last) < 100*time.Millisecond && p.ChannelsDone < p.Channels {
		return
	}
	b.last, b.drawn = now, true
	fmt.Fprintf(b.w, "\r\033[K%s", progressLine(p, now.Sub(p.Started)))
}

// done erases the line.
func (b *progressBar) done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
		b.drawn = false
	}
}

// progressLine is the text of the line: "listing: 3/100 channels, 1204
// campaigns, 31 calls, 12s elapsed, about 6m30s left". The estimate
// assumes the channels left take as long as the ones done; it is left out
// until one is done.
func progressLine(p cams.Progress, elapsed time.Duration) string {
	s := fmt.Sprintf("listing: %d/%d %s, %s, %s, %s elapsed",
		p.ChannelsDone, p.Channels, noun(p.Channels, "channel"),
		plural(p.Campaigns, "campaign"), plural(p.Calls, "call"), elapsed.Round(time.Second))
	if p.ChannelsDone > 0 && p.ChannelsDone < p.Channels {
		left := elapsed * time.Duration(p.Channels-p.ChannelsDone) / time.Duration(p.ChannelsDone)
		s += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return s
}

// noun is the noun for n of it: "channel" or "channels".
func noun(n int, singular string) string {
	if n == 1 {
		return singular
	}
	return singular + "s"
}
