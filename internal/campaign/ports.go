package campaign

import (
	"context"
	"time"
)

// Source lists campaigns: the CAMS client implements it.
type Source interface {
	// List lists every channel and returns one Listing per channel, in the
	// order given. A channel that fails is reported in its Listing
	// (Complete false, Err set) while the others go on; the error return is
	// for failures of the whole call (a cancelled ctx, bad configuration).
	List(ctx context.Context, channels []Channel) ([]Listing, error)
}

// AlertKind says what an Alert tells.
type AlertKind string

// Alert kinds.
const (
	// AlertChanges carries the changes of one committed generation.
	AlertChanges AlertKind = "changes"
	// AlertBaseline is the one short note sent when a store is first
	// filled: "now watching N campaigns".
	AlertBaseline AlertKind = "baseline"
	// AlertDigest carries one day's budget digest.
	AlertDigest AlertKind = "digest"
	// AlertTest is a short test message that shows a receiver works. It
	// is posted at once and never stored.
	AlertTest AlertKind = "test"
	// AlertHealth tells that campaignwatch's own runs are failing or have
	// recovered (see Health).
	AlertHealth AlertKind = "health"
	// AlertGuardrail carries guardrail incidents opened or resolved by a
	// check that found no change to announce. Alerts of the other kinds
	// of a check (changes, baseline) carry them too, in Guardrails.
	AlertGuardrail AlertKind = "guardrail"
)

// Alert is one entry of the outbox: something every receiver named in
// Receivers must get once. It is stored before anything is sent, and
// rendered the same way on every attempt, so that a retry posts the very
// messages a failed attempt would have.
type Alert struct {
	// ID is unique in a store: Commit assigns "g<generation>-<token>" to
	// the alert of a generation (unique even when a generation is rolled
	// back and committed again); "digest-YYYY-MM-DD" for digests.
	ID         string    `json:"id"`
	Kind       AlertKind `json:"kind"`
	Generation int64     `json:"generation,omitempty"`
	// At is when the alert was committed; messages show it.
	At    time.Time `json:"at"`
	RunID string    `json:"runId"`
	// Receivers name the receivers that must get the alert: their names
	// (Notifier.Name).
	Receivers []string `json:"receivers"`
	Changes   []Change `json:"changes,omitempty"`
	// Watching is the number of campaigns of a baseline.
	Watching int     `json:"watching,omitempty"`
	Digest   *Digest `json:"digest,omitempty"`
	// Shares holds, by receiver name, what each receiver gets of the
	// alert (For); a receiver of Receivers without one gets it whole.
	Shares map[string]*Share `json:"shares,omitempty"`
	// Rebaselined are the channels whose filters changed since the last
	// check (AlertChanges): each is watched afresh, with one short note
	// and no change of its campaigns announced.
	Rebaselined []Rebaseline `json:"rebaselined,omitempty"`
	// Health is the content of a health alert.
	Health *Health `json:"health,omitempty"`
	// Guardrails are the guardrail incidents the check opened or
	// resolved, each naming the receivers it is for.
	Guardrails []GuardrailEvent `json:"guardrails,omitempty"`
	// Silenced lists the changes that silences kept from every receiver
	// that would have had them, with the silences' ids: the history
	// records them so.
	Silenced []SilencedChange `json:"silenced,omitempty"`
}

// SilencedChange is one change of an alert (an index into Changes) that
// no receiver got because of the silences named.
type SilencedChange struct {
	Change   int      `json:"change"`
	Silences []string `json:"silences"`
}

// Rebaseline is a channel watched afresh because its filters changed.
type Rebaseline struct {
	ChannelID
	// Watching is the number of campaigns its new filters list.
	Watching int `json:"watching"`
}

// UrgencyHigh marks a message that passes through quiet hours.
const UrgencyHigh = "urgent"

