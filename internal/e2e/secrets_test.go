package e2e

import (
	"fmt"
	"strings"
	"sync"
)

// The secret scan (issue 8: "a scan of every output of the suite for the
// configured secrets finds none"). Every world, when its test ends, scans
// everything the binary wrote (stdout, stderr), everything it answered
// (FC invocation results, HTTP answers, recorded with World.Record), every
// chat message the fakes accepted and every object in its store, for each
// of its secrets; tests that configure other secrets scan for those
// themselves with noSecrets.

var scanned struct {
	sync.Mutex
	outputs int
	bytes   int
}

func outputsScanned() (int, int) {
	scanned.Lock()
	defer scanned.Unlock()
	return scanned.outputs, scanned.bytes
}

// Record adds an output of the binary that did not come through its
// standard streams (an FC answer, an HTTP response) to the scan.
func (w *World) Record(name, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.extra = append(w.extra, output{name, text})
}

type output struct{ name, text string }

func (w *World) outputs() []output {
	w.mu.Lock()
	out := append([]output(nil), w.extra...)
	procs := append([]*Proc(nil), w.procs...)
	w.mu.Unlock()
	for _, p := range procs {
		select {
		case <-p.done:
			name := "campaignwatch " + strings.Join(p.res.Args, " ")
			out = append(out, output{name + ": stdout", p.res.Stdout}, output{name + ": stderr", p.res.Stderr})
		default:
		}
	}
	if w.Slack != nil {
		for i, p := range w.Slack.Payloads() {
			out = append(out, output{fmt.Sprintf("Slack message %d", i+1), string(p)})
		}
	}
	if w.Ding != nil {
		for i, m := range w.Ding.Messages() {
			out = append(out, output{fmt.Sprintf("DingTalk message %d", i+1), string(m.Body)})
		}
	}
	for k, b := range w.StoreBytes() {
		out = append(out, output{"stored object " + k, string(b)})
	}
	return out
}

func (w *World) scanSecrets() {
	w.t.Helper()
	for _, leak := range noSecrets(w.outputs(), w.Secrets()) {
		w.t.Error(leak)
	}
}

// noSecrets returns one line per secret found in an output.
func noSecrets(outs []output, secrets []string) []string {
	var leaks []string
	n := 0
	for _, o := range outs {
		n += len(o.text)
		for _, s := range secrets {
			if s != "" && strings.Contains(o.text, s) {
				i := strings.Index(o.text, s)
				leaks = append(leaks, fmt.Sprintf("secret scan: %s contains a configured secret (%d characters, starting %q) at byte %d",
					o.name, len(s), s[:min(4, len(s))], i))
			}
		}
	}
	scanned.Lock()
	scanned.outputs += len(outs)
	scanned.bytes += n
	scanned.Unlock()
	return leaks
}
