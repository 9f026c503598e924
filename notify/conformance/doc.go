// Package conformance holds the tests every chat service of
// notify/receivers passes, against its fake from
// notify/receivers/receiverstest: signatures the fake verifies, size limits
// and splitting, throttling retried, mentions on the first part only,
// hostile campaign names that mention nobody, secrets kept out of errors,
// and golden files in every language. A registered service is tested
// whether or not its author remembered to: the tests iterate the registry.
// The package has no code of its own.
package conformance
