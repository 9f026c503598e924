package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// File is a configuration file's content and where it came from.
type File struct {
	// Name is the path or oss://BUCKET/KEY it was read from; problems of
	// syntax name it.
	Name string
	// Data is the YAML text.
	Data []byte
}

// fileVersion is the only schema version of the configuration file.
const fileVersion = 1

// fileConfig is the configuration file's schema. A nil pointer or an empty
// string is a setting the file leaves out.
//
// To add a key, add a field with a `yaml:"key"` tag to the struct of the
// mapping it belongs in: a string (${NAME} is expanded by whoever reads
// it, through expander.expand), a *int, *float64 or *bool when "not
// given" must differ from the zero value, a struct for a nested mapping,
// or a slice for a list, which also needs a `max:"N"` tag (the most
// entries a real organisation needs; README.md, "Configuration file",
// lists the limits). The decoder (decode.go) then refuses unknown keys,
// wrong types and repeated keys for it, and quoted numbers, and
// TestSchemaIsDecodable checks the field's kind and max tag; nothing else
// is to register. A key whose value is a secret must also reach
// Config.Secrets (as Receiver.URL and Secret, and HTTPAuthToken do), so
// that the process's redactor hides it.
type fileConfig struct {
	Version               *int            `yaml:"version"`
	CAMS                  fileCAMS        `yaml:"cams"`
	Snapshots             string          `yaml:"snapshots"`
	OSS                   fileOSS         `yaml:"oss"`
	Timezone              string          `yaml:"timezone"`
	Language              string          `yaml:"language"`
	BudgetChangeThreshold string          `yaml:"budgetChangeThreshold"`
	HTTP                  fileHTTP        `yaml:"http"`
	History               fileHistory     `yaml:"history"`
	Channels              []fileChannel   `yaml:"channels" max:"1000"`
	Receivers             []fileReceiver  `yaml:"receivers" max:"200"`
	Guardrails            []fileGuardrail `yaml:"guardrails" max:"200"`
}

type fileCAMS struct {
	Region      string   `yaml:"region"`
	Endpoint    string   `yaml:"endpoint"`
	PageSize    *int     `yaml:"pageSize"`
	Concurrency *int     `yaml:"concurrency"`
	QPS         *float64 `yaml:"qps"`
}

type fileOSS struct {
	Region   string `yaml:"region"`
	Endpoint string `yaml:"endpoint"`
}

type fileHistory struct {
	Days *int `yaml:"days"`
}

type fileHTTP struct {
	AuthToken string `yaml:"authToken"`
	PublicURL string `yaml:"publicURL"`
}

type fileChannel struct {
	ID      string      `yaml:"id"`
	Name    string      `yaml:"name"`
	Filters fileFilters `yaml:"filters"`
}

type fileFilters struct {
	AdAccountID  string `yaml:"adAccountId"`
	Status       string `yaml:"status"`
	CampaignName string `yaml:"campaignName"`
	CampaignID   string `yaml:"campaignId"`
}

type fileReceiver struct {
	Name                  string      `yaml:"name"`
	Type                  string      `yaml:"type"`
	URL                   string      `yaml:"url"`
	Secret                string      `yaml:"secret"`
	Channels              []string    `yaml:"channels" max:"1000"`
	Changes               []string    `yaml:"changes" max:"20"`
	BudgetChangeThreshold string      `yaml:"budgetChangeThreshold"`
	Language              string      `yaml:"language"`
	Timezone              string      `yaml:"timezone"`
	QuietHours            string      `yaml:"quietHours"`
	Mention               fileMention `yaml:"mention"`
	Digest                *bool       `yaml:"digest"`
	Health                *bool       `yaml:"health"`
	Guardrails            *bool       `yaml:"guardrails"`
}

type fileMention struct {
	Mobiles []string `yaml:"mobiles" max:"50"`
	UserIDs []string `yaml:"userIds" max:"50"`
	All     bool     `yaml:"all"`
	Here    bool     `yaml:"here"`
}

