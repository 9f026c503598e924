package dingtalk

// Names the external tests of this package use.
const (
	MaxBodyBytes = maxBodyBytes
	ThrottleWait = throttleWait
)

var (
	Sign      = sign
	SignedURL = signedURL
)
