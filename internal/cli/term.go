package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal: an *os.File whose
// descriptor is a TTY. Buffers, pipes and files are not.
func isTerminal(w io.Writer) bool {
	f, ok := unwrapWriter(w).(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// colorOn reports whether to colour what goes to w: only on a terminal,
// never with NO_COLOR set to anything (no-color.org) or TERM=dumb.
func colorOn(env Env, w io.Writer) bool {
	return env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb" && isTerminal(w)
}

// showProgress reports whether a live progress line may be drawn on
// stderr: a terminal, not inside Function Compute (whose stderr is the
// function's log), and not with TERM=dumb, which cannot erase a line.
func showProgress(env Env) bool {
	return env.Getenv("FC_RUNTIME_API") == "" && env.Getenv("TERM") != "dumb" && isTerminal(env.Stderr)
}
