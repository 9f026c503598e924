package config

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// decoder fills the file's schema (fileConfig) from the parsed YAML and
// collects a problem for every unknown key, value of the wrong type,
// quoted number, repeated key and over-long list, each naming its place
// ("receivers[1].quietHours") and its line, instead of stopping at the
// first as a YAML library's decoder does.
//
// The schema is declared by struct fields alone: a field with a
// `yaml:"key"` tag is a key, of the field's type (string, bool, int,
// float64, a pointer to one of them for "given or not", a struct for a
// mapping, a slice for a list). A slice field must also carry
// `max:"N"`, the most entries a real configuration needs: more is a
// problem, and the entries past N are not read.
type decoder struct {
	where string
	probs *problems
}

// problemf adds a problem about place at node n.
func (d *decoder) problemf(place string, n ast.Node, format string, args ...any) {
	d.probs.add(place, place+" "+fmt.Sprintf(format, args...)+" ("+d.at(n)+")")
}

// at names the line of n: "line 4 of f.yaml".
func (d *decoder) at(n ast.Node) string {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return fmt.Sprintf("line %d of %s", tk.Position.Line, d.where)
	}
	return d.where
}

// value decodes n into v, which is addressable.
func (d *decoder) value(n ast.Node, v reflect.Value, place string, field reflect.StructField) {
	if n == nil || n.Type() == ast.NullType {
		return // left out: the zero value
	}
	switch n.Type() {
	case ast.AnchorType, ast.AliasType, ast.TagType, ast.MergeKeyType:
		d.problemf(place, n, "uses an anchor, alias, tag or merge key: write the value out plainly")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		before := d.probs.count()
		if d.value(n, p.Elem(), place, field); d.probs.count() == before {
			v.Set(p)
		}
	case reflect.Struct:
		d.mapping(n, v, place)
	case reflect.Slice:
		d.list(n, v, place, field)
	case reflect.String:
		d.text(n, v, place)
	case reflect.Bool:
		d.boolean(n, v, place)
	case reflect.Int, reflect.Int64:
		d.integer(n, v, place)
	case reflect.Float64:
		d.float(n, v, place)
	default:
		panic("config: the file's schema has a field of kind " + v.Kind().String() + " at " + place) // a wiring bug
	}
}

func (d *decoder) mapping(n ast.Node, v reflect.Value, place string) {
	values, ok := mappingValues(n)
	if !ok {
		d.wrongType(n, v.Type(), place)
		return
	}
	keys := schemaKeys(v.Type())
	seen := make(map[string]ast.Node, len(values))
	for _, mv := range values {
		name, ok := keyText(mv.Key)
		at := join(place, name)
		if !ok {
			d.problemf(placeOr(place), mv.Key, "has a key that is not plain text: write keys as words, e.g. name:")
			continue
		}
		if first, dup := seen[name]; dup {
			d.problemf(at, mv.Key, "is given twice (first on %s): keep one", d.at(first))
			continue
		}
		seen[name] = mv.Key
		i, known := keys[name]
		if !known {
			d.unknownKey(at, mv.Key, name, v.Type())
			continue
		}
		d.value(mv.Value, v.Field(i), at, v.Type().Field(i))
	}
}

// mappingValues returns the entries of a mapping node; ok is false when n
// is not a mapping.
func mappingValues(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// keyText is a mapping key's text; ok is false for a key that is not a
// scalar (a "? [a, b]" complex key).
func keyText(k ast.MapKeyNode) (string, bool) {
	if k == nil || !isScalar(k) {
		return "", false
	}
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value, true
	}
	return k.GetToken().Value, true
}

func (d *decoder) unknownKey(at string, n ast.Node, name string, t reflect.Type) {
	names := keyNames(t)
	if s := nearest(name, names); s != "" {
		d.problemf(at, n, "is not a setting campaignwatch knows: did you mean %s?", s)
		return
	}
	d.problemf(at, n, "is not a setting campaignwatch knows: the settings here are %s", strings.Join(names, ", "))
}

func (d *decoder) list(n ast.Node, v reflect.Value, place string, field reflect.StructField) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.wrongType(n, v.Type(), place)
		return
	}
	limit, err := strconv.Atoi(field.Tag.Get("max"))
	if err != nil {
		panic("config: the list " + place + " has no max tag") // a wiring bug
	}
	items := seq.Values
	if len(items) > limit {
		d.problemf(place, n, "has %d entries: at most %d are taken", len(items), limit)
		items = items[:limit]
	}
	out := reflect.MakeSlice(v.Type(), len(items), len(items))
	for i, item := range items {
		d.value(item, out.Index(i), fmt.Sprintf("%s[%d]", place, i), field)
	}
	v.Set(out)
}

