// Package configsource reads campaignwatch's configuration file from OSS
// (oss://BUCKET/KEY), so that internal/config stays off the network. It
// keeps the last object and its ETag, so that reading an unchanged object
// again costs one conditional request (GetObject with If-None-Match,
// answered 304).
package configsource

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/config"
	"github.com/campaignwatch/campaignwatch/internal/retry"
)

// OSSOptions configure NewOSS.
type OSSOptions struct {
	// Region is the bucket's region; Endpoint, when set, overrides the
	// region's endpoint ("http://127.0.0.1:9001" for a local fake).
	Region, Endpoint string
	// Credentials sign the requests.
	Credentials credentials.CredentialsProvider
	// HTTPClient carries the requests; nil means the SDK's default.
	HTTPClient *http.Client
}

// OSS reads one object. It is safe for concurrent use.
type OSS struct {
	client      *oss.Client
	bucket, key string

	mu   sync.Mutex
	etag string
	data []byte
}

// NewOSS returns a reader of oss://bucket/key. It makes no request.
func NewOSS(bucket, key string, opt OSSOptions) (*OSS, error) {
	if bucket == "" || key == "" || opt.Region == "" || opt.Credentials == nil {
		return nil, campaign.Errorf(campaign.Internal, "configsource.NewOSS: bucket, key, region and credentials are required")
	}
	cfg := oss.LoadDefaultConfig().WithRegion(opt.Region).WithCredentialsProvider(opt.Credentials).
		WithRetryer(retry.OSSDefault()) // the shared policy; see retry.OSS
	if opt.Endpoint != "" {
		cfg = cfg.WithEndpoint(opt.Endpoint)
	}
	if opt.HTTPClient != nil {
		cfg = cfg.WithHttpClient(opt.HTTPClient)
	}
	return &OSS{client: oss.NewClient(cfg), bucket: bucket, key: key}, nil
}

// Name is oss://BUCKET/KEY.
func (o *OSS) Name() string { return "oss://" + o.bucket + "/" + o.key }

// Read returns the object, and whether it differs from what the previous
// Read returned (always true on the first). After the first, it asks with
// If-None-Match and reuses the kept copy on 304. A missing object or a
// refused read is an error of kind Invalid naming the object; OSS out of
// reach is Unavailable.
func (o *OSS) Read(ctx context.Context) (*config.File, bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	req := &oss.GetObjectRequest{Bucket: oss.Ptr(o.bucket), Key: oss.Ptr(o.key)}
	if o.etag != "" {
		req.IfNoneMatch = oss.Ptr(o.etag)
	}
	res, err := o.client.GetObject(ctx, req)
	if err != nil {
		var se *oss.ServiceError
		if errors.As(err, &se) && se.StatusCode == http.StatusNotModified && o.data != nil {
			return &config.File{Name: o.Name(), Data: o.data}, false, nil
		}
		return nil, false, o.fail(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, config.MaxFileBytes+1))
	if err != nil {
		return nil, false, o.fail(err)
	}
	o.data = data
	o.etag = ""
	if res.ETag != nil {
		o.etag = *res.ETag
	}
	return &config.File{Name: o.Name(), Data: data}, true, nil
}

func (o *OSS) fail(err error) error {
	var se *oss.ServiceError
	if errors.As(err, &se) {
		switch se.StatusCode {
		case http.StatusNotFound:
			return campaign.Errorf(campaign.Invalid, "configuration file %s does not exist (%s): upload it, or fix %s", o.Name(), se.Code, config.FileAdvice)
		case http.StatusForbidden, http.StatusUnauthorized:
			return campaign.Errorf(campaign.Invalid, "configuration file %s cannot be read (%s): grant the function's role oss:GetObject on it", o.Name(), se.Code)
		}
		return campaign.Errorf(campaign.Unavailable, "reading configuration file %s: OSS answered %d %s (request %s); try again", o.Name(), se.StatusCode, se.Code, se.RequestID)
	}
	return campaign.Errorf(campaign.Unavailable, "reading configuration file %s: OSS is out of reach; try again", o.Name())
}
