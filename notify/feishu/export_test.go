package feishu

// Names the external tests of this package use.
const (
	MaxBodyBytes = maxBodyBytes
)

var (
	Sign = signature
)
