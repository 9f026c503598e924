package slack

// Names the external tests of this package use.
const (
	MaxPayloadBytes = maxPayloadBytes
)
