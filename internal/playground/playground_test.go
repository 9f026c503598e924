package playground

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// TestStartOnATakenPortSaysSo: a port already taken is an error that names
// it and --base-port, not a panic, and what was started before it is
// stopped again (its port can be taken at once).
func TestStartOnATakenPortSaysSo(t *testing.T) {
	cases := []struct {
		name  string
		taken int // the offset of the port taken from the base
	}{
		{"the first port (the emulator's)", offsetCAMS},
		{"a later port (the HTTP routes')", offsetRoutes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			base := ln.Addr().(*net.TCPAddr).Port - c.taken
			p, err := Start(Options{BasePort: base})
			if err == nil {
				p.Close()
				t.Skipf("port %d was free again by the time the playground started", base+c.taken)
			}
			if p != nil {
				t.Errorf("Start returned a playground with its error")
			}
			if !strings.Contains(err.Error(), ln.Addr().String()) && strings.Contains(err.Error(), "address already in use") {
				// Another process holds one of the other ports of the
				// range (on a busy machine the ports next to a free one
				// are often some test's): not the case under test.
				t.Skipf("another port of the range was taken by another process: %v", err)
			}
			if !strings.Contains(err.Error(), "--base-port") || !strings.Contains(err.Error(), ln.Addr().String()) {
				t.Errorf("error %q: want the taken address and how to choose other ports", err)
			}
			if c.taken > 0 {
				// The emulator had started on base: it must be stopped.
				again, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(base)))
				if err != nil {
					t.Errorf("the emulator's port is still held after the failed start: %v", err)
				} else {
					again.Close()
				}
			}
		})
	}
}
