package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify"
)

var (
	regionRE = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	// bucketRE is OSS's bucket naming rule: 3-63 lowercase letters, digits
	// and hyphens, starting and ending with a letter or digit.
	bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	phoneRE  = regexp.MustCompile(`^\+?[0-9][0-9-]{4,19}$`)
	// hostRE is a DNS name or an IPv4 address.
	hostRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
)

func isRegion(s string) bool { return len(s) <= 64 && regionRE.MatchString(s) }

func isPhone(s string) bool { return phoneRE.MatchString(s) }

// isTokenText reports whether s is printable ASCII without spaces or
// quotes: what keys, tokens and secrets are made of.
func isTokenText(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b <= ' ' || b >= 0x7f || b == '"' || b == '\'' {
			return false
		}
	}
	return true
}

// splitList splits a comma-separated list, trimming each entry; empty
// entries are kept so that problems can point at them.
func splitList(s string) []string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// quote renders a non-secret value for a problem line, cut short when long.
func quote(s string) string { return strconv.Quote(campaign.Clip(s, 80)) }

// endpointProblem says what is wrong with an endpoint override ("" when
// nothing): a host[:port], or an http(s) URL with nothing after the host.
func endpointProblem(s string) string {
	if !strings.Contains(s, "://") {
		if !validHostPort(s) {
			return "is not a host or host:port"
		}
		return ""
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "is not an http or https URL"
	case u.User != nil:
		return "carries a user name or password; give none"
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.Opaque != "":
		return "has a path, query or fragment; give the scheme and host only"
	case !validHostPort(u.Host):
		return "has no valid host"
	}
	return ""
}

// maxPublicURL bounds PUBLIC_URL, so that a message line with a link
// always fits a message on its own.
const maxPublicURL = 200

// publicURL checks PUBLIC_URL: an absolute http(s) URL with a host, no
// user, query or fragment, and a path (if any) of plain characters only,
// so that it can stand in the link syntax of every chat service as it
// is. It returns the URL without its trailing slashes, or what is wrong.
func publicURL(s string) (string, string) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", "is not a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "", "is not an absolute http or https URL"
	case u.User != nil:
		return "", "carries a user name or password; give none"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return "", "has a query or a fragment; give the scheme, host and path only"
	case u.Opaque != "" || !validHostPort(u.Host):
		return "", "has no valid host"
	case len(s) > maxPublicURL:
		return "", fmt.Sprintf("is longer than %d characters", maxPublicURL)
	case strings.ContainsFunc(u.EscapedPath(), func(r rune) bool { return !plainPathRune(r) }):
		return "", "has a path with characters other than letters, digits and -._~/%"
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), ""
}

// plainPathRune: r needs no escaping in a URL's path in any chat
// service's link syntax.
func plainPathRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~/%", r)
}

// validHostPort accepts "host", "host:port", "[v6]" and "[v6]:port".
func validHostPort(s string) bool {
	host, port := s, ""
	if h, p, err := net.SplitHostPort(s); err == nil {
		host, port = h, p
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		host = s[1 : len(s)-1]
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return false
		}
	}
	if strings.Contains(host, ":") { // IPv6 only
		ip := net.ParseIP(host)
		return ip != nil && ip.To4() == nil
	}
	return len(host) <= 253 && hostRE.MatchString(host)
}

// snapshotURLProblem says what is wrong with SNAPSHOT_URL ("" when
// nothing).
func snapshotURLProblem(s string) string {
	switch {
	case strings.HasPrefix(s, "oss://"):
		bucket, prefix, _ := strings.Cut(strings.TrimPrefix(s, "oss://"), "/")
		if bucket == "" {
			return "names no bucket: use oss://BUCKET/PREFIX"
		}
		if !bucketRE.MatchString(bucket) {
			return "names an invalid bucket: a bucket name is 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit"
		}
		return ossPrefixProblem(prefix)
	case strings.HasPrefix(s, "file://"):
		dir := strings.TrimPrefix(s, "file://")
		if dir == "" {
			return "names no directory: use file://DIR, e.g. file://.campaignwatch or file:///var/lib/campaignwatch"
		}
		if strings.ContainsRune(dir, 0) {
			return "has a NUL byte in its directory"
		}
	default:
		return "is neither oss://BUCKET/PREFIX nor file://DIR"
	}
	return ""
}

// ossPrefixProblem says what is wrong with the PREFIX of
// oss://BUCKET/PREFIX ("" when nothing). OSS keys are plain names, not
// paths: "oss://b/../x" would write keys starting with "../x/", so a
// prefix is refused unless it is names separated by single slashes
// (slashes at its ends are dropped), checked as written and %-decoded.
func ossPrefixProblem(raw string) string {
	if strings.ContainsAny(raw, "?#") {
		return "has a query or fragment (? or #) after the bucket: use oss://BUCKET/PREFIX"
	}
	prefix, err := url.PathUnescape(raw)
	if err != nil {
		return "has a malformed %-escape in its prefix"
	}
	if strings.Contains(prefix, `\`) {
		return "has a backslash in its prefix: separate the prefix's names with /, e.g. oss://BUCKET/campaignwatch/prod"
	}
	if prefix = strings.Trim(prefix, "/"); prefix == "" {
		return ""
	}
	for _, seg := range strings.Split(prefix, "/") {
		switch seg {
		case "":
			return "has an empty segment (//) in its prefix: separate the prefix's names with one /, e.g. oss://BUCKET/campaignwatch/prod"
		case ".", "..":
			return `has a "." or ".." segment in its prefix: OSS keys are not paths, so name the prefix plainly, e.g. oss://BUCKET/campaignwatch/prod`
		}
	}
	return ""
}

// webhookProblem says what is wrong with a webhook URL of service svc (""
// when nothing), without repeating the URL: it is a secret.
func webhookProblem(s string, svc notify.Service) string {
	u, err := url.Parse(s)
	if err != nil {
		return "is not a URL: paste the webhook URL as " + svc.Title + " shows it"
	}
	switch u.Scheme {
	case "https":
		if u.Host == "" || !validHostPort(u.Host) {
			return "has no valid host: paste the webhook URL as " + svc.Title + " shows it"
		}
	case "http":
		switch u.Hostname() {
		case "127.0.0.1", "localhost", "::1":
		default:
			return "is http: use https (plain http is allowed only for localhost and 127.0.0.1)"
		}
	default:
		return "is not an https URL: paste the webhook URL as " + svc.Title + " shows it"
	}
	if svc.CheckURL != nil {
		if err := svc.CheckURL(u); err != nil {
			return err.Error()
		}
	}
	return ""
}

// storeInFC refuses a store that is not oss:// inside Function Compute
// (FC_RUNTIME_API set): the code package is read-only and an instance's
// disk goes with the instance, so a file:// store there either fails at
// its first write or forgets everything, and every change would be
// announced again. Said at startup, before any listing. v is the
// variable, raw its valid value ("" when unset or already refused).
func (l *loader) storeInFC(c *Config, v, raw string) {
	if l.get("FC_RUNTIME_API") == "" || strings.HasPrefix(c.SnapshotURL, "oss://") || raw == "" && l.get(v) != "" {
		return
	}
	what := v + " is not set (so file://.campaignwatch, in the code package), but"
	if raw != "" {
		what = l.name(v) + " is " + quote(raw) + ", but"
	}
	l.addf(l.name(v), "%s inside Function Compute snapshots must live in OSS: set %s (or the configuration file's snapshots) to oss://BUCKET/PREFIX; the code package is read-only, and a directory is lost with the instance", what, v)
}
