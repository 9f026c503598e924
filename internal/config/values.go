package config

import (
	"strconv"
	"strings"
)

// The readers of one variable's text as a value: each returns the default
// when the variable is unset, and records a problem naming the variable
// (never quoting a secret) when its text is no such value.

// region reads a region variable, def when unset.
func (l *loader) region(v, def string) string {
	n := l.name(v)
	raw := l.get(v)
	if raw == "" {
		return def
	}
	if !isRegion(raw) {
		l.addf(n, "%s %s is not a region id: use one such as ap-southeast-1 or cn-hangzhou", n, quote(raw))
		return def
	}
	return raw
}

// endpoint reads an endpoint override, "" when unset; example is a host
// to suggest.
func (l *loader) endpoint(v, example string) string {
	n := l.name(v)
	raw := l.get(v)
	if raw == "" {
		return ""
	}
	if why := endpointProblem(raw); why != "" {
		shown := quote(raw)
		if strings.Contains(raw, "@") { // may carry user:password
			shown = "(value not shown: it has an @)"
		}
		l.addf(n, "%s %s %s: give a host such as %s, or a URL such as http://127.0.0.1:8080", n, shown, why, example)
		return ""
	}
	return raw
}

// intIn reads an integer variable within [lo, hi], def when unset.
func (l *loader) intIn(v string, def, lo, hi int) int {
	place := l.name(v)
	raw := l.get(v)
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		l.addf(place, "%s %s is not a whole number: give one from %d to %d", place, quote(raw), lo, hi)
		return def
	}
	if n < lo || n > hi {
		l.addf(place, "%s %s is out of range: give one from %d to %d", place, quote(raw), lo, hi)
		return def
	}
	return n
}

// secret reads a secret variable; problems never quote it.
func (l *loader) secret(v string) string {
	n := l.name(v)
	raw := l.get(v)
	if raw != "" && !isTokenText(raw) {
		l.addf(n, "%s has spaces, quotes or characters other than printable ASCII: paste the value alone", n)
	}
	return raw
}
