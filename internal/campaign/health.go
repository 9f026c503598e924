package campaign

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrStore is in the chain of every error of the snapshot store
// (errors.Is(err, ErrStore)), so that a failed run can tell an engineer to
// look at the bucket first.
var ErrStore = errors.New("the snapshot store failed")

// StoreError marks err as a failure of the snapshot store, keeping its
// text and kind; nil stays nil.
func StoreError(err error) error {
	if err == nil || errors.Is(err, ErrStore) {
		return err
	}
	return &Error{Kind: KindOf(err), Msg: err.Error(), Err: storeFault{err}}
}

type storeFault struct{ err error }

func (f storeFault) Error() string        { return f.err.Error() }
func (f storeFault) Unwrap() error        { return f.err }
func (f storeFault) Is(target error) bool { return target == ErrStore }

// HealthStartup is the Health.Kind of a notice that an instance could not
// start: its configuration or its parts failed before any run.
const HealthStartup = "startup"

// HealthAside is the Health.Kind of a notice that a receiver's service
// refused messages again and again and they were set aside (SetAside):
// Receiver names the receiver, Messages counts them.
const HealthAside = "aside"

// HealthState is what a health notice says about one kind of run.
type HealthState string

// Health states.
const (
	// HealthFailing: runs of the kind have failed long enough to tell.
	HealthFailing HealthState = "failing"
	// HealthRecovered: a run of the kind succeeded after a failing notice.
	HealthRecovered HealthState = "recovered"
)

// HealthHint is the first thing to check when runs fail, chosen from the
// kind of the last error. Messages put it into words.
type HealthHint string

// Hints.
const (
	// HintCredentials: the access key or the function's role was refused.
	HintCredentials HealthHint = "credentials"
	// HintBucket: the snapshot store (the OSS bucket or the directory)
	// failed.
	HintBucket HealthHint = "bucket"
	// HintConfiguration: a setting is invalid or missing.
	HintConfiguration HealthHint = "configuration"
	// HintAPI: the CAMS API answered with errors or not at all.
	HintAPI HealthHint = "api"
	// HintLogs: nothing more specific is known; the logs say more.
	HintLogs HealthHint = "logs"
	// HintRefused: a chat service refused messages for what they hold
	// (a mention its group does not allow, a size it does not take).
	HintRefused HealthHint = "refused"
)

// Health is the content of a health alert (Alert.Kind AlertHealth).
type Health struct {
	State HealthState `json:"state"`
	// Kind is the kind of run: ModeCheck or ModeDigest.
	Kind string `json:"kind"`
	// Since is when the first failed run of the incident ended.
	Since time.Time `json:"since"`
	// Until is when the run that recovered ended; zero while failing.
	Until time.Time `json:"until,omitzero"`
	// Runs counts the failed runs of the incident known when the alert was
	// made.
	Runs int `json:"runs"`
	// LastError is the last failed run's error, redacted.
	LastError string `json:"lastError"`
	// ErrorKind is the kind of LastError.
	ErrorKind Kind `json:"errorKind,omitempty"`
	// Hint is the first thing to check.
	Hint HealthHint `json:"hint"`
	// Listing is set when the last error was an incomplete listing, so
	// that a message can say it in its reader's language (LastError is
	// its English text).
	Listing *IncompleteListing `json:"listing,omitempty"`
	// Receiver and Messages are set on a notice of kind HealthAside: the
	// receiver whose messages were set aside, and how many were by the
	// time of the notice (later ones of the same incident join silently).
	Receiver string `json:"receiver,omitempty"`
	Messages int    `json:"messages,omitempty"`
	// Direct is set on a notice posted without the store (the store was
	// what failed): it was not recorded, so it may come once per process.
	Direct bool `json:"direct,omitempty"`
}

// Occurrence is one occurrence of an incident log's trouble, as the log
// keeps it: a failed run, or messages set aside for a receiver.
type Occurrence struct {
	At    time.Time `json:"at"`
	RunID string    `json:"runId"`
	// Error is the run's error (or the service's last answer), redacted.
	Error string `json:"error"`
	Kind  Kind   `json:"errorKind"`
	// Listing is set when the error was an incomplete listing.
	Listing *IncompleteListing `json:"listing,omitempty"`
}

