package wecom

// Names the external tests of this package use.
const (
	MaxContentBytes = maxContentBytes
	ThrottleWait    = throttleWait
)
