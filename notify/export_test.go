package notify

// Names the external tests of this package use.
const (
	DefaultAttempts   = defaultAttempts
	DefaultRetryAfter = defaultRetryAfter
	RunLen            = runLen
)

type (
	Endpoint = endpoint
	Field    = field
	Poster   = poster
)

var (
	Collapse     = collapse
	IsOneLine    = isOneLine
	NewPoster    = newPoster
	OrderChanges = orderChanges
	RetryAfter   = retryAfter
	Split        = split
)
