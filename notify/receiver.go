package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// ReceiverName is the report's name of the i-th (from 0) webhook URL of a
// service's variable: "slack", then "slack#2", "slack#3", ...
func ReceiverName(service string, i int) string {
	if i == 0 {
		return service
	}
	return service + "#" + strconv.Itoa(i+1)
}

// ReceiverID is a webhook's identity in the outbox: the service and the
// first 12 hex digits of the URL's SHA-256. It stays the same while the
// URL does (whatever its position in the variable) and reveals nothing
// of it.
func ReceiverID(service, rawURL string) string {
	sum := sha256.Sum256([]byte(rawURL))
	return service + "-" + hex.EncodeToString(sum[:])[:12]
}
