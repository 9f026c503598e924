package snapshot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// ossBlobs keeps objects in an OSS bucket under a prefix. Create is a
// PutObject with x-oss-forbid-overwrite: true, which OSS answers with 409
// FileAlreadyExists when the key exists; on a bucket with versioning
// enabled or suspended OSS ignores that header, which probeCreateOnly
// detects before the first write (never for a store only read, such as a
// dry run's: a read-only role can dry-run).
type ossBlobs struct {
	client *oss.Client
	bucket string
	prefix string // "" or ends with "/"

	probeMu sync.Mutex
	probed  bool // the create-only probe passed
}

func (o *ossBlobs) Describe(key string) string { return "oss://" + o.bucket + "/" + o.prefix + key }

func (o *ossBlobs) Get(ctx context.Context, key string) ([]byte, error) {
	res, err := o.client.GetObject(ctx, &oss.GetObjectRequest{Bucket: oss.Ptr(o.bucket), Key: oss.Ptr(o.prefix + key)})
	if err != nil {
		return nil, o.fail("GetObject", key, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxBody+1))
	if err != nil {
		return nil, o.fail("GetObject", key, err)
	}
	if len(b) > maxBody {
		return nil, campaign.Errorf(campaign.Invalid, "%s is larger than %d bytes: not a campaignwatch object", o.Describe(key), maxBody)
	}
	return b, nil
}

func (o *ossBlobs) Create(ctx context.Context, key string, data []byte) error {
	if err := o.ensureCreateOnly(ctx); err != nil {
		return err
	}
	return o.put(ctx, key, data, true)
}

func (o *ossBlobs) Put(ctx context.Context, key string, data []byte) error {
	if err := o.ensureCreateOnly(ctx); err != nil {
		return err
	}
	return o.put(ctx, key, data, false)
}

// ensureCreateOnly runs the create-only probe before the store's first
// write, once it has passed; a probe that failed is tried again by the
// next write.
func (o *ossBlobs) ensureCreateOnly(ctx context.Context) error {
	o.probeMu.Lock()
	defer o.probeMu.Unlock()
	if o.probed {
		return nil
	}
	if err := probeCreateOnly(ctx, rawOSS{o}); err != nil {
		return err
	}
	o.probed = true
	return nil
}

// rawOSS is an ossBlobs whose writes skip the probe: the probe's own.
type rawOSS struct{ *ossBlobs }

func (r rawOSS) Create(ctx context.Context, key string, data []byte) error {
	return r.put(ctx, key, data, true)
}

// checkAccess proves, without writing, that the bucket exists and the
// credentials may list the store's prefix.
func (o *ossBlobs) checkAccess(ctx context.Context) error {
	_, err := o.client.ListObjectsV2(ctx, &oss.ListObjectsV2Request{
		Bucket: oss.Ptr(o.bucket), Prefix: oss.Ptr(o.prefix + probeDir), MaxKeys: 1,
	})
	if err != nil {
		return o.fail("ListObjectsV2", probeDir, err)
	}
	return nil
}

func (o *ossBlobs) put(ctx context.Context, key string, data []byte, createOnly bool) error {
	req := &oss.PutObjectRequest{
		Bucket: oss.Ptr(o.bucket), Key: oss.Ptr(o.prefix + key),
		Body: bytes.NewReader(data), ContentLength: oss.Ptr(int64(len(data))),
	}
	if createOnly {
		req.ForbidOverwrite = oss.Ptr("true")
	}
	if _, err := o.client.PutObject(ctx, req); err != nil {
		return o.fail("PutObject", key, err)
	}
	return nil
}

func (o *ossBlobs) List(ctx context.Context, prefix string) ([]string, error) {
	p := o.client.NewListObjectsV2Paginator(&oss.ListObjectsV2Request{
		Bucket: oss.Ptr(o.bucket), Prefix: oss.Ptr(o.prefix + prefix), MaxKeys: 1000,
	})
	var keys []string
	for p.HasNext() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, o.fail("ListObjectsV2", prefix, err)
		}
		for _, c := range page.Contents {
			keys = append(keys, oss.ToString(c.Key)[len(o.prefix):])
		}
	}
	return keys, nil
}

func (o *ossBlobs) Delete(ctx context.Context, key string) error {
	_, err := o.client.DeleteObject(ctx, &oss.DeleteObjectRequest{Bucket: oss.Ptr(o.bucket), Key: oss.Ptr(o.prefix + key)})
	if err != nil {
		return o.fail("DeleteObject", key, err)
	}
	return nil
}

// fail turns an SDK error into a kinded error that names the operation and
// object, OSS's code and request id, and what to do; never a credential.
func (o *ossBlobs) fail(op, key string, err error) error {
	where := o.Describe(key)
	var se *oss.ServiceError
	if errors.As(err, &se) {
		detail := fmt.Sprintf("%s %s: HTTP %d %s (request id %s)", op, where, se.StatusCode, se.Code, se.RequestID)
		switch {
		case se.Code == "FileAlreadyExists":
			return campaign.Errorf(campaign.Conflict, "%s exists already: %w", where, campaign.ErrConflict)
		case se.Code == "NoSuchBucket":
			return campaign.Errorf(campaign.Invalid, "%s: bucket %q does not exist; check the snapshot location's bucket and the OSS region", detail, o.bucket)
		case se.StatusCode == http.StatusNotFound:
			return campaign.Errorf(campaign.NotFound, "%s does not exist", where)
		case se.StatusCode == http.StatusUnauthorized || se.StatusCode == http.StatusForbidden:
			return campaign.Errorf(campaign.Unauthorized, "%s: OSS refused the credentials; check them and that they may get, put, delete and list objects in the bucket", detail)
		case se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500:
			return campaign.Errorf(campaign.Unavailable, "%s: OSS is failing; try again later", detail)
		default:
			return campaign.Errorf(campaign.Internal, "%s: %s", detail, se.Message)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return campaign.Errorf(campaign.Unavailable, "%s %s: %v", op, where, err)
	}
	return campaign.Errorf(campaign.Unavailable, "%s %s: could not reach OSS (%v); check the OSS region or endpoint and the network", op, where, err)
}

// probeCreateOnly proves that Create refuses an existing key on this bucket
// before the store relies on it: it creates one probe object twice and wants
// the second to fail with Conflict. OSS ignores x-oss-forbid-overwrite on
// buckets with versioning enabled or suspended; there the second write
// succeeds and the store refuses to open. This needs no permission beyond
// the ones the store uses anyway (GetBucketVersioning would).
func probeCreateOnly(ctx context.Context, b blobs) error {
	key := probeDir + newToken()
	if err := b.Create(ctx, key, []byte("campaignwatch create-only probe")); err != nil {
		return err
	}
	defer func() { _ = b.Delete(context.WithoutCancel(ctx), key) }()
	err := b.Create(ctx, key, []byte("campaignwatch create-only probe, second write"))
	switch campaign.KindOf(err) {
	case campaign.Conflict:
		return nil
	case "":
		return campaign.Errorf(campaign.Invalid,
			"snapshot location: bucket refuses no overwrite (%s was written twice): versioning is enabled or suspended on it, and OSS then ignores x-oss-forbid-overwrite, so two overlapping runs could both commit; use a bucket that never had versioning",
			b.Describe(key))
	default:
		return err
	}
}
