package ossfake

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

type listResult struct {
	XMLName               xml.Name       `xml:"ListBucketResult"`
	Name                  string         `xml:"Name"`
	Prefix                string         `xml:"Prefix"`
	StartAfter            string         `xml:"StartAfter,omitempty"`
	ContinuationToken     string         `xml:"ContinuationToken,omitempty"`
	MaxKeys               int            `xml:"MaxKeys"`
	Delimiter             string         `xml:"Delimiter,omitempty"`
	EncodingType          string         `xml:"EncodingType,omitempty"`
	IsTruncated           bool           `xml:"IsTruncated"`
	KeyCount              int            `xml:"KeyCount"`
	NextContinuationToken string         `xml:"NextContinuationToken,omitempty"`
	Contents              []listContent  `xml:"Contents"`
	CommonPrefixes        []commonPrefix `xml:"CommonPrefixes"`
}

type listContent struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Type         string `xml:"Type"`
	Size         int    `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
}

type commonPrefix struct {
	Prefix string `xml:"Prefix"`
}

// entry is one object of a listing.
type entry struct {
	key  string
	obj  *object
	size int
}

// entries returns the objects of b under prefix after the key after, in
// key order.
func (s *Server) entries(b *bucket, prefix, after string) []entry {
	s.mu.Lock()
	s.stats.Lists++
	var all []entry
	for k, o := range b.objects {
		if strings.HasPrefix(k, prefix) && k > after {
			all = append(all, entry{k, o, len(o.data)})
		}
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(x, y entry) int { return strings.Compare(x.key, y.key) })
	return all
}

// list serves ListObjectsV2: prefix, delimiter, start-after,
// continuation-token (opaque to clients), max-keys (1..1000, default 100)
// and encoding-type=url.
func (s *Server) list(w http.ResponseWriter, r *http.Request, bucketName string, b *bucket, reqID string) {
	q := r.URL.Query()
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	maxKeys := 100
	if v := q.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			writeError(w, r, http.StatusBadRequest, "InvalidArgument", "max-keys must be between 0 and 1000.", reqID)
			return
		}
		maxKeys = n
	}
	after := q.Get("start-after")
	if tok := q.Get("continuation-token"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect.", reqID)
			return
		}
		after = string(raw)
	}
	all := s.entries(b, prefix, after)

	enc := func(v string) string { return v }
	res := listResult{Name: bucketName, MaxKeys: maxKeys, Delimiter: delim}
	if strings.EqualFold(q.Get("encoding-type"), "url") {
		enc = url.QueryEscape
		res.EncodingType = "url"
	}
	res.Prefix, res.StartAfter, res.ContinuationToken = enc(prefix), enc(q.Get("start-after")), q.Get("continuation-token")
	last := ""
	seenPrefix := map[string]bool{}
	for _, e := range all {
		cp := ""
		if delim != "" {
			if i := strings.Index(e.key[len(prefix):], delim); i >= 0 {
				cp = e.key[:len(prefix)+i+len(delim)]
			}
		}
		if cp != "" && seenPrefix[cp] {
			last = e.key
			continue
		}
		if res.KeyCount == maxKeys {
			res.IsTruncated = true
			break
		}
		if cp != "" {
			seenPrefix[cp] = true
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefix{enc(cp)})
			res.KeyCount++
			last = e.key
			continue
		}
		res.Contents = append(res.Contents, listContent{
			Key: enc(e.key), LastModified: e.obj.modified.UTC().Format(time.RFC3339),
			ETag: e.obj.etag, Type: "Normal", Size: e.size, StorageClass: "Standard",
		})
		res.KeyCount++
		last = e.key
	}
	if res.IsTruncated {
		res.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(last))
	}
	body, err := xml.Marshal(res)
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, "InternalError", err.Error(), reqID)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append([]byte(xml.Header), body...))
}
