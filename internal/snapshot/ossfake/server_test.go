package ossfake_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

const bkt = "cw-test"

func client(s *ossfake.Server, creds credentials.CredentialsProvider) *oss.Client {
	cfg := oss.LoadDefaultConfig().WithRegion(ossfake.Region).WithEndpoint(s.URL).WithCredentialsProvider(creds)
	return oss.NewClient(cfg)
}

func put(ctx context.Context, c *oss.Client, key, body string, forbid bool) error {
	req := &oss.PutObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr(key), Body: bytes.NewReader([]byte(body))}
	if forbid {
		req.ForbidOverwrite = oss.Ptr("true")
	}
	_, err := c.PutObject(ctx, req)
	return err
}

func get(ctx context.Context, c *oss.Client, key string) (string, error) {
	res, err := c.GetObject(ctx, &oss.GetObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr(key)})
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return string(b), err
}

func serviceCode(err error) (int, string) {
	var se *oss.ServiceError
	if errors.As(err, &se) {
		return se.StatusCode, se.Code
	}
	return 0, ""
}

func TestObjectLifecycle(t *testing.T) {
	ctx := context.Background()
	s := ossfake.New(bkt)
	defer s.Close()
	c := client(s, s.Credentials())

	if err := put(ctx, c, "dir/a.json", "one", true); err != nil {
		t.Fatalf("create: %v", err)
	}
	err := put(ctx, c, "dir/a.json", "two", true)
	if st, code := serviceCode(err); st != http.StatusConflict || code != "FileAlreadyExists" {
		t.Fatalf("second create: got %d %q (%v), want 409 FileAlreadyExists", st, code, err)
	}
	if got, err := get(ctx, c, "dir/a.json"); err != nil || got != "one" {
		t.Fatalf("get after refused overwrite: %q, %v; want %q", got, err, "one")
	}
	if err := put(ctx, c, "dir/a.json", "three", false); err != nil {
		t.Fatalf("plain put: %v", err)
	}
	if got, _ := get(ctx, c, "dir/a.json"); got != "three" {
		t.Fatalf("get after put: %q, want three", got)
	}
	head, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr("dir/a.json")})
	if err != nil || head.ContentLength != 5 {
		t.Fatalf("head: %+v, %v", head, err)
	}
	_, err = c.GetObject(ctx, &oss.GetObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr("dir/a.json"), IfNoneMatch: head.ETag})
	if st, _ := serviceCode(err); st != http.StatusNotModified {
		t.Fatalf("If-None-Match with the current ETag: %v, want 304", err)
	}
	_, err = c.GetObject(ctx, &oss.GetObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr("dir/a.json"), IfMatch: oss.Ptr(`"nope"`)})
	if st, code := serviceCode(err); st != http.StatusPreconditionFailed || code != "PreconditionFailed" {
		t.Fatalf("If-Match with another ETag: %v, want 412", err)
	}
	if _, err := c.DeleteObject(ctx, &oss.DeleteObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr("dir/a.json")}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = get(ctx, c, "dir/a.json")
	if st, code := serviceCode(err); st != http.StatusNotFound || code != "NoSuchKey" {
		t.Fatalf("get after delete: %v, want 404 NoSuchKey", err)
	}
	_, err = c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: oss.Ptr(bkt), Key: oss.Ptr("dir/a.json")})
	if st, code := serviceCode(err); st != http.StatusNotFound || code != "NoSuchKey" {
		t.Fatalf("head after delete: %v, want 404 NoSuchKey from x-oss-err", err)
	}
	if st := s.Stats(); st.Puts != 2 || st.BytesWritten != 8 || st.Deletes != 1 {
		t.Fatalf("stats: %+v", st)
	}
}

