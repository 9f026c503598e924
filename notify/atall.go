package notify

import (
	"context"
	"log/slog"
	"sync"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// A chat may refuse a message for its @all mention alone: a Feishu group
// whose owner lets only the owner and admins mention everyone refuses the
// bot's card outright. Refused on every run, the message would hold back
// the receiver's later alerts until it is set aside. Instead, the
// notifier posts the same message again at once without the mention
// (Service.WithoutAll), and the first such message a receiver gets
// carries a note saying why and what to do; later ones do not repeat it.

// NoteAllRefused names the note "this chat does not let campaignwatch
// mention everyone" in Notes.
const NoteAllRefused = "mention-all-refused"

// Notes remembers which notes each receiver has been given. The snapshot
// store keeps them (create-only), so that a note is given once across
// runs and instances.
type Notes interface {
	// NoteGiven reports whether receiver (its ID) was given note.
	NoteGiven(ctx context.Context, receiver, note string) (bool, error)
	// GiveNote records that receiver was given note; recording it twice
	// is not an error.
	GiveNote(ctx context.Context, receiver, note string) error
}

// memNotes are the notes given in this process, for notifiers built
// without a store (the test command).
type memNotes struct {
	mu    sync.Mutex
	given map[string]bool
}

func (m *memNotes) NoteGiven(_ context.Context, receiver, note string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.given[receiver+"\x00"+note], nil
}

func (m *memNotes) GiveNote(_ context.Context, receiver, note string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.given == nil {
		m.given = map[string]bool{}
	}
	m.given[receiver+"\x00"+note] = true
	return nil
}

// postWithoutAll posts m again without its @all mention after the chat
// refused it (refused), with the note the first time the receiver's chat
// refuses one. The note is recorded only once a message carrying it has
// been delivered, so that a post that fails carries it again next time.
// When the message is refused without the mention too, the mention was
// not the cause: that refusal is the answer.
func (n *notifier) postWithoutAll(ctx context.Context, m campaign.Message, refused error) error {
	given, err := n.notes.NoteGiven(ctx, n.id, NoteAllRefused)
	if err != nil {
		n.log.WarnContext(ctx, "notify: reading whether the @all note was given failed; giving it", slog.String("error", err.Error()))
	}
	note := ""
	if !given {
		note = catalog.For(n.loc.Language).AllRefused
	}
	body, ok, err := n.svc.WithoutAll(m.Body, note)
	if err != nil && note != "" {
		note = "" // no room for it: the mention goes all the same
		body, ok, err = n.svc.WithoutAll(m.Body, note)
	}
	if err != nil || !ok {
		return refused
	}
	if err := n.post(ctx, body, m.ID); err != nil {
		return err
	}
	n.log.WarnContext(ctx, "notify: the chat refused the message's @all mention; posted it without the mention",
		slog.String("event", "mention_all_refused"), slog.Bool("noted", note != ""))
	if note != "" {
		if err := n.notes.GiveNote(ctx, n.id, NoteAllRefused); err != nil {
			n.log.WarnContext(ctx, "notify: recording the @all note failed; the next message refused so carries it again", slog.String("error", err.Error()))
		}
	}
	return nil
}
