package config

import (
	"fmt"
	"strings"
)

// Limits of the configuration file's shape, checked on its bytes before
// any YAML parser sees them (README.md, "Configuration file"). A real
// configuration stays far inside them; a hostile one (an alias bomb,
// 100,000 nested brackets) is refused in one pass over at most
// MaxFileBytes, in constant memory.
const (
	// MaxFileBytes bounds a configuration file: a thousand channels and
	// receivers fit in well under a megabyte.
	MaxFileBytes = 1 << 20
	// maxDepth bounds nesting, block and flow together: the schema's
	// deepest value (receivers[0].mention.mobiles[0]) is 6 levels down.
	maxDepth = 16
	// maxNodes bounds the file's values, keys and collections: 1,000
	// channels and 200 receivers each routed to a hundred channels are
	// about 30,000.
	// The parser costs about 1 KB of memory a node.
	maxNodes = 50_000
	// maxLine bounds a line: 1,000 channel names in one flow list fit.
	maxLine = 64 << 10
)

// refusal is one kind of thing the pre-scan refuses: the line it was
// first seen on, and how often.
type refusal struct {
	what  string
	first int
	count int
}

func (r *refusal) see(line int) {
	if r.count == 0 {
		r.first = line
	}
	r.count++
}

func (r *refusal) text(where string) string {
	if r.count == 1 {
		return fmt.Sprintf("%s:%d: %s", where, r.first, r.what)
	}
	return fmt.Sprintf("%s:%d: %s (%d times in the file, first on this line)", where, r.first, r.what, r.count)
}

// scanner is the pre-scan's state: a YAML reader just precise enough to
// tell where a node starts (so that "&", "*" and "!" there are anchors,
// aliases and tags, and "[" and "{" open flow collections) outside quoted
// strings, comments and block scalars. It over-counts rather than
// under-counts: what it lets through, the parser handles in bounded time
// and memory.
type scanner struct {
	data   []byte
	i      int
	line   int
	flow   int   // open flow collections
	indent []int // columns of the open block nodes
	nodes  int
	depth  refusal
	deep   bool // nested too deep: the scan stops
	alias  refusal
	anchor refusal
	tag    refusal
	long   refusal // lines longer than maxLine
	lineAt int     // where the current line starts
	// nodeStart: the next non-space byte starts a node.
	nodeStart bool
}

// prescan checks the file's shape and returns a problem line for each
// kind of thing refused (empty when nothing). where names the file.
func prescan(where string, data []byte) []string {
	s := &scanner{data: data, line: 1}
	s.run()
	var out []string
	if s.deep {
		s.depth.what = fmt.Sprintf("nests deeper than %d levels; a configuration needs at most 6", maxDepth)
		out = append(out, s.depth.text(where))
	}
	for _, r := range []*refusal{&s.anchor, &s.alias} {
		if r.count > 0 {
			out = append(out, r.text(where))
		}
	}
	if s.tag.count > 0 {
		out = append(out, s.tag.text(where))
	}
	if s.nodes > maxNodes {
		out = append(out, fmt.Sprintf("%s: holds more than %d keys and values; a configuration of 1,000 channels and 200 receivers holds about 30,000: trim it", where, maxNodes))
	}
	if s.long.count > 0 {
		out = append(out, s.long.text(where))
	}
	return out
}

func (s *scanner) run() {
	s.anchor.what = "uses a YAML anchor (&name); campaignwatch refuses anchors and aliases: write each value out"
	s.alias.what = "uses a YAML alias (*name); campaignwatch refuses anchors and aliases: write each value out"
	s.tag.what = "uses a YAML tag (!name); write the value plainly, and quote text that starts with !"
	s.long.what = fmt.Sprintf("has a line longer than %d bytes; break long lists over several lines", maxLine)
	s.startLine()
	for s.i < len(s.data) && !s.deep {
		s.step()
	}
	if s.i-s.lineAt > maxLine {
		s.long.see(s.line)
	}
}

// startLine handles a line's indentation: in block context a line less
// indented than an open node closes it.
func (s *scanner) startLine() {
	if s.i-s.lineAt > maxLine {
		s.long.see(s.line - 1)
	}
	s.lineAt = s.i
	col := 0
	for s.i+col < len(s.data) && s.data[s.i+col] == ' ' {
		col++
	}
	s.i += col
	if s.i >= len(s.data) {
		return
	}
	switch s.data[s.i] {
	case '\n', '\r', '#':
		s.nodeStart = true // blank or comment: no node here
		return
	}
	if s.flow == 0 {
		s.push(col)
	}
	s.nodeStart = true
}

