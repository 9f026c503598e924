package run

import "time"

// The timing budget of a run, in one place. A check lists, commits, then
// delivers each alert under a claim (an expiring, exclusive right to
// deliver it to one receiver); these durations decide when each step may
// start and how long it may take, so that a run cut off at any point
// leaves nothing half-recorded and nothing delivered twice.
//
// Invariants (TestBudgetInvariants):
//   - MaxNotifyWait < postMargin: a wait a chat service asks for fits in
//     the claim a post starts with.
//   - postMargin < defaultClaimTTL: a fresh claim is enough to post.
//   - ackReserve + postMargin <= defaultClaimTTL: a fresh claim holds a
//     whole post and the record of it.
//   - ackReserve < postMargin: a post that may start has time left after
//     the reserve for its record.
//   - listReserve < defaultClaimTTL: what the listing leaves of the run's
//     deadline is spent committing and starting deliveries, never waiting
//     out a claim.
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
	// MaxNotifyWait bounds a wait a chat service asks for (notify.Options
	// MaxWait, set by internal/app), so that a post always ends inside its
	// claim.
	MaxNotifyWait = 15 * time.Second
)
