package snapshot

import (
	"encoding/binary"
	"runtime"
	"strings"
	"testing"
)

// TestCraftedNamesCannotAskForGigabytes: a body whose names each share
// the whole previous name (suffix empty) would make the decoder allocate
// n*S bytes from about S + 8n bytes of body (found in review). It must
// fail with a clear error instead, allocating little.
func TestCraftedNamesCannotAskForGigabytes(t *testing.T) {
	const n, S = 64, 1 << 20
	var b []byte
	uv := func(v uint64) { b = binary.AppendUvarint(b, v) }
	uv(1) // generation
	uv(0) // takenAt
	uv(0) // channels
	uv(n) // campaigns
	uv(1) // channel runs
	uv(1)
	b = append(b, 'a') // space
	uv(1)
	b = append(b, 'p') // page
	uv(n)
	for range n { // ids: delta-coded, 1,2,3...
		uv(3) // tag-1 = 2 -> zigzag +1
	}
	uv(0)
	uv(S) // first name: S bytes
	b = append(b, make([]byte, S)...)
	for range n - 1 {
		uv(S)
		uv(0) // share all S bytes, empty suffix
	}
	for range 3 { // dicts: one value, all code 0
		uv(1)
		uv(1)
		b = append(b, 'x')
		for range n {
			uv(0)
		}
	}
	for range 2 * n {
		uv(0)
	}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	_, err := decodeBody(b)
	runtime.ReadMemStats(&m1)
	if err == nil || !strings.Contains(err.Error(), "names longer") {
		t.Errorf("decode err = %v, want the names refused", err)
	}
	if m1.TotalAlloc-m0.TotalAlloc > uint64(len(b))*16 {
		t.Errorf("decode allocated %dx the body size", (m1.TotalAlloc-m0.TotalAlloc)/uint64(len(b)))
	}
}
