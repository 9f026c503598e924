package catalog

// Names the external tests of this package use.
const (
	Default = defaultTag
)

var (
	All = all
)