// Message is one chat message, rendered and ready to post.
type Message struct {
	// Body is the request body as it will be posted (a service that signs
	// in the body adds its signature at each attempt).
	Body []byte
	// Text is a plain-text rendering for terminals and logs.
	Text string
	// Urgency is UrgencyHigh for an urgent guardrail rule's message,
	// which passes through quiet hours; "" for every other. (A string, as
	// every field of Message is text.)
	Urgency string
	// ID identifies the message: the same for every rendering of one part
	// of one alert to one receiver, in every attempt and every run, so
	// that a receiving end can drop duplicates. Notifiers set it.
	ID string
}

// Notifier delivers alerts to one receiver (one webhook URL).
type Notifier interface {
	// Name is the receiver's name in the report and its identity in the
	// outbox: "slack", "dingtalk#2", or a configuration file's name. Its
	// delivery record follows it, whatever its URL or secret become.
	Name() string
	// Render turns an alert into the messages to post, each within the
	// service's limits. It is deterministic: the same alert renders the
	// same messages on every call.
	Render(a *Alert) ([]Message, error)
	// Post posts one message, pacing and retrying as the service's rules
	// allow within ctx. An error of kind Unavailable means a later run may
	// succeed; any other kind means the message was refused. Errors never
	// carry the webhook URL or a secret.
	Post(ctx context.Context, m Message) error
}

// Claim is a run's exclusive, expiring right to deliver one alert to one
// receiver.
type Claim struct {
	AlertID  string
	Receiver string
	// Seq numbers the claims of one (alert, receiver); it is what makes
	// claiming create-only.
	Seq     int
	Expires time.Time
	// Done lists the indexes of the alert's messages already delivered to
	// the receiver, so that a retry posts only the rest.
	Done map[int]bool
}

// Store keeps the snapshot history and the outbox; an incident log
// (IncidentLog) may come with it. Implementations: internal/snapshot
// (file:// and oss://). Every write is create-only, so that two runs can
// never both commit the same generation or both hold one claim; a
// snapshot that cannot be decoded is an error naming it, never skipped,
// overwritten or deleted.
type Store interface {
	History
	Outbox
}

// History is the snapshot history: one snapshot per committed generation.
type History interface {
	// Latest returns the newest committed snapshot, or (nil, nil) when the
	// store is empty.
	Latest(ctx context.Context) (*Snapshot, error)
	// LatestGeneration returns the newest committed generation's number,
	// 0 when the store is empty, without reading the snapshot: a check
	// fixes the generation it builds on before its first API call, so that
	// a commit made while it lists makes its own commit a Conflict.
	LatestGeneration(ctx context.Context) (int64, error)
	// Load returns the snapshot of generation gen (from LatestGeneration).
	Load(ctx context.Context, gen int64) (*Snapshot, error)
	// LoadToCompare returns the snapshot of generation gen for a check to
	// compare next, the snapshot it built from its listing, with. When
	// generation gen was committed with next's ContentHash, its campaigns
	// are next's own, which are not read again: the snapshot holds next's
	// Campaigns (neither may be changed). Otherwise it is Load with the
	// campaigns left packed (Snapshot.Rows, Campaigns nil), read once or
	// twice in order, in about a third of the memory.
	LoadToCompare(ctx context.Context, gen int64, next *Snapshot) (*Snapshot, error)
	// AsOf returns the newest snapshot taken at or before t, or (nil, nil)
	// when the history does not reach back that far.
	AsOf(ctx context.Context, t time.Time) (*Snapshot, error)
	// Commit stores snap as generation snap.Generation, which must be the
	// latest generation + 1, together with its alert (nil when there is
	// nothing to tell), whose ID it assigns. It returns an error of kind Conflict when another
	// run committed that generation first; then nothing of this run was
	// committed.
	Commit(ctx context.Context, snap *Snapshot, alert *Alert) error
	// Prune deletes snapshots and alerts older than keep before now, always
	// keeping the latest snapshot and the newest one at least keep old.
	Prune(ctx context.Context, now time.Time, keep time.Duration) error
}

