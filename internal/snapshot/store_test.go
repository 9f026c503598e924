package snapshot

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

func TestCommitLatestAsOf(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			if got, err := s.Latest(ctx); got != nil || err != nil {
				t.Fatalf("empty store: Latest = %v, %v; want nil, nil", got, err)
			}
			t0 := clk.now()
			var snaps []*campaign.Snapshot
			for g := int64(1); g <= 4; g++ {
				snap := testSnapshot(g, t0.Add(time.Duration(g)*time.Hour), fakeCampaigns(50+int(g), uint64(g)))
				if err := s.Commit(ctx, snap, nil); err != nil {
					t.Fatalf("commit %d: %v", g, err)
				}
				snaps = append(snaps, snap)
			}
			latest, err := s.Latest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(latest, snaps[3]) {
				t.Fatalf("Latest differs from the last commit:\n got %+v\nwant %+v", latest.Channels, snaps[3].Channels)
			}
			asOf := []struct {
				name string
				at   time.Time
				want int64 // 0: none
			}{
				{"before the history", t0, 0},
				{"exactly at gen 2", t0.Add(2 * time.Hour), 2},
				{"between 2 and 3", t0.Add(2*time.Hour + 30*time.Minute), 2},
				{"after the latest", t0.Add(48 * time.Hour), 4},
			}
			for _, tc := range asOf {
				t.Run(tc.name, func(t *testing.T) {
					got, err := s.AsOf(ctx, tc.at)
					if err != nil {
						t.Fatal(err)
					}
					if tc.want == 0 {
						if got != nil {
							t.Fatalf("got generation %d, want none", got.Generation)
						}
						return
					}
					if got == nil || got.Generation != tc.want || len(got.Campaigns) != len(snaps[tc.want-1].Campaigns) {
						t.Fatalf("got %+v, want generation %d", got, tc.want)
					}
				})
			}
		})
	}
}

func TestCommitRefusals(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	unsorted := fakeCampaigns(3, 1)
	unsorted[0], unsorted[2] = unsorted[2], unsorted[0]
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			s, _ := be.open(t, nil)
			if err := s.Commit(ctx, testSnapshot(1, at, fakeCampaigns(3, 1)), nil); err != nil {
				t.Fatal(err)
			}
			tests := []struct {
				name  string
				snap  *campaign.Snapshot
				alert *campaign.Alert
				kind  campaign.Kind
				text  string
			}{
				{"same generation again", testSnapshot(1, at, nil), nil, campaign.Conflict, "another run committed"},
				{"a generation skipped", testSnapshot(3, at, nil), nil, campaign.Internal, "commit 2"},
				{"unsorted campaigns", testSnapshot(2, at, unsorted), nil, campaign.Internal, "not sorted"},
				{"alert of another generation", testSnapshot(2, at, nil), &campaign.Alert{Generation: 7}, campaign.Internal, "alert of generation 7"},
				{"no time", &campaign.Snapshot{Generation: 2}, nil, campaign.Internal, "out of range"},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					err := s.Commit(ctx, tc.snap, tc.alert)
					if campaign.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.text) {
						t.Fatalf("got %v (kind %q), want kind %q containing %q", err, campaign.KindOf(err), tc.kind, tc.text)
					}
				})
			}
			if err := s.Commit(ctx, testSnapshot(1, at, nil), nil); !errors.Is(err, campaign.ErrConflict) {
				t.Fatalf("conflict does not wrap campaign.ErrConflict: %v", err)
			}
		})
	}
}