func TestListObjectsV2Pages(t *testing.T) {
	ctx := context.Background()
	s := ossfake.New(bkt)
	defer s.Close()
	c := client(s, s.Credentials())
	var want []string
	for i := range 25 {
		k := fmt.Sprintf("p/%03d name+%%", i)
		want = append(want, k)
		s.SetObject(bkt, k, []byte("x"))
	}
	s.SetObject(bkt, "q/other", []byte("x"))

	tests := []struct {
		name    string
		maxKeys int32
		after   string
		want    []string
	}{
		{"one page", 1000, "", want},
		{"pages of 7", 7, "", want},
		{"start after", 10, want[20], want[21:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := c.NewListObjectsV2Paginator(&oss.ListObjectsV2Request{
				Bucket: oss.Ptr(bkt), Prefix: oss.Ptr("p/"), MaxKeys: tc.maxKeys, StartAfter: oss.Ptr(tc.after),
			})
			var got []string
			pages := 0
			for p.HasNext() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, o := range page.Contents {
					got = append(got, oss.ToString(o.Key))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("keys:\n got %q\nwant %q", got, tc.want)
			}
			if wantPages := (len(tc.want) + int(tc.maxKeys) - 1) / int(tc.maxKeys); pages != max(wantPages, 1) {
				t.Fatalf("pages: %d, want %d", pages, wantPages)
			}
		})
	}
}

func TestVersionedBucketIgnoresForbidOverwrite(t *testing.T) {
	ctx := context.Background()
	s := ossfake.New(bkt)
	defer s.Close()
	s.SetVersioning(bkt, true)
	c := client(s, s.Credentials())
	if err := put(ctx, c, "k", "one", true); err != nil {
		t.Fatal(err)
	}
	if err := put(ctx, c, "k", "two", true); err != nil {
		t.Fatalf("versioned bucket: second create-only put failed (%v); OSS would accept it", err)
	}
	if got, _ := get(ctx, c, "k"); got != "two" {
		t.Fatalf("got %q, want two", got)
	}
}

func TestRefusals(t *testing.T) {
	ctx := context.Background()
	s := ossfake.New(bkt)
	defer s.Close()
	tests := []struct {
		name     string
		creds    credentials.CredentialsProvider
		bucket   string
		wantCode string
		wantHTTP int
	}{
		{"no credentials", credentials.NewAnonymousCredentialsProvider(), bkt, "AccessDenied", 403},
		{"unknown access key", credentials.NewStaticCredentialsProvider("LTAIother", "x"), bkt, "InvalidAccessKeyId", 403},
		{"unknown bucket", s.Credentials(), "nobucket", "NoSuchBucket", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := client(s, tc.creds)
			_, err := c.GetObject(ctx, &oss.GetObjectRequest{Bucket: oss.Ptr(tc.bucket), Key: oss.Ptr("k")})
			if st, code := serviceCode(err); st != tc.wantHTTP || code != tc.wantCode {
				t.Fatalf("got %d %q (%v), want %d %s", st, code, err, tc.wantHTTP, tc.wantCode)
			}
		})
	}
}

func TestInjectedFaults(t *testing.T) {
	ctx := context.Background()
	s := ossfake.New(bkt)
	defer s.Close()
	c := client(s, s.Credentials())

	s.FailNext(2, http.StatusServiceUnavailable) // the SDK's 3 attempts absorb 2
	if err := put(ctx, c, "k", "v", true); err != nil {
		t.Fatalf("put after 2 faults: %v", err)
	}
	s.FailNext(3, http.StatusInternalServerError)
	_, err := get(ctx, c, "k")
	if st, code := serviceCode(err); st != 500 || code != "InternalError" {
		t.Fatalf("get after 3 faults: %v, want 500 InternalError", err)
	}
	s.LoseNextReplies(1) // the write lands, the reply is lost, the retry meets it
	err = put(ctx, c, "k2", "v", true)
	if st, code := serviceCode(err); st != 409 || code != "FileAlreadyExists" {
		t.Fatalf("create with lost reply: %v, want the retry to meet its own object (409)", err)
	}
	if got, _ := get(ctx, c, "k2"); got != "v" {
		t.Fatalf("object of the lost reply: %q, want v", got)
	}
}

func TestResetStats(t *testing.T) {
	s := ossfake.New(bkt)
	defer s.Close()
	if err := put(context.Background(), client(s, s.Credentials()), "k", "v", false); err != nil {
		t.Fatal(err)
	}
	if s.Stats().Requests == 0 {
		t.Fatal("no request counted")
	}
	s.ResetStats()
	if st := s.Stats(); st != (ossfake.Stats{}) {
		t.Fatalf("after reset: %+v", st)
	}
}
