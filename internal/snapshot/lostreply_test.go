package snapshot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// loseThenFailReadBack: the manifest's create lands but its reply is lost
// (the SDK's retry meets 409), and the read-back GET that create() uses to
// recognise its own object fails once (the same network trouble).
type loseThenFailReadBack struct {
	blobs
	fake     *ossfake.Server
	failNext string
}

func (l *loseThenFailReadBack) Create(ctx context.Context, key string, data []byte) error {
	if strings.HasPrefix(key, genDir) {
		l.fake.LoseNextReplies(1)
		l.failNext = key
	}
	return l.blobs.Create(ctx, key, data)
}

func (l *loseThenFailReadBack) Get(ctx context.Context, key string) ([]byte, error) {
	if key == l.failNext {
		l.failNext = ""
		return nil, campaign.Errorf(campaign.Unavailable, "GetObject %s: could not reach OSS (read: connection reset)", key)
	}
	return l.blobs.Get(ctx, key)
}

// TestCommitWhoseReadBackFailsIsNotALostRace: the manifest's create lands,
// its reply is lost, the SDK's retry meets 409, and the read-back that
// would recognise our own object fails too. The outcome is unknown, so the
// commit must not be taken for a lost race (which deletes the committed
// generation's data and outbox mark): found in review.
func TestCommitWhoseReadBackFailsIsNotALostRace(t *testing.T) {
	ctx := context.Background()
	fake := ossfake.New(testBucket)
	defer fake.Close()
	s, err := Open(ctx, "oss://"+testBucket+"/p", Options{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1700000000, 0).UTC()
	if err := s.Commit(ctx, testSnapshot(1, at, fakeCampaigns(20, 1)), nil); err != nil {
		t.Fatal(err)
	}
	s.b.blobs = &loseThenFailReadBack{blobs: s.b.blobs, fake: fake}
	a := &campaign.Alert{Kind: campaign.AlertChanges, Generation: 2, At: at.Add(time.Minute), Receivers: receivers,
		Changes: []campaign.Change{{Type: campaign.Added, CustSpaceID: "x", PageID: "y", CampaignID: "1"}}}
	err = s.Commit(ctx, testSnapshot(2, at.Add(time.Minute), fakeCampaigns(21, 1)), a)
	if k := campaign.KindOf(err); k != campaign.Unavailable && err != nil {
		t.Fatalf("Commit: kind %s (%v), want success or Unavailable", k, err)
	}
	if _, ok := fake.Object(testBucket, "p/"+genKey(2)); !ok {
		t.Fatal("manifest 2 not there")
	}
	snap, err := s.Latest(ctx)
	if err != nil || snap.Generation != 2 {
		t.Fatalf("Latest after the commit: %v, %v", snap, err)
	}
	if p, err := pendingOf(s, ctx, receivers[0]); err != nil || len(p) != 1 {
		t.Fatalf("pending for %s: %d alerts, err %v; want the committed alert", receivers[0], len(p), err)
	}
}
