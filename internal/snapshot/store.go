package snapshot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/history"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// Options configure Open. Only the oss:// scheme uses the OSS fields.
type Options struct {
	// Region is the bucket's region; required for oss://.
	Region string
	// Endpoint overrides the region's endpoint, e.g.
	// "http://127.0.0.1:9001" for a local OSS-compatible server.
	Endpoint string
	// Credentials signs OSS requests; required for oss://. Feed it from the
	// same chain as the API client (credentials-go).
	Credentials credentials.CredentialsProvider
	// HTTPClient carries OSS requests; nil means the SDK's default.
	HTTPClient *http.Client
	// Now is the clock for claim expiry and commit times; nil means
	// time.Now.
	Now func() time.Time
	// Logger receives best-effort clean-up failures; nil discards them.
	Logger *slog.Logger
	// Zone is the zone the history's days are reckoned in
	// (DIGEST_TIMEZONE); nil means UTC.
	Zone *time.Location
	// HistoryDays is how many days the change history and the series are
	// kept (HISTORY_DAYS); 0 means history.DefaultDays.
	HistoryDays int
}

// Store is a campaign.Store over a file:// directory or an oss:// prefix.
// See the package documentation for its layout and why two overlapping
// runs cannot both commit or both deliver. It is safe for concurrent use.
type Store struct {
	b    *counting
	now  func() time.Time
	log  *slog.Logger
	zone *time.Location
	// historyKeep is how long the history is kept.
	historyKeep time.Duration
	// days are the day objects read, decoded (daycache.go).
	days *dayCache
	// decoded are the manifests read last, decoded (manifestcache.go).
	decoded decodedCache
}

var _ campaign.Store = (*Store)(nil)

// Open opens the store that rawURL names: "file://DIR", DIR relative or
// absolute, created by the first write if missing (Open and reads write
// nothing); or "oss://BUCKET/PREFIX". The configuration has checked the
// URL, bucket name, region and credentials: a URL or option it would have
// refused is an error of kind Internal. Open writes nothing: an oss://
// store lists one key under PREFIX/probe/ to prove the bucket and the
// credentials; before its first write it creates (and deletes) one small
// object there twice, and refuses that write and every later one, with an
// error of kind Invalid, on a bucket where create-only writes do not hold
// (versioning on). A dry run, which only reads, never writes the probe.
// OSS that cannot be reached is Unavailable, refused credentials
// Unauthorized.
func Open(ctx context.Context, rawURL string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Zone == nil {
		opt.Zone = time.UTC
	}
	if opt.HistoryDays <= 0 {
		opt.HistoryDays = history.DefaultDays
	}
	var b blobs
	switch {
	case strings.HasPrefix(rawURL, "file://"):
		dir := strings.TrimPrefix(rawURL, "file://")
		if dir == "" {
			return nil, campaign.Errorf(campaign.Internal, "snapshot.Open: %q names no directory", rawURL)
		}
		fb, err := newFileBlobs(dir)
		if err != nil {
			return nil, err
		}
		b = fb
	case strings.HasPrefix(rawURL, "oss://"):
		ob, err := newOSSBlobs(rawURL, opt)
		if err != nil {
			return nil, err
		}
		if err := ob.checkAccess(ctx); err != nil {
			return nil, campaign.StoreError(err)
		}
		b = ob
	default:
		return nil, campaign.Errorf(campaign.Internal, "snapshot.Open: %q is neither file://DIR nor oss://BUCKET/PREFIX", rawURL)
	}
	return &Store{b: &counting{blobs: b}, now: opt.Now, log: opt.Logger, zone: opt.Zone,
		historyKeep: time.Duration(opt.HistoryDays) * 24 * time.Hour, days: &dayCache{}}, nil
}

func newOSSBlobs(rawURL string, opt Options) (*ossBlobs, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, campaign.Errorf(campaign.Internal, "snapshot.Open: %q is not oss://BUCKET/PREFIX", rawURL)
	}
	prefix := strings.Trim(u.Path, "/")
	if prefix != "" {
		prefix += "/"
	}
	if opt.Region == "" || opt.Credentials == nil {
		return nil, campaign.Errorf(campaign.Internal, "snapshot.Open: an oss:// store needs Options.Region and Options.Credentials")
	}
	cfg := oss.LoadDefaultConfig().WithRegion(opt.Region).WithCredentialsProvider(opt.Credentials).
		WithRetryer(retry.OSSDefault()) // the shared policy; see retry.OSS
	if opt.Endpoint != "" {
		cfg = cfg.WithEndpoint(opt.Endpoint)
	}
	if opt.HTTPClient != nil {
		cfg = cfg.WithHttpClient(opt.HTTPClient)
	}
	return &ossBlobs{client: oss.NewClient(cfg), bucket: u.Host, prefix: prefix}, nil
}

// Stats returns the store's traffic with its storage since Open.
func (s *Store) Stats() stats { return s.b.stats() }

// Where names the store's root for people: a directory or an oss:// URL.
func (s *Store) Where() string { return s.b.Describe("") }

// readBack is the policy of create's read-back: three tries, a short
// backoff (the OSS SDK retries each one too, by the same policy).
var readBack = retry.Policy{Attempts: 3, Initial: 200 * time.Millisecond, Max: time.Second, Multiplier: 2}

// create is Create made safe against a lost reply: the OSS SDK retries a
// write whose reply was lost, and the retry of a create that landed meets
// its own object. When the existing object holds exactly our bytes (every
// record carries a random token, so no other run writes the same bytes),
// the create succeeded.
func (s *Store) create(ctx context.Context, key string, data []byte) error {
	err := s.b.Create(ctx, key, data)
	if campaign.KindOf(err) != campaign.Conflict {
		return err
	}
	// The read-back decides; if it cannot be made, the outcome is unknown,
	// and answering Conflict would make a committing run believe it lost
	// and delete what may be the committed generation's data.
	var got []byte
	gerr := readBack.Do(ctx, func(ctx context.Context, _ int) error {
		var err error
		got, err = s.b.Get(ctx, key)
		return err
	})
	var re *retry.Error
	switch {
	case errors.As(gerr, &re) && re.Reason == retry.Stopped:
		return campaign.Wrap(campaign.Unavailable, re.Cause, key+": create answered 409 and the read-back could not be made; outcome unknown")
	case gerr != nil:
		return campaign.Wrap(campaign.Unavailable, gerr, key+": create answered 409 and the read-back failed; outcome unknown, a later run will see")
	case bytes.Equal(got, data):
		return nil
	default:
		return err // someone else's object
	}
}

// bestEffortDelete deletes keys, logging failures: prune finds what is left.
func (s *Store) bestEffortDelete(ctx context.Context, keys ...string) {
	for _, k := range keys {
		if err := s.b.Delete(context.WithoutCancel(ctx), k); err != nil {
			s.log.WarnContext(ctx, "snapshot store: could not delete an unused object; prune will retry", "object", s.b.Describe(k), "err", err)
		}
	}
}
