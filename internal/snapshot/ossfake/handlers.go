package ossfake

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"hash/crc64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// maxObjectSize bounds a PutObject body; larger bodies get 400.
const maxObjectSize = 256 << 20

var crcTable = crc64.MakeTable(crc64.ECMA)

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	f, faulted, reqID := s.begin(r.Context())
	w.Header().Set("x-oss-request-id", reqID)
	w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
	w.Header().Set("Server", "AliyunOSS")
	if code, msg := checkAuth(r.Header.Get("Authorization")); code != "" {
		writeError(w, r, http.StatusForbidden, code, msg, reqID)
		return
	}
	if faulted {
		if f.applied {
			s.route(httptest.NewRecorder(), r, reqID)
		}
		code := "InternalError"
		if f.status == http.StatusServiceUnavailable {
			code = "ServiceUnavailable"
		}
		writeError(w, r, f.status, code, "injected fault", reqID)
		return
	}
	s.route(w, r, reqID)
}

// checkAuth wants an OSS V4 (or V1) Authorization header for AccessKeyID.
func checkAuth(h string) (code, msg string) {
	switch {
	case h == "":
		return "AccessDenied", "AccessDenied: the request has no Authorization header."
	case strings.HasPrefix(h, "OSS4-HMAC-SHA256 Credential="):
		if !strings.HasPrefix(h, "OSS4-HMAC-SHA256 Credential="+AccessKeyID+"/") || !strings.Contains(h, "Signature=") {
			return "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records."
		}
	case strings.HasPrefix(h, "OSS "):
		if !strings.HasPrefix(h, "OSS "+AccessKeyID+":") {
			return "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records."
		}
	default:
		return "AccessDenied", "The authorization header is malformed."
	}
	return "", ""
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, reqID string) {
	bucketName, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	s.mu.Lock()
	b := s.buckets[bucketName]
	s.mu.Unlock()
	if b == nil {
		writeError(w, r, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist.", reqID)
		return
	}
	if key == "" {
		if r.Method == http.MethodGet && r.URL.Query().Get("list-type") == "2" {
			s.list(w, r, bucketName, b, reqID)
			return
		}
		writeError(w, r, http.StatusNotImplemented, "NotImplemented", "ossfake serves only ListObjectsV2 on buckets.", reqID)
		return
	}
	switch r.Method {
	case http.MethodPut:
		s.putObject(w, r, b, key, reqID)
	case http.MethodGet, http.MethodHead:
		s.getObject(w, r, b, key, reqID)
	case http.MethodDelete:
		s.mu.Lock()
		s.stats.Deletes++
		delete(b.objects, key)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.", reqID)
	}
}

func (s *Server) putObject(w http.ResponseWriter, r *http.Request, b *bucket, key, reqID string) {
	if len(r.URL.RawQuery) > 0 && r.URL.Query().Has("uploadId") {
		writeError(w, r, http.StatusNotImplemented, "NotImplemented", "ossfake does not serve multipart uploads.", reqID)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxObjectSize+1))
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "IncompleteBody", "The request body could not be read.", reqID)
		return
	}
	if len(data) > maxObjectSize {
		writeError(w, r, http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.", reqID)
		return
	}
	if m := r.Header.Get("Content-MD5"); m != "" {
		sum := md5.Sum(data)
		if m != base64.StdEncoding.EncodeToString(sum[:]) {
			writeError(w, r, http.StatusBadRequest, "InvalidDigest", "The Content-MD5 you specified is not valid.", reqID)
			return
		}
	}
	forbid := strings.EqualFold(r.Header.Get("x-oss-forbid-overwrite"), "true")
	s.mu.Lock()
	if forbid && !b.versioning && b.objects[key] != nil {
		s.mu.Unlock()
		writeError(w, r, http.StatusConflict, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.", reqID)
		return
	}
	o := b.put(key, data, time.Now())
	s.stats.Puts++
	s.stats.BytesWritten += int64(len(data))
	versioning := b.versioning
	s.mu.Unlock()
	h := w.Header()
	h.Set("ETag", o.etag)
	h.Set("x-oss-hash-crc64ecma", strconv.FormatUint(crc64.Checksum(data, crcTable), 10))
	if versioning {
		h.Set("x-oss-version-id", "v"+strconv.FormatUint(o.version, 10))
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) getObject(w http.ResponseWriter, r *http.Request, b *bucket, key, reqID string) {
	s.mu.Lock()
	o := b.objects[key]
	if r.Method == http.MethodHead {
		s.stats.Heads++
	} else {
		s.stats.Gets++
	}
	s.mu.Unlock()
	if o == nil {
		writeError(w, r, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.", reqID)
		return
	}
	if m := r.Header.Get("If-Match"); m != "" && m != o.etag && m != "*" {
		writeError(w, r, http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.", reqID)
		return
	}
	if m := r.Header.Get("If-None-Match"); m != "" && (m == o.etag || m == "*") {
		s.mu.Lock()
		s.stats.NotModified++
		s.mu.Unlock()
		w.Header().Set("ETag", o.etag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h := w.Header()
	h.Set("ETag", o.etag)
	h.Set("Last-Modified", o.modified.UTC().Format(http.TimeFormat))
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.Itoa(len(o.data)))
	h.Set("x-oss-object-type", "Normal")
	h.Set("x-oss-storage-class", "Standard")
	h.Set("x-oss-hash-crc64ecma", strconv.FormatUint(crc64.Checksum(o.data, crcTable), 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		n, _ := w.Write(o.data)
		s.mu.Lock()
		s.stats.BytesRead += int64(n)
		s.mu.Unlock()
	}
}

type xmlError struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	RequestID string   `xml:"RequestId"`
	HostID    string   `xml:"HostId"`
	EC        string   `xml:"EC"`
}

// writeError answers an OSS error: XML in the body, and for HEAD (which has
// no body) base64 XML in the x-oss-err header, as OSS does.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg, reqID string) {
	body, _ := xml.Marshal(xmlError{Code: code, Message: msg, RequestID: reqID, HostID: r.Host, EC: "0000-00000000"})
	body = append([]byte(xml.Header), body...)
	h := w.Header()
	h.Set("x-oss-ec", "0000-00000000")
	if r.Method == http.MethodHead {
		h.Set("x-oss-err", base64.StdEncoding.EncodeToString(body))
		w.WriteHeader(status)
		return
	}
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func etagOf(data []byte) string {
	sum := md5.Sum(data)
	return `"` + strings.ToUpper(hex.EncodeToString(sum[:])) + `"`
}

func requestIDOf(n uint64) string { return fmt.Sprintf("5F0000000000000000%06X", n) }
