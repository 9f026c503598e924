package webhook

// Names the external tests of this package use.
const (
	MaxChanges = maxChanges
	Version    = version
)

type (
	Payload = payload
)

var (
	Render    = render
	Signature = signature
)
