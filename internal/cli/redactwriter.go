package cli

import (
	"io"

	"github.com/campaignwatch/campaignwatch/notify"
)

// redactingWriter passes every write through the process's Redactor
// before it reaches w: whatever a command prints (problem lines, the
// effective configuration, reports, logs) leaves the process redacted.
// A secret split across two writes is not caught; every printer here
// writes a line or a whole document at once.
type redactingWriter struct {
	w   io.Writer
	red *notify.Redactor
}

// redacting wraps w, once.
func redacting(w io.Writer) io.Writer {
	if w == nil {
		return nil
	}
	if _, ok := w.(*redactingWriter); ok {
		return w
	}
	return &redactingWriter{w: w, red: notify.Process()}
}

func (r *redactingWriter) Write(p []byte) (int, error) {
	s := string(p)
	if red := r.red.String(s); red != s {
		_, err := io.WriteString(r.w, red)
		return len(p), err
	}
	return r.w.Write(p)
}

// unwrapWriter returns the writer under a redactingWriter.
func unwrapWriter(w io.Writer) io.Writer {
	if r, ok := w.(*redactingWriter); ok {
		return r.w
	}
	return w
}
