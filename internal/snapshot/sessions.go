package snapshot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Revoked dashboard sessions live under sessions/revoked/:
//
//	sessions/revoked/<expiry unix seconds, 12 digits>-<session id>
//
// one create-only object per logout. The key alone answers "is this
// session revoked" (one read, no listing), and the expiry in it lets
// PruneSessions drop a record once the session could not be used anyway.
const revokedDir = "sessions/revoked/"

var _ campaign.Sessions = (*Store)(nil)

func revokedKey(id string, expires time.Time) string {
	return fmt.Sprintf("%s%012d-%s", revokedDir, expires.Unix(), escape(id))
}

// revokedRecord is the body of a revocation: when it was made, for people
// reading the store.
type revokedRecord struct {
	Schema    int       `json:"schema"`
	RevokedAt time.Time `json:"revokedAt"`
}

// RevokeSession records that the session id, valid until expires, has
// ended: SessionRevoked answers true for it from then on, in every
// process that reads this store. Revoking twice is not an error.
func (s *Store) RevokeSession(ctx context.Context, id string, expires time.Time) error {
	data, err := json.Marshal(revokedRecord{Schema: 1, RevokedAt: s.now().UTC()})
	if err != nil {
		return campaign.Wrap(campaign.Internal, err, "encoding a session revocation")
	}
	err = s.b.Create(ctx, revokedKey(id, expires), data)
	if campaign.KindOf(err) == campaign.Conflict {
		return nil
	}
	return err
}

// SessionRevoked reports whether RevokeSession was called for id and
// expires. A store that cannot be read is an error (the caller refuses
// the session then: an unknown answer is not a yes).
func (s *Store) SessionRevoked(ctx context.Context, id string, expires time.Time) (bool, error) {
	_, err := s.b.Get(ctx, revokedKey(id, expires))
	switch campaign.KindOf(err) {
	case "":
		return true, nil
	case campaign.NotFound:
		return false, nil
	}
	return false, err
}

// PruneSessions deletes the revocations of sessions that expired before
// now: a cookie past its expiry is refused without asking the store.
func (s *Store) PruneSessions(ctx context.Context, now time.Time) error {
	keys, err := s.b.List(ctx, revokedDir)
	if err != nil {
		return err
	}
	for _, k := range keys {
		num, _, ok := strings.Cut(strings.TrimPrefix(k, revokedDir), "-")
		exp, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			continue // not ours to judge; leave it
		}
		if exp >= now.Unix() {
			break // keys sort by expiry
		}
		if err := s.b.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}