// decodeFile decodes a file strictly and within hard limits: the file's
// size and shape (prescan) before any parser sees it, then goccy/go-yaml's
// lexer and parser, then the schema (decoder). It returns every problem of
// the step that found some, each naming the file and a line or a place:
// nothing is built from a file with any.
func decodeFile(f *File) (*fileConfig, *problems) {
	where := f.Name
	probs := &problems{}
	if len(f.Data) > MaxFileBytes {
		probs.add(where, fmt.Sprintf("%s: the file is larger than %d bytes; split channels into fewer, larger filters or trim it", where, MaxFileBytes))
		return nil, probs
	}
	if refused := prescan(where, f.Data); len(refused) > 0 {
		for _, text := range refused {
			probs.add(where, text)
		}
		return nil, probs
	}
	tokens := lexer.Tokenize(string(f.Data))
	file, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		probs.add(where, where+":"+yamlProblem(err))
		return nil, probs
	}
	var docs []ast.Node
	for _, doc := range file.Docs {
		if doc.Body != nil {
			docs = append(docs, doc.Body)
		}
	}
	if len(docs) > 1 {
		probs.add(where, where+": holds more than one YAML document (---); keep one")
		return nil, probs
	}
	var fc fileConfig
	if len(docs) == 1 {
		if _, ok := mappingValues(docs[0]); !ok {
			probs.add(where, fmt.Sprintf("%s: the file is %s; a configuration file is a mapping of settings that starts with \"version: %d\"", where, kindOf(docs[0]), fileVersion))
			return nil, probs
		}
		d := &decoder{where: where, probs: probs}
		d.mapping(docs[0], reflect.ValueOf(&fc).Elem(), "")
		if probs.count() > 0 {
			return nil, probs
		}
	}
	if fc.Version == nil {
		probs.add(where, fmt.Sprintf("%s: version is missing: start the file with \"version: %d\"", where, fileVersion))
		return nil, probs
	}
	if *fc.Version != fileVersion {
		probs.add(where, fmt.Sprintf("%s: version %d is not known: this campaignwatch reads version %d", where, *fc.Version, fileVersion))
		return nil, probs
	}
	return &fc, nil
}