// Outbox holds the alerts to deliver and who has had them: each alert is
// delivered to each of its receivers under a Claim, message by message.
type Outbox interface {
	// Enqueue stores an alert that is not tied to a snapshot (a digest).
	// It returns an error of kind Conflict when an alert with that ID
	// exists already.
	Enqueue(ctx context.Context, alert *Alert) error
	// Alerts returns the committed alerts with At in [since, until), oldest
	// first.
	Alerts(ctx context.Context, since, until time.Time) ([]*Alert, error)
	// PendingFor returns, for each of receivers, oldest first, the alerts
	// that name it and that it has not had in full. An alert waited for by
	// several receivers is the same *Alert in each list: copy it before
	// changing it.
	PendingFor(ctx context.Context, receivers []string) (map[string][]*Alert, error)
	// Claim takes the right to deliver alertID to receiver until now+ttl.
	// It returns an error of kind Conflict when another run holds a claim
	// that has not expired, or when the alert was delivered in full (then
	// wrapping ErrDelivered).
	Claim(ctx context.Context, alertID, receiver string, now time.Time, ttl time.Duration) (*Claim, error)
	// Ack records that message index (of total, the messages the alert
	// renders to) of the claimed alert was delivered; once every index
	// below total is recorded, the alert is delivered in full to the
	// receiver: PendingFor leaves it out and Claim answers Conflict. It
	// returns an error of kind Conflict (the message still recorded) when
	// the claim expired and another run claimed the alert: stop posting.
	Ack(ctx context.Context, c *Claim, index, total int) error
	// Release gives a claim up before it expires (after a failed send), so
	// that the next run may retry at once. Delivery is recorded only by Ack.
	Release(ctx context.Context, c *Claim) error
}

// Sessions remembers which dashboard sessions were ended by a logout, in
// the store that every instance reads, so that a copy of a logged-out
// cookie is refused everywhere. Implementations: internal/snapshot.
type Sessions interface {
	// RevokeSession ends the session id that would be valid until
	// expires; revoking twice is not an error.
	RevokeSession(ctx context.Context, id string, expires time.Time) error
	// SessionRevoked reports whether the session was revoked. An error
	// means the answer is unknown; callers refuse the session then.
	SessionRevoked(ctx context.Context, id string, expires time.Time) (bool, error)
}

// Refusal is one refusal of a message of an alert by a receiver's service,
// for what the message holds (ErrMessageRefused).
type Refusal struct {
	At    time.Time `json:"at"`
	RunID string    `json:"runId"`
	Error string    `json:"error"`
}

// SetAside is a message a receiver's service refused again and again,
// set aside so that the receiver's later messages flow: kept, with what
// it was and why, for a person to read; never posted again.
type SetAside struct {
	AlertID    string    `json:"alertId"`
	Receiver   string    `json:"receiver"`
	Kind       AlertKind `json:"kind"`
	Generation int64     `json:"generation,omitempty"`
	// AlertAt is when the alert was committed; At when it was set aside.
	AlertAt  time.Time `json:"alertAt"`
	At       time.Time `json:"at"`
	Changes  int       `json:"changes,omitempty"`
	Refusals []Refusal `json:"refusals"`
}

// SetAsider records refusals of messages and sets aside the messages
// refused too often; internal/snapshot implements it beside the Outbox
// (passed to run.Options.SetAside).
type SetAsider interface {
	// Refuse records one refusal of alertID's message to receiver and
	// returns every refusal recorded for them, oldest first.
	Refuse(ctx context.Context, alertID, receiver string, r Refusal) ([]Refusal, error)
	// SetAside keeps s and records the alert as delivered to the receiver,
	// so that PendingFor leaves it out and Claim answers ErrDelivered.
	SetAside(ctx context.Context, s SetAside, total int) error
	// SetAsides returns every message set aside, oldest first.
	SetAsides(ctx context.Context) ([]SetAside, error)
}
