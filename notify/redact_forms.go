package notify

import (
	"net/url"
	"strings"
)

// The forms a secret may show up in, which a Redactor is built from.

// builder collects a Redactor's forms.
type builder struct {
	exact     []string
	seenExact map[string]bool
	grams     map[string]uint16
}

// addSecret adds s in every form it may show up in.
func (b *builder) addSecret(s string) {
	if len(s) < minSecretLen {
		return
	}
	mask := secretBytes(s)
	if mask == nil { // not a URL: every byte is secret
		mask = make([]bool, len(s))
		for i := range mask {
			mask[i] = true
		}
	} else {
		// A URL is hidden whole, with or without its scheme.
		for _, f := range []string{s, afterScheme(s), url.QueryEscape(s), url.PathEscape(s)} {
			b.addExact(f)
		}
	}
	for _, esc := range []func(string) string{nil, url.QueryEscape, url.PathEscape} {
		f, m := s, mask
		if esc != nil {
			f, m = escapeMasked(s, mask, esc)
		}
		b.addForm(f, m)
		if lf := lowerEscapes(f); lf != f {
			b.addForm(lf, m)
		}
	}
}

// addForm adds the windows of f that hold secret bytes (mask), and f's
// secret parts shorter than runLen whole.
func (b *builder) addForm(f string, mask []bool) {
	for i := 0; i < len(f); {
		if !mask[i] {
			i++
			continue
		}
		j := i
		for j < len(f) && mask[j] {
			j++
		}
		if j-i < runLen {
			b.addExact(f[i:j])
		}
		i = j
	}
	for i := 0; i+runLen <= len(f); i++ {
		var m uint16
		for k := range runLen {
			if mask[i+k] {
				m |= 1 << k
			}
		}
		if m != 0 {
			b.grams[f[i:i+runLen]] |= m
		}
	}
}

func (b *builder) addExact(f string) {
	if len(f) >= minSecretLen && !b.seenExact[f] {
		b.seenExact[f] = true
		b.exact = append(b.exact, f)
	}
}

// secretBytes marks the secret bytes of a webhook URL (see Redactor), or
// returns nil when s is not an absolute http(s) URL. A URL with no secret
// part is marked nowhere: it is hidden only whole.
func secretBytes(s string) []bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	mask := make([]bool, len(s))
	set := func(from, to int) {
		for i := from; i < to; i++ {
			mask[i] = true
		}
	}
	start := strings.Index(s, "://") + len("://")
	end := len(s)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		end = i
	}
	pathAt := start + strings.IndexAny(s[start:end]+"/", "/?")
	if at := strings.LastIndexByte(s[start:pathAt], '@'); at >= 0 { // user:password@
		if c := strings.IndexByte(s[start:start+at], ':'); c >= 0 {
			set(start+c+1, start+at)
		}
	}
	queryAt := pathAt + strings.IndexByte(s[pathAt:end]+"?", '?')
	// The path's end: the last segment when it is long enough to be a
	// token, and the segments before it that carry digits (ids).
	segs := strings.Split(strings.TrimRight(s[pathAt:queryAt], "/"), "/")
	if last := segs[len(segs)-1]; len(last) >= 8 {
		from := len(segs) - 1
		for from > 1 && strings.ContainsAny(segs[from-1], "0123456789") {
			from--
		}
		off := pathAt + len(strings.Join(segs[:from], "/")) + 1
		set(off, off+len(strings.Join(segs[from:], "/")))
	}
	if queryAt < end { // every query value
		off := queryAt + 1
		for _, kv := range strings.Split(s[off:end], "&") {
			if eq := strings.IndexByte(kv, '='); eq >= 0 {
				set(off+eq+1, off+len(kv))
			}
			off += len(kv) + 1
		}
	}
	return mask
}

// afterScheme is s without "scheme://".
func afterScheme(s string) string {
	_, rest, _ := strings.Cut(s, "://")
	return rest
}

// escapeMasked escapes s byte by byte (percent-escaping works on bytes)
// and carries each byte's mark over to every byte of its escape.
func escapeMasked(s string, mask []bool, esc func(string) string) (string, []bool) {
	var out strings.Builder
	var m []bool
	for i := 0; i < len(s); i++ {
		e := esc(s[i : i+1])
		out.WriteString(e)
		for range len(e) {
			m = append(m, mask[i])
		}
	}
	return out.String(), m
}

// lowerEscapes writes s's percent-escapes in lower case: "%2F" as "%2f".
func lowerEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for k := i + 1; k <= i+2; k++ {
				if 'A' <= b[k] && b[k] <= 'F' {
					b[k] += 'a' - 'A'
				}
			}
			i += 2
		}
	}
	return string(b)
}
