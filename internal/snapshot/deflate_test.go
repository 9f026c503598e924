package snapshot

import (
	"bytes"
	stdflate "compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"slices"
	"testing"
	"time"
)

// TestDataObjectsOfEitherDeflate: the body is DEFLATE, compressed by
// github.com/klauspost/compress/flate. Data objects that builds before it
// wrote with the standard library's compress/flate decode as they did,
// and the standard library inflates what is written now, so that a
// rollback to such a build reads the snapshots written since.
func TestDataObjectsOfEitherDeflate(t *testing.T) {
	snap := testSnapshot(7, time.Unix(1700000000, 0).UTC(), fakeCampaigns(5_000, 3))
	body := encodeBody(snap)

	// As the standard library wrote it: the same frame, stdlib DEFLATE.
	var out bytes.Buffer
	out.WriteString(dataMagic)
	out.WriteByte(dataVersion)
	out.Write(make([]byte, 8))
	zw, err := stdflate.NewWriter(&out, stdflate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	old := out.Bytes()
	binary.LittleEndian.PutUint32(old[crcAt+4:], uint32(len(body)))
	binary.LittleEndian.PutUint32(old[crcAt:], crc32.Checksum(old[crcAt+4:], castagnoli))
	got, err := decodeSnapshot(old)
	if err != nil {
		t.Fatalf("a data object of the standard library's DEFLATE: %v", err)
	}
	if got.Generation != snap.Generation || !got.TakenAt.Equal(snap.TakenAt) || !slices.Equal(got.Campaigns, snap.Campaigns) {
		t.Error("a data object of the standard library's DEFLATE decodes to another snapshot")
	}

	written, err := encodeSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	inflated, err := io.ReadAll(stdflate.NewReader(bytes.NewReader(written[headerLen:])))
	if err != nil {
		t.Fatalf("the standard library cannot inflate a body written now: %v", err)
	}
	if !bytes.Equal(inflated, body) {
		t.Error("the standard library inflates a body written now to other bytes")
	}
}