func (d *decoder) text(n ast.Node, v reflect.Value, place string) {
	switch s := n.(type) {
	case *ast.StringNode:
		v.SetString(s.Value)
	case *ast.LiteralNode:
		v.SetString(s.Value.Value)
	default:
		if !isScalar(n) {
			d.wrongType(n, v.Type(), place)
			return
		}
		v.SetString(n.GetToken().Value) // 239001, yes, 1.5: the text as written
	}
}

func (d *decoder) boolean(n ast.Node, v reflect.Value, place string) {
	b, ok := n.(*ast.BoolNode)
	if !ok {
		d.wrongType(n, v.Type(), place)
		return
	}
	v.SetBool(b.Value)
}

func (d *decoder) integer(n ast.Node, v reflect.Value, place string) {
	i, ok := n.(*ast.IntegerNode)
	if !ok {
		d.wrongType(n, v.Type(), place)
		return
	}
	switch x := i.Value.(type) {
	case int64:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			v.SetInt(x)
			return
		}
	case uint64:
		if x <= math.MaxInt32 {
			v.SetInt(int64(x))
			return
		}
	}
	d.problemf(place, n, "%s is out of range", quote(n.GetToken().Value))
}

func (d *decoder) float(n ast.Node, v reflect.Value, place string) {
	switch x := n.(type) {
	case *ast.FloatNode:
		v.SetFloat(x.Value)
	case *ast.IntegerNode:
		f, err := strconv.ParseFloat(x.GetToken().Value, 64)
		if err != nil {
			d.problemf(place, n, "%s is not a number", quote(n.GetToken().Value))
			return
		}
		v.SetFloat(f)
	default:
		d.wrongType(n, v.Type(), place)
	}
}

// wrongType reports n where a value of type t belongs; a number or
// true/false in quotes gets its own advice.
func (d *decoder) wrongType(n ast.Node, t reflect.Type, place string) {
	want := wantOf(t)
	if s, ok := n.(*ast.StringNode); ok && isQuoted(s) {
		raw := strings.TrimSpace(s.Value)
		_, errF := strconv.ParseFloat(raw, 64)
		_, errB := strconv.ParseBool(raw)
		if (errF == nil && (want == "a number" || want == "a whole number")) || (errB == nil && want == "true or false") {
			d.problemf(place, n, "is %s in quotes, which is text: write %s without quotes", quote(raw), want)
			return
		}
	}
	d.problemf(place, n, "is %s where %s belongs", kindOf(n), want)
}

func isQuoted(s *ast.StringNode) bool {
	tk := s.GetToken()
	return tk != nil && (strings.HasPrefix(tk.Origin, "\"") || strings.HasPrefix(tk.Origin, "'") ||
		strings.HasPrefix(strings.TrimSpace(tk.Origin), "\"") || strings.HasPrefix(strings.TrimSpace(tk.Origin), "'"))
}

// kindOf names what a node is, for a problem.
func kindOf(n ast.Node) string {
	switch n.Type() {
	case ast.MappingType, ast.MappingValueType:
		return "a mapping"
	case ast.SequenceType:
		return "a list"
	case ast.IntegerType:
		return "a whole number"
	case ast.FloatType, ast.InfinityType, ast.NanType:
		return "a number"
	case ast.BoolType:
		return "true or false"
	case ast.NullType:
		return "nothing"
	}
	return "text"
}

// wantOf names what a value of type t is written as.
func wantOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return wantOf(t.Elem())
	case reflect.Struct:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return "text"
}

func isScalar(n ast.Node) bool {
	switch n.Type() {
	case ast.StringType, ast.LiteralType, ast.IntegerType, ast.FloatType, ast.BoolType, ast.InfinityType, ast.NanType:
		return true
	}
	return false
}

// schemaKeys maps each key of struct type t to its field's index.
func schemaKeys(t reflect.Type) map[string]int {
	out := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("yaml"); k != "" {
			out[k] = i
		}
	}
	return out
}

// keyNames lists the keys of struct type t in their order.
func keyNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("yaml"); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func join(place, key string) string {
	key = clipKey(key)
	if place == "" {
		return key
	}
	return place + "." + key
}

func placeOr(place string) string {
	if place == "" {
		return "the file"
	}
	return place
}

// clipKey clips a key from the file for a problem line: keys are not
// secrets, but they are the file's text, of any length.
func clipKey(key string) string {
	if key == "" || len(key) > 40 || strings.ContainsAny(key, "\n\r\t\"") {
		return strconv.Quote(campaign.Clip(key, 40))
	}
	return key
}

// nearest returns the name nearest to s when it is near enough to be a
// typo (at most two edits, or the same but for case), else "".
func nearest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if strings.EqualFold(s, n) {
			return n
		}
		if d := EditDistance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance of a and b in bytes (keys are
// ASCII). Hand-written: the standard library has none, and it is ten
// lines. Keys from the file are clipped first, so it stays cheap.
func EditDistance(a, b string) int {
	if len(a) > 64 {
		a = a[:64]
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
