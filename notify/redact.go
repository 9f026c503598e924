package notify

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Redacted is what a secret is replaced with.
const Redacted = "[REDACTED]"

// minSecretLen is the shortest string redacted: shorter "secrets" would
// blot out ordinary words and protect nothing.
const minSecretLen = 6

// Redactor hides a fixed set of secrets in text and errors. Build one from
// every configured secret (webhook URLs, signing secrets, access keys,
// tokens) and pass every error, log line and report through it. A webhook
// URL is hidden whole and in parts: its path's last segment and its query
// values (a Slack webhook's token, a DingTalk access_token), in plain and
// escaped forms, since libraries quote URLs in pieces. The zero value and
// nil hide nothing. It is safe for concurrent use.
type Redactor struct {
	r *strings.Replacer
}

// NewRedactor returns a Redactor for secrets; empty strings are ignored.
func NewRedactor(secrets ...string) *Redactor {
	seen := map[string]bool{}
	var all []string
	add := func(s string) {
		if len(s) >= minSecretLen && !seen[s] {
			seen[s] = true
			all = append(all, s)
		}
	}
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		for _, v := range variants(s) {
			add(v)
		}
	}
	if len(all) == 0 {
		return &Redactor{}
	}
	// Longest first: strings.Replacer tries its pairs in argument order.
	slices.SortFunc(all, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	pairs := make([]string, 0, 2*len(all))
	for _, s := range all {
		pairs = append(pairs, s, Redacted)
	}
	return &Redactor{r: strings.NewReplacer(pairs...)}
}

// variants lists the forms in which s may show up in text.
func variants(s string) []string {
	out := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return out
	}
	out = append(out, u.Host+u.RequestURI())
	// A path that ends in a token is secret (Slack: /services/T…/B…/<token>);
	// one that does not (DingTalk: /robot/send) is not.
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if last := segs[len(segs)-1]; len(last) >= 8 {
		out = append(out, u.Path, u.EscapedPath(), last)
	}
	for _, vals := range u.Query() {
		for _, v := range vals {
			out = append(out, v, url.QueryEscape(v))
		}
	}
	return out
}

// Redact returns s with every secret replaced by "[REDACTED]". For many
// strings, build a Redactor once.
func Redact(s string, secrets ...string) string { return NewRedactor(secrets...).String(s) }

// String returns s with every secret replaced by "[REDACTED]".
func (r *Redactor) String(s string) string {
	if r == nil || r.r == nil {
		return s
	}
	return r.r.Replace(s)
}

// Error returns err with its text redacted. When redaction changes the
// text, the result is a new *campaign.Error of the same kind that drops the
// cause chain (so that no unwrapped cause can leak the secret), except that
// context cancellation and deadline errors stay detectable with errors.Is.
// nil stays nil; an error without secrets is returned as it is.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := r.String(msg)
	if red == msg {
		return err
	}
	var cause error
	switch {
	case errors.Is(err, context.Canceled):
		cause = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		cause = context.DeadlineExceeded
	}
	return &campaign.Error{Kind: campaign.KindOf(err), Msg: red, Err: cause}
}
