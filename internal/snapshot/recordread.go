package snapshot

import (
	"context"
	"strings"
)

// readRecord reads the JSON record at key into a T (decodeStrict); one
// that does not decode is damaged, and advice says what to do about it.
// The store's small records (refusals, messages set aside, silences,
// failed runs) are all read through it.
func readRecord[T any](ctx context.Context, s *Store, key, advice string) (T, error) {
	var rec T
	b, err := s.b.Get(ctx, key)
	if err != nil {
		return rec, err
	}
	if err := decodeStrict(b, &rec); err != nil {
		return rec, s.damaged(key, err, advice)
	}
	return rec, nil
}

// readRecords lists prefix and reads every record under it, in key
// order; a key that is not a .json record is unexpected.
func readRecords[T any](ctx context.Context, s *Store, prefix, advice string) ([]T, error) {
	keys, err := s.b.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		if !strings.HasSuffix(k, ".json") {
			return nil, s.unexpected(k)
		}
		rec, err := readRecord[T](ctx, s, k, advice)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}