func TestAlertsAndEnqueue(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			clk := newClock()
			s, _ := be.open(t, clk.now)
			t0 := clk.now()
			cs := fakeCampaigns(10, 1)
			if err := s.Commit(ctx, testSnapshot(1, t0, cs), &campaign.Alert{ID: "g1", Kind: campaign.AlertBaseline, Generation: 1, At: t0, Receivers: []string{"slack-1"}, Watching: 10}); err != nil {
				t.Fatal(err)
			}
			if err := s.Commit(ctx, testSnapshot(2, t0.Add(time.Hour), cs), nil); err != nil {
				t.Fatal(err)
			}
			changes := []campaign.Change{{Type: campaign.BudgetChanged, CustSpaceID: cs[0].CustSpaceID, PageID: cs[0].PageID, CampaignID: cs[0].CampaignID, Old: "100", New: "200"}}
			if err := s.Commit(ctx, testSnapshot(3, t0.Add(2*time.Hour), cs), &campaign.Alert{ID: "g3", Kind: campaign.AlertChanges, Generation: 3, At: t0.Add(2 * time.Hour), Receivers: []string{"slack-1"}, Changes: changes}); err != nil {
				t.Fatal(err)
			}
			digest := &campaign.Alert{ID: "digest-2026-03-01", Kind: campaign.AlertDigest, At: t0.Add(90 * time.Minute), Receivers: []string{"slack-1"}, Digest: &campaign.Digest{Date: "2026-03-01", Zone: "UTC"}}
			if err := s.Enqueue(ctx, digest); err != nil {
				t.Fatal(err)
			}
			if err := s.Enqueue(ctx, digest); campaign.KindOf(err) != campaign.Conflict {
				t.Fatalf("second Enqueue of one ID: %v, want Conflict", err)
			}
			tests := []struct {
				name         string
				since, until time.Time
				want         []string
			}{
				{"all", t0, t0.Add(3 * time.Hour), []string{"g1", "digest-2026-03-01", "g3"}},
				{"until is exclusive", t0, t0.Add(2 * time.Hour), []string{"g1", "digest-2026-03-01"}},
				{"since is inclusive", t0.Add(2 * time.Hour), t0.Add(3 * time.Hour), []string{"g3"}},
				{"empty window", t0.Add(5 * time.Hour), t0.Add(6 * time.Hour), nil},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					got, err := s.Alerts(ctx, tc.since, tc.until)
					if err != nil {
						t.Fatal(err)
					}
					var ids []string
					for _, a := range got {
						id, _, _ := strings.Cut(a.ID, "-") // "g1-<token>": the generation is what the case names
						if a.Kind == campaign.AlertDigest {
							id = a.ID
						}
						ids = append(ids, id)
					}
					if !reflect.DeepEqual(ids, tc.want) {
						t.Fatalf("got %v, want %v", ids, tc.want)
					}
				})
			}
			got, _ := s.Alerts(ctx, t0.Add(2*time.Hour), t0.Add(3*time.Hour))
			if len(got) != 1 || !reflect.DeepEqual(got[0].Changes, changes) {
				t.Fatalf("alert g3 lost its changes: %+v", got)
			}
		})
	}
}

func TestOpenRefusals(t *testing.T) {
	ctx := context.Background()
	fake := ossfake.New(testBucket, "cw-versioned")
	defer fake.Close()
	fake.SetVersioning("cw-versioned", true)
	ossOpt := Options{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()}
	tests := []struct {
		name string
		url  string
		opt  Options
		kind campaign.Kind
		text string
	}{
		// What the configuration checks is a programming error here.
		{"unknown scheme", "s3://bucket/x", Options{}, campaign.Internal, "neither file://DIR nor oss://"},
		{"no directory", "file://", Options{}, campaign.Internal, "names no directory"},
		{"no region", "oss://" + testBucket + "/x", Options{Credentials: fake.Credentials()}, campaign.Internal, "Options.Region"},
		{"no credentials", "oss://" + testBucket + "/x", Options{Region: "cn-hangzhou"}, campaign.Internal, "Options.Credentials"},
		{"missing bucket", "oss://cw-nothere/x", ossOpt, campaign.Invalid, "does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(ctx, tc.url, tc.opt)
			if campaign.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got %v (kind %q), want kind %q containing %q", err, campaign.KindOf(err), tc.kind, tc.text)
			}
			if strings.Contains(err.Error(), ossfake.AccessKeySecret) {
				t.Fatalf("error carries the secret: %v", err)
			}
		})
	}
}

