package config

import "strings"

// Rescue returns the receivers that the webhook variables describe by
// themselves, for telling someone that the configuration as a whole could
// not be loaded. A variable with a problem of its own gives nothing; the
// others' problems do not matter here. Each receiver gets health notices,
// as receivers from variables do.
func Rescue(getenv func(string) string) []Receiver {
	l := &loader{get: func(name string) string { return strings.TrimSpace(getenv(name)) }}
	c := &Config{}
	l.receivers(c, Needs{})
	routeEnvReceivers(c)
	return c.Receivers
}
