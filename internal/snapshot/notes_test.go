package snapshot

import (
	"context"
	"testing"
	"time"
)

// TestNotesOnceAcrossInstances: a note given through one store is given
// for every store over the same objects, the first record stays, and
// Prune keeps it.
func TestNotesOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			c := newClock()
			s, raw := b.open(t, c.now)
			if given, err := s.NoteGiven(ctx, "feishu-0123456789ab", "mention-all-refused"); err != nil || given {
				t.Fatalf("NoteGiven before any = %v, %v", given, err)
			}
			if err := s.GiveNote(ctx, "feishu-0123456789ab", "mention-all-refused"); err != nil {
				t.Fatal(err)
			}
			key := "notes/feishu-0123456789ab/mention-all-refused.json"
			first, ok := raw.get(key)
			if !ok {
				t.Fatalf("no %s; keys %v", key, raw.keys("notes/"))
			}
			c.add(time.Hour)
			if err := s.GiveNote(ctx, "feishu-0123456789ab", "mention-all-refused"); err != nil {
				t.Fatalf("giving it again: %v", err)
			}
			if again, _ := raw.get(key); string(again) != string(first) {
				t.Errorf("the record was overwritten: %s, then %s", first, again)
			}
			if given, err := s.NoteGiven(ctx, "feishu-0123456789ab", "mention-all-refused"); err != nil || !given {
				t.Errorf("NoteGiven after = %v, %v", given, err)
			}
			if given, _ := s.NoteGiven(ctx, "feishu-ba9876543210", "mention-all-refused"); given {
				t.Error("another receiver counts as given the note")
			}
			if err := s.Prune(ctx, c.now().Add(1000*time.Hour), time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, ok := raw.get(key); !ok {
				t.Error("Prune deleted the note's record")
			}
		})
	}
}