// push opens a block node at col after closing those at col or beyond.
func (s *scanner) push(col int) {
	for len(s.indent) > 0 && s.indent[len(s.indent)-1] >= col {
		s.indent = s.indent[:len(s.indent)-1]
	}
	s.indent = append(s.indent, col)
	s.checkDepth()
}

func (s *scanner) checkDepth() {
	if len(s.indent)+s.flow > maxDepth && !s.deep {
		s.deep = true
		s.depth.see(s.line)
	}
}

// spaceAt reports whether position i is a space, a line end or the end.
func (s *scanner) spaceAt(i int) bool {
	return i >= len(s.data) || s.data[i] == ' ' || s.data[i] == '\t' || s.data[i] == '\n' || s.data[i] == '\r'
}

func (s *scanner) step() {
	c := s.data[s.i]
	switch {
	case c == '\n':
		s.i++
		s.line++
		s.startLine()
		return
	case c == ' ' || c == '\t' || c == '\r':
		s.i++
		return
	case c == '#' && (s.i == 0 || s.spaceAt(s.i-1)):
		s.skipComment()
		return
	}
	if s.nodeStart {
		s.nodeStart = false
		s.nodes++
		switch c {
		case '"', '\'':
			s.skipQuoted(c)
			return
		case '&', '*', '!':
			if s.spaceAt(s.i + 1) {
				break
			}
			map[byte]*refusal{'&': &s.anchor, '*': &s.alias, '!': &s.tag}[c].see(s.line)
			s.skipWord()
			s.nodeStart = c != '*' // an anchor or a tag comes before its node
			return
		case '[', '{':
			s.flow++
			s.checkDepth()
			s.i++
			s.nodeStart = true
			return
		case '|', '>':
			if s.flow == 0 {
				s.skipBlockScalar()
				return
			}
		case '-', '?':
			if s.spaceAt(s.i + 1) {
				s.i++
				s.nodeStart = true
				if s.flow == 0 {
					s.push(s.column() + 1)
				}
				return
			}
		}
	}
	s.plain(c)
}

// plain handles a byte inside a plain scalar or an indicator after one.
func (s *scanner) plain(c byte) {
	switch {
	case c == ':' && (s.spaceAt(s.i+1) || (s.flow > 0 && s.i+1 < len(s.data) && strings.IndexByte(",]}", s.data[s.i+1]) >= 0)):
		s.nodeStart = true
	case s.flow > 0 && c == ',':
		s.nodeStart = true
	case s.flow > 0 && (c == ']' || c == '}'):
		s.flow--
	}
	s.i++
}

// column is the column of position s.i on its line, from 0.
func (s *scanner) column() int {
	j := s.i
	for j > 0 && s.data[j-1] != '\n' {
		j--
	}
	return s.i - j
}

func (s *scanner) skipComment() {
	for s.i < len(s.data) && s.data[s.i] != '\n' {
		s.i++
	}
}

func (s *scanner) skipWord() {
	for s.i < len(s.data) && !s.spaceAt(s.i) && strings.IndexByte(",[]{}", s.data[s.i]) < 0 {
		s.i++
	}
}

// skipQuoted skips a quoted scalar (” escapes a single quote, \ escapes
// in double quotes); lines inside it do not start nodes.
func (s *scanner) skipQuoted(q byte) {
	s.i++
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\n':
			s.line++
		case q == '"' && c == '\\':
			s.i++
			if s.i < len(s.data) && s.data[s.i] == '\n' {
				s.line++
			}
		case c == q:
			if q == '\'' && s.i+1 < len(s.data) && s.data[s.i+1] == '\'' {
				s.i++
				break
			}
			s.i++
			return
		}
		s.i++
	}
}

// skipBlockScalar skips a literal (|) or folded (>) scalar: its header
// line's rest, then every line more indented than the line it starts on
// (or blank).
func (s *scanner) skipBlockScalar() {
	base := s.indentOfLine()
	s.skipComment()
	for s.i < len(s.data) {
		// s.data[s.i] == '\n': look at the next line
		j := s.i + 1
		col := 0
		for j < len(s.data) && s.data[j] == ' ' {
			j++
			col++
		}
		blank := j >= len(s.data) || s.data[j] == '\n' || s.data[j] == '\r'
		if !blank && col <= base {
			return
		}
		s.i = j
		s.line++
		s.skipComment()
	}
}

// indentOfLine is the indentation of the line s.i is on.
func (s *scanner) indentOfLine() int {
	j := s.i
	for j > 0 && s.data[j-1] != '\n' {
		j--
	}
	n := 0
	for j+n < len(s.data) && s.data[j+n] == ' ' {
		n++
	}
	return n
}
