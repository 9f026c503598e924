// Package ossfake is an in-memory, OSS-compatible HTTP server for tests,
// driven by the real alibabacloud-oss-go-sdk-v2 client. It speaks path-style
// requests (/<bucket>/<key>, which the SDK uses for IP endpoints) and
// implements PutObject (with x-oss-forbid-overwrite), GetObject (with
// If-Match / If-None-Match), HeadObject, DeleteObject and ListObjectsV2,
// answering errors in OSS's XML shape. It can emulate a bucket with
// versioning on (where OSS ignores x-oss-forbid-overwrite), inject failures
// and latency, and counts what it was asked.
//
// It checks that every request carries an OSS V4 Authorization header for
// its access key, but does not verify signatures.
package ossfake

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
)

// The credentials the fake accepts. Any secret works; the access key id
// must match.
const (
	AccessKeyID     = "LTAIfakeossaccesskey"
	AccessKeySecret = "fake-oss-secret"
	// Region is the region clients should sign for.
	Region = "cn-hangzhou"
)

// Server is a running fake. Its methods are safe for concurrent use, also
// while requests are served.
type Server struct {
	// URL is the endpoint to give the SDK, "http://127.0.0.1:PORT".
	URL string

	srv *httptest.Server

	mu        sync.Mutex
	buckets   map[string]*bucket
	faults    []fault
	latency   time.Duration
	stats     Stats
	requestID uint64
}

type bucket struct {
	versioning bool
	objects    map[string]*object
}

type object struct {
	data     []byte
	etag     string
	modified time.Time
	version  uint64
}

// fault is one injected failure. applied reports whether a write is carried
// out before the failure is answered (a reply lost on the way back).
type fault struct {
	status  int
	applied bool
}

// Stats counts the requests the fake served.
type Stats struct {
	Requests     int64
	Puts         int64
	Gets         int64
	Heads        int64
	Deletes      int64
	Lists        int64
	BytesWritten int64
	BytesRead    int64
	// NotModified counts GETs answered 304 to If-None-Match.
	NotModified int64
	// Failed counts requests answered with an injected fault.
	Failed int64
	// First is when the first request arrived (zero when none did).
	First time.Time
}

// New starts a fake on 127.0.0.1 with the given buckets (unversioned) and
// registers nothing else; close it with Close.
func New(buckets ...string) *Server {
	s := &Server{buckets: make(map[string]*bucket)}
	for _, b := range buckets {
		s.buckets[b] = &bucket{objects: make(map[string]*object)}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Credentials returns a provider of the credentials the fake accepts.
func (s *Server) Credentials() credentials.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(AccessKeyID, AccessKeySecret)
}

// CreateBucket adds an empty, unversioned bucket; an existing one is kept.
func (s *Server) CreateBucket(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buckets[name] == nil {
		s.buckets[name] = &bucket{objects: make(map[string]*object)}
	}
}

// SetVersioning turns the bucket's versioning on or off. With it on, the
// fake ignores x-oss-forbid-overwrite, as OSS does.
func (s *Server) SetVersioning(bucketName string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.buckets[bucketName]; b != nil {
		b.versioning = on
	}
}

// FailNext answers the next n requests with status (500, 503, ...) and an
// OSS XML error, without carrying them out.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, fault{status: status})
	}
}

// LoseNextReplies carries out the next n requests but answers them with
// 503, as when a reply is lost after the write landed.
func (s *Server) LoseNextReplies(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, fault{status: http.StatusServiceUnavailable, applied: true})
	}
}

// SetLatency delays every later request by d (0 for none).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// ResetStats sets the counters back to zero.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{}
}

// Object returns a copy of an object's bytes, bypassing HTTP.
func (s *Server) Object(bucketName, key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buckets[bucketName]
	if b == nil || b.objects[key] == nil {
		return nil, false
	}
	return bytes.Clone(b.objects[key].data), true
}

// SetObject writes an object directly, bypassing HTTP and every check; tests
// use it to plant damaged data.
func (s *Server) SetObject(bucketName, key string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buckets[bucketName]
	if b == nil {
		b = &bucket{objects: make(map[string]*object)}
		s.buckets[bucketName] = b
	}
	b.put(key, data, time.Now())
}

// Keys returns the bucket's keys that start with prefix, sorted.
func (s *Server) Keys(bucketName, prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	if b := s.buckets[bucketName]; b != nil {
		for k := range b.objects {
			if strings.HasPrefix(k, prefix) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

func (b *bucket) put(key string, data []byte, now time.Time) *object {
	o := &object{data: bytes.Clone(data), etag: etagOf(data), modified: now}
	if old := b.objects[key]; old != nil {
		o.version = old.version + 1
	}
	b.objects[key] = o
	return o
}

// begin counts a request, applies latency and pops the next fault.
func (s *Server) begin(ctx context.Context) (fault, bool, string) {
	s.mu.Lock()
	if s.stats.Requests == 0 {
		s.stats.First = time.Now()
	}
	s.stats.Requests++
	s.requestID++
	id := requestIDOf(s.requestID)
	delay := s.latency
	var f fault
	ok := len(s.faults) > 0
	if ok {
		f = s.faults[0]
		s.faults = s.faults[1:]
		s.stats.Failed++
	}
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	return f, ok, id
}

// DeleteObject removes an object directly, bypassing HTTP; tests use it to
// act as an operator would.
func (s *Server) DeleteObject(bucketName, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.buckets[bucketName]; b != nil {
		delete(b.objects, key)
	}
}