var yamlPosRE = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*`)

// yamlProblem turns the parser's error into "LINE:COL: what is wrong",
// without the parser's source excerpt.
func yamlProblem(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	pos := ""
	if m := yamlPosRE.FindStringSubmatch(msg); m != nil {
		pos = m[1] + ":" + m[2] + ":"
		msg = msg[len(m[0]):]
	}
	if pos == "" {
		return " " + msg
	}
	return pos + " " + msg
}

// envRef matches ${NAME}.
var envRef = regexp.MustCompile(`\$\{([^}]*)\}`)

// expander expands ${NAME} in the file's strings from the environment,
// remembers which variables the file named, and keeps every value it put
// in (values), which are secrets to redact wherever the configuration
// goes: whoever edits the file chooses where they end up.
type expander struct {
	getenv func(string) string
	named  map[string]bool
	probs  *problems
	values []expanded
}

// expanded is a value a ${NAME} put in at place: the variable's value, or
// the whole string it was part of.
type expanded struct {
	place, value string
}

// secretValues returns the expanded values to redact everywhere: all but
// those at a place whose value is checked against a closed list (a zone,
// a language, a region, a threshold, quiet hours, a type, a change type),
// where no secret can pass the check, unless a problem names that place.
// Those stay readable: "timezone: ${DIGEST_TIMEZONE}" must not hide the
// zone from every message.
func (e *expander) secretValues() []string {
	if e == nil {
		return nil
	}
	refused := map[string]bool{}
	for _, p := range e.probs.List {
		refused[p.Var] = true
	}
	out := make([]string, 0, len(e.values))
	for _, v := range e.values {
		if !vocabularyPlace(v.place) || refused[v.place] || e.probs.more > 0 {
			out = append(out, v.value)
		}
	}
	return out
}

// vocabularyPlace reports whether the value at place must be one of a
// closed list of words to be accepted.
func vocabularyPlace(place string) bool {
	last := place[strings.LastIndexByte(place, '.')+1:]
	if i := strings.IndexByte(last, '['); i >= 0 {
		return last[:i] == "changes"
	}
	switch last {
	case "timezone", "language", "budgetChangeThreshold", "quietHours", "type", "region":
		return true
	}
	return false
}

// expand returns s with every ${NAME} replaced; place names s in problems.
func (e *expander) expand(place, s string) string {
	if !strings.Contains(s, "${") {
		return strings.TrimSpace(s)
	}
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		if !varNameRE.MatchString(name) {
			e.probs.add(place, fmt.Sprintf("%s: %s is not a variable reference: a name is letters, digits and _, e.g. ${SLACK_BRAND_A}", place, quote(campaign.Clip(ref, 40))))
			return ""
		}
		if why := unreadable(name, place); why != "" {
			e.probs.add(place, fmt.Sprintf("%s names the variable %s, %s", place, name, why))
			return ""
		}
		e.named[name] = true
		v := strings.TrimSpace(e.getenv(name))
		if v == "" {
			e.probs.add(place, fmt.Sprintf("%s names the variable %s, which is not set: set it, or write the value in the file", place, name))
		}
		e.values = append(e.values, expanded{place, v})
		return v
	})
	out = strings.TrimSpace(out)
	e.values = append(e.values, expanded{place, out})
	return out
}

// unreadable says why the file may not read variable name at place ("" when
// it may). The credentials (ALIBABA_CLOUD_*) and what Function Compute
// injects (FC_*, and the role's keys under their older names) never go
// into a configuration: whoever edits the file could send them anywhere
// through a URL or a channel name. HTTP_AUTH_TOKEN goes into
// http.authToken only.
func unreadable(name, place string) string {
	const why = "which a configuration file may not read: credentials and Function Compute's own variables (ALIBABA_CLOUD_*, FC_*) stay out of it; campaignwatch reads them itself"
	upper := strings.ToUpper(name)
	for _, prefix := range []string{"ALIBABA_CLOUD_", "ALICLOUD_", "ALIYUN_", "FC_", "AWS_"} {
		if strings.HasPrefix(upper, prefix) {
			return why
		}
	}
	switch upper {
	case "ACCESSKEYID", "ACCESSKEYSECRET", "SECURITYTOKEN", "ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "SECURITY_TOKEN":
		return why
	case "HTTP_AUTH_TOKEN":
		if place != "http.authToken" {
			return "which holds the HTTP routes' token: it goes into http.authToken only"
		}
	}
	return ""
}

var varNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ReadPath reads a configuration file from the local file system. A
// relative path is taken against base when base is not empty (the code
// package inside Function Compute), else the working directory. The error
// names the path and says what to do; it is of kind campaign.Invalid.
func ReadPath(path, base string) (*File, error) {
	full := path
	if base != "" && !strings.HasPrefix(path, "/") {
		full = strings.TrimSuffix(base, "/") + "/" + path
	}
	fh, err := os.Open(full)
	if err != nil {
		return nil, unreadableFile(path, full, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileBytes+1))
	if err != nil {
		return nil, unreadableFile(path, full, err)
	}
	return &File{Name: path, Data: data}, nil
}

func unreadableFile(path, full string, err error) error {
	why := "cannot be read"
	switch {
	case errors.Is(err, os.ErrNotExist):
		why = "does not exist"
	case errors.Is(err, os.ErrPermission):
		why = "cannot be read: permission denied"
	}
	at := ""
	if full != path {
		at = " (looked at " + full + ")"
	}
	p := &problems{}
	p.add("CAMPAIGNWATCH_CONFIG", fmt.Sprintf("configuration file %s %s%s: check CAMPAIGNWATCH_CONFIG or --config", path, why, at))
	return p.err()
}
