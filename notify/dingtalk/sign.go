package dingtalk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"time"
)

// sign computes a custom robot's signature: the Base64 of HMAC-SHA256
// keyed by secret over timestamp + "\n" + secret, where timestamp is in
// Unix milliseconds. The result is not yet URL-encoded.
func sign(secret string, timestamp int64) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// signedURL returns webhook with the query parameters timestamp (now, in
// Unix milliseconds) and sign (sign, URL-encoded) added; with an empty
// secret it returns webhook unchanged. DingTalk accepts the signature for
// an hour, so it is made per attempt, never stored.
func signedURL(webhook, secret string, now time.Time) (string, error) {
	if secret == "" {
		return webhook, nil
	}
	u, err := url.Parse(webhook)
	if err != nil {
		return "", err
	}
	ts := now.UnixMilli()
	q := u.Query()
	q.Set("timestamp", strconv.FormatInt(ts, 10))
	q.Set("sign", sign(secret, ts))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
