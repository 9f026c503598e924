package snapshot

import (
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
)

// craftedFrontCodedBody is a format-1 body of n campaigns whose names
// each share the whole previous name of s bytes (suffix empty): about
// s + 8n bytes that would make a decoder build n*s bytes of names.
func craftedFrontCodedBody(n, s int) []byte {
	var b []byte
	uv := func(v uint64) { b = binary.AppendUvarint(b, v) }
	uv(1)         // generation
	uv(0)         // takenAt
	uv(0)         // channels
	uv(uint64(n)) // campaigns
	uv(1)         // channel runs
	uv(1)
	b = append(b, 'a') // space
	uv(1)
	b = append(b, 'p') // page
	uv(uint64(n))
	for range n { // ids: delta-coded, 1,2,3...
		uv(3) // tag-1 = 2 -> zigzag +1
	}
	uv(0)
	uv(uint64(s)) // first name: s bytes
	b = append(b, make([]byte, s)...)
	for range n - 1 {
		uv(uint64(s))
		uv(0) // share all s bytes, empty suffix
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
	return b
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	f()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

// TestCraftedNamesCannotAskForGigabytes: a format-1 object whose names
// each share the whole previous name would have made a front-coding
// decoder allocate n*s bytes from an object of a few KB (found in
// review). Format 1 is no longer read: such an object is refused by its
// header, before anything is decompressed.
func TestCraftedNamesCannotAskForGigabytes(t *testing.T) {
	body := craftedFrontCodedBody(4096, 1<<20)
	obj, err := frame(1, body)
	if err != nil {
		t.Fatal(err)
	}
	var derr error
	got := allocated(func() { _, derr = decodeSnapshot(obj) })
	if derr == nil || !strings.Contains(derr.Error(), "unknown format version 1") {
		t.Errorf("decode err = %v, want format 1 refused", derr)
	}
	limit := uint64(1 << 20)
	if raceEnabled { // its instrumentation allocates too
		limit = 8 << 20
	}
	if got > limit {
		t.Errorf("a %d-byte format-1 object made the decoder allocate %d KiB", len(obj), got>>10)
	}
}

// TestDeclaredSizeIsNotAnAllocation: an object that declares the largest
// body its size allows but delivers a few bytes is refused having
// allocated about what it delivered, not what it declared.
func TestDeclaredSizeIsNotAnAllocation(t *testing.T) {
	obj, err := frame(dataVersion, make([]byte, 10))
	if err != nil {
		t.Fatal(err)
	}
	obj = append(obj, make([]byte, 100_000)...) // stored bytes that let it declare ~100 MB
	declared := uint32(maxExpansion(len(obj) - headerLen))
	binary.LittleEndian.PutUint32(obj[crcAt+4:], declared)
	binary.LittleEndian.PutUint32(obj[crcAt:], crc32.Checksum(obj[crcAt+4:], castagnoli))
	var derr error
	got := allocated(func() { _, derr = decodeSnapshot(obj) })
	if derr == nil || !strings.Contains(derr.Error(), "not the") {
		t.Errorf("decode err = %v, want the short body refused", derr)
	}
	if got > 8<<20 {
		t.Errorf("declaring %d MiB made the decoder allocate %d KiB", declared>>20, got>>10)
	}
	t.Logf("declared %d MiB, allocated %d KiB", declared>>20, got>>10)
}
