package snapshot

import (
	"context"
	"encoding/json"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// The notes each receiver has been given once (notify.Notes): a chat that
// refuses campaignwatch's @all is told so on the first message it takes
// without it, and never again.
//
//	notes/<receiver id>/<note>.json   create-only; kept by Prune
const notesDir = "notes/"

func noteKey(receiver, note string) string {
	return notesDir + escape(receiver) + "/" + escape(note) + ".json"
}

// noteRecord is one notes/... object: when the note was given, for people
// reading the store.
type noteRecord struct {
	Schema  int    `json:"schema"`
	GivenAt string `json:"givenAt"`
}

// NoteGiven reports whether GiveNote recorded note for receiver. A store
// that cannot be read is an error.
func (s *Store) NoteGiven(ctx context.Context, receiver, note string) (bool, error) {
	return s.exists(ctx, noteKey(receiver, note))
}

// GiveNote records that receiver was given note, create-only: the first
// record stays, and recording it again is not an error.
func (s *Store) GiveNote(ctx context.Context, receiver, note string) error {
	if receiver == "" || note == "" {
		return campaign.Errorf(campaign.Internal, "give note: want a receiver and a note")
	}
	b, err := json.Marshal(noteRecord{Schema: schemaVersion, GivenAt: s.now().UTC().Format(time.RFC3339Nano)})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding a note")
	}
	if err := s.b.Create(ctx, noteKey(receiver, note), b); err != nil && campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	return nil
}
