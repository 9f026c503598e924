package retry

import (
	"time"

	ossretry "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/retry"
)

// OSS is the policy for the OSS SDK's calls (the snapshot store, the
// configuration file), as a retryer the SDK takes (oss.Config.WithRetryer).
//
// The SDK's own retry loop is kept, deliberately, rather than disabled in
// favour of Do around each call: only the SDK can rewind a request body
// between attempts, and a listing's paginator cannot be retried from
// outside without re-listing. What the loop does is this policy's: how
// many attempts and the backoff with jitter between them; which answers
// are worth another attempt stays the SDK's (its Standard retryer knows
// OSS's 5xx, throttling codes and connection errors). The SDK waits with
// the call's context, so a wait ends at the run's deadline at the latest;
// the policy keeps each wait short (at most Max) so that it rarely comes
// to that.
func OSS(p Policy) ossretry.Retryer {
	return ossRetryer{p: p.withDefaults(), std: ossretry.NewStandard()}
}

// ossPolicy is the default OSS policy: three attempts (the SDK's own
// default), 200 ms growing to 2 s.
var ossPolicy = Policy{Attempts: 3, Initial: 200 * time.Millisecond, Max: 2 * time.Second, Multiplier: 2}

// OSSDefault is OSS(ossPolicy), for the store and the configuration file.
func OSSDefault() ossretry.Retryer { return OSS(ossPolicy) }

type ossRetryer struct {
	p   Policy
	std *ossretry.Standard
}

func (r ossRetryer) IsErrorRetryable(err error) bool { return r.std.IsErrorRetryable(err) }
func (r ossRetryer) MaxAttempts() int                { return r.p.Attempts }

// RetryDelay is the wait before attempt (from 2, as the SDK counts).
func (r ossRetryer) RetryDelay(attempt int, _ error) (time.Duration, error) {
	return r.p.Backoff(attempt - 1), nil
}
