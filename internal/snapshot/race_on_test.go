//go:build race

package snapshot

// raceEnabled: the race detector's instrumentation allocates on its own,
// so allocation bounds in tests allow it more room.
const raceEnabled = true
