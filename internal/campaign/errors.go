package campaign

import (
	"errors"
	"fmt"
)

// Kind is the small closed set of error kinds campaignwatch distinguishes.
// The HTTP layer maps them to status codes in one table; retry decisions
// look only at Unavailable.
type Kind string

const (
	// Invalid: bad input (configuration, event, request, API page, snapshot).
	Invalid Kind = "invalid"
	// Unauthorized: missing or wrong credentials or token.
	Unauthorized Kind = "unauthorized"
	// NotFound: the thing asked for does not exist.
	NotFound Kind = "not_found"
	// Conflict: another run got there first (a generation or claim exists).
	Conflict Kind = "conflict"
	// Unavailable: a dependency failed in a way worth retrying later
	// (throttling, 5xx, timeouts, a receiver that could not be reached).
	Unavailable Kind = "unavailable"
	// Internal: a bug or an unexpected state.
	Internal Kind = "internal"
)

// Error is an error with a Kind. Its message is meant for the person who
// has to act on it: what went wrong and what to do. It never carries a
// secret.
type Error struct {
	Kind Kind
	// Msg is the whole message, the cause's text included.
	Msg string
	// Err is the cause, kept for errors.Is and errors.As.
	Err error
}

func (e *Error) Error() string {
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of kind k with a formatted message. A %w verb
// wraps as fmt.Errorf does.
func Errorf(k Kind, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: k, Msg: err.Error(), Err: errors.Unwrap(err)}
}

// Wrap returns err annotated with kind k and a message; nil stays nil.
func Wrap(k Kind, err error, msg string) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Msg: msg + ": " + err.Error(), Err: err}
}

// KindOf returns the kind of the outermost *Error in err's chain, or
// Internal when there is none (and "" for nil).
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// ErrConflict is returned (wrapped, kind Conflict) by stores when another
// run committed or claimed first.
var ErrConflict = &Error{Kind: Conflict, Msg: "another run committed first"}

// ErrDelivered is returned (wrapped, kind Conflict) by Outbox.Claim when
// the alert was delivered to the receiver in full already: unlike a claim
// another run holds, there is nothing left to wait for.
var ErrDelivered = &Error{Kind: Conflict, Msg: "delivered already"}

// ErrMessageRefused marks (wrapped, kind Invalid) a service's refusal of
// one message for what it holds (a payload it does not accept), as
// opposed to a refusal of the receiver (a revoked webhook, a bad
// signature, a channel gone), which every message would meet alike. Only
// such a refusal, repeated, sets a message aside (SetAsider).
var ErrMessageRefused = &Error{Kind: Invalid, Msg: "the service refused this message"}

// Refused returns an error of kind Invalid with a formatted message that
// wraps ErrMessageRefused.
func Refused(format string, args ...any) error {
	return &Error{Kind: Invalid, Msg: fmt.Sprintf(format, args...), Err: ErrMessageRefused}
}