// TestVersionedBucketRefusesTheFirstWrite: on a bucket where create-only
// writes do not hold, Open and reads succeed (a dry run works), the first
// commit is refused naming versioning, and the probe leaves nothing behind.
func TestVersionedBucketRefusesTheFirstWrite(t *testing.T) {
	ctx := context.Background()
	fake := ossfake.New("cw-versioned")
	defer fake.Close()
	fake.SetVersioning("cw-versioned", true)
	s, err := Open(ctx, "oss://cw-versioned/x", Options{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if snap, err := s.Latest(ctx); err != nil || snap != nil {
		t.Fatalf("Latest on an empty store: %v, %v", snap, err)
	}
	for range 2 { // refused again, not remembered as passed
		err = s.Commit(ctx, testSnapshot(1, time.Unix(1700000000, 0).UTC(), fakeCampaigns(3, 1)), nil)
		if campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "versioning") {
			t.Fatalf("commit on a versioned bucket: %v (kind %q), want Invalid naming versioning", err, campaign.KindOf(err))
		}
	}
	if keys := fake.Keys("cw-versioned", ""); len(keys) != 0 {
		t.Fatalf("the refused probe left objects behind: %v", keys)
	}
}

// TestOpenAndReadsWriteNothing: opening an oss:// store and reading it (what
// a dry run does) writes no object at all, so a role that may only read
// and list can dry-run; the first commit then probes and writes.
func TestOpenAndReadsWriteNothing(t *testing.T) {
	ctx := context.Background()
	fake := ossfake.New(testBucket)
	defer fake.Close()
	s, err := Open(ctx, "oss://"+testBucket+"/p", Options{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Latest(ctx); err != nil {
		t.Fatal(err)
	}
	if st := fake.Stats(); st.Puts != 0 || st.Deletes != 0 {
		t.Fatalf("Open and Latest wrote to OSS: %d PUTs, %d DELETEs", st.Puts, st.Deletes)
	}
	if keys := fake.Keys(testBucket, ""); len(keys) != 0 {
		t.Fatalf("Open and Latest left objects: %v", keys)
	}
	if err := s.Commit(ctx, testSnapshot(1, time.Unix(1700000000, 0).UTC(), fakeCampaigns(3, 1)), nil); err != nil {
		t.Fatalf("the first commit: %v", err)
	}
	for _, k := range fake.Keys(testBucket, "") {
		if strings.HasPrefix(k, "p/probe/") {
			t.Fatalf("the probe object %s was left behind", k)
		}
	}
}

func TestOSSLostReplyStillCommits(t *testing.T) {
	ctx := context.Background()
	fake := ossfake.New(testBucket)
	defer fake.Close()
	s, err := Open(ctx, "oss://"+testBucket+"/p", Options{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	snap := testSnapshot(1, time.Unix(1700000000, 0).UTC(), fakeCampaigns(20, 1))
	// The manifest's create lands but its reply is lost: the SDK's retry
	// meets the object it wrote itself, which must count as success.
	s.b.blobs = &loseOn{blobs: s.b.blobs, fake: fake, prefix: genDir}
	if err := s.Commit(ctx, snap, nil); err != nil {
		t.Fatalf("commit with a lost reply: %v", err)
	}
	got, err := s.Latest(ctx)
	if err != nil || got == nil || got.Generation != 1 {
		t.Fatalf("Latest after a lost reply: %v, %v", got, err)
	}
	if keys := fake.Keys(testBucket, "p/data/"); len(keys) != 1 {
		t.Fatalf("data objects: %v, want exactly the committed one", keys)
	}
}

// loseOn arms the fake to lose the reply of the next Create under prefix.
type loseOn struct {
	blobs
	fake   *ossfake.Server
	prefix string
}

func (l *loseOn) Create(ctx context.Context, key string, data []byte) error {
	if strings.HasPrefix(key, l.prefix) {
		l.fake.LoseNextReplies(1)
	}
	return l.blobs.Create(ctx, key, data)
}