// IncompleteListing is the error of a check whose listing was not complete:
// Failed of Total channels could not be listed; Detail says which and why
// (the API's own words).
type IncompleteListing struct {
	Failed int    `json:"failed"`
	Total  int    `json:"total"`
	Detail string `json:"detail"`
}

func (e *IncompleteListing) Error() string {
	return fmt.Sprintf("%d of %d channels could not be listed completely, so nothing was committed or announced (the next good run reports every change): %s",
		e.Failed, e.Total, e.Detail)
}

// ListingOf returns the incomplete listing in err's chain, with its detail
// passed through redact, or nil when err is not one.
func ListingOf(err error, redact func(string) string) *IncompleteListing {
	var il *IncompleteListing
	if !errors.As(err, &il) {
		return nil
	}
	out := *il
	out.Detail = redact(out.Detail)
	return &out
}

// Streak is one run of failures of a kind, numbered from 1; a success
// ends it and the next failure starts the next one.
type Streak struct {
	N int
	// Failures are the times of its failed runs, oldest first.
	Failures []time.Time
	// Last is its newest occurrence, nil when it has none.
	Last *Occurrence
	// Incident: a run opened its incident (won the right to announce it).
	Incident bool
	// Ended: a success ended it. Settled: the end was handled (the
	// recovery notice queued if one was owed).
	Ended, Settled bool
}

// IncidentLog is the store's log of incidents: the one place every
// notice sent once per incident is decided. It has two halves, both
// create-only. The guardrail incidents open as of a generation
// (Snapshot.Incidents) are one record of the log per generation, which
// Store.Commit writes with the snapshot and its alert, so that opening an
// incident and queueing its message are one atomic step (a failed run
// commits nothing, so has none); OpenIncidents reads the latest, and a
// loaded snapshot carries its own. The streaks, below, are the troubles
// of runs, recorded as they happen. A subject (a kind of run,
// "check" or "digest"; or "aside-<receiver>", the messages set aside for
// a receiver) has streaks, numbered from 1: the occurrences of a trouble
// (failed runs, messages set aside) with no success between. A streak's
// incident is opened (its notice announced) at most once, ended by a
// success at most once, and settled (its recovery notice queued, when one
// is owed) at most once. Every record is create-only: overlapping runs
// never count one occurrence twice, exactly one run opens an incident or
// ends a streak, and a run killed between two steps leaves what the next
// run finishes. internal/snapshot implements it next to the outbox, under
// health/ (the name it had when it kept only failed runs). The methods
// call a subject its kind.
type IncidentLog interface {
	// Streaks returns the current streak (the one new failures join,
	// possibly without failures) and the newest ended one (N 0 when none
	// has ended), with one listing.
	Streaks(ctx context.Context, kind string) (current, ended Streak, err error)
	// Record adds the occurrence f to streak n of kind; every call adds
	// one.
	Record(ctx context.Context, kind string, n int, f Occurrence) error
	// OpenIncident, EndStreak and SettleStreak mark streak n of kind as
	// announced, ended or settled. Each mark is made once: a second call
	// answers an error of kind Conflict. SettleStreak also deletes the
	// records of streaks before n.
	OpenIncident(ctx context.Context, kind string, n int) error
	EndStreak(ctx context.Context, kind string, n int) error
	SettleStreak(ctx context.Context, kind string, n int) error
	// HasIncident and IsEnded read one mark, without a listing.
	HasIncident(ctx context.Context, kind string, n int) (bool, error)
	IsEnded(ctx context.Context, kind string, n int) (bool, error)
	// HasAlert reports whether the outbox holds the alert id, without a
	// listing: a failing notice queued by a run that was killed before it
	// could mark its incident still counts as announced.
	HasAlert(ctx context.Context, id string) (bool, error)
	// OpenIncidents returns the guardrail incidents open as of the latest
	// generation and when it was taken; none for an empty store.
	OpenIncidents(ctx context.Context) ([]Incident, time.Time, error)
}
