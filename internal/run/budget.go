package run

import "time"

// The timing budget of a run, in one place. A check lists, commits, then
// delivers each alert under a claim (an expiring, exclusive right to
// deliver it to one receiver); these durations decide when each step may
// start and how long it may take, so that a run cut off at any point
// leaves nothing half-recorded and nothing delivered twice.
//
// Invariants (TestBudgetInvariants):
//   - postMargin < defaultClaimTTL: a fresh claim is enough to post.
//   - ackReserve + postMargin <= defaultClaimTTL: a fresh claim holds a
//     whole post and the record of it.
//   - ackReserve < postMargin: a post that may start has time left after
//     the reserve for its record.
//   - listReserve < defaultClaimTTL: what the listing leaves of the run's
//     deadline is spent committing and starting deliveries, never waiting
//     out a claim.
//   - waitReserve >= defaultClaimTTL: a wait a chat service asks for ends
//     a whole claim before the run's deadline, so that the post after it
//     starts with a fresh claim and its record lands before the deadline.
//   - MaxNotifyWait >= time.Minute: a run without a deadline of its own
//     waits out a per-minute limit (WeCom's 45009).
//
// A post's own retries and waits stay inside its claim. A wait the service
// asks for that is longer (Slack's Retry-After: 30, WeCom's minute) is
// waited out by the delivery step with the claim released (wait.go), while
// the run's deadline less waitReserve allows; only a longer one leaves the
// message pending for the next run.
const (
	// defaultClaimTTL is how long a claim lasts (Options.ClaimTTL's
	// default): it bounds how long a run that died can keep an alert from
	// being delivered by the next run.
	defaultClaimTTL = 30 * time.Second
	// postMargin is the least claim a post must start with: the
	// notifiers' retries and waits stay inside it, so a claim never
	// expires mid-post.
	postMargin = 20 * time.Second
	// ackReserve is the part of a claim kept for recording a post: a post
	// ends at the latest this long before the claim expires, so that its
	// record (with retries) lands while the claim is still this run's.
	ackReserve = 8 * time.Second
	// listReserve is what a listing leaves of the run's deadline (the
	// Function Compute invocation's) for committing and delivering: a
	// listing that would run into it fails, cleanly and with nothing
	// committed, rather than leave a commit or a post to be cut off by the
	// deadline.
	listReserve = 15 * time.Second
	// waitReserve is what a wait the delivery step takes leaves of the
	// run's deadline.
	waitReserve = defaultClaimTTL
	// maxAskedWaits bounds how often one run waits out a service's asked
	// wait for one message.
	maxAskedWaits = 3
	// MaxNotifyWait bounds one wait a chat service asks for when there is
	// no deadline to bound it: a run without one (a check from the command
	// line), and a post without one (notify.Options MaxWait, set by
	// internal/app).
	MaxNotifyWait = time.Minute
)
