package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
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
type fileConfig struct {
	Version               *int           `yaml:"version"`
	CAMS                  fileCAMS       `yaml:"cams"`
	Snapshots             string         `yaml:"snapshots"`
	OSS                   fileOSS        `yaml:"oss"`
	Timezone              string         `yaml:"timezone"`
	Language              string         `yaml:"language"`
	BudgetChangeThreshold string         `yaml:"budgetChangeThreshold"`
	HTTP                  fileHTTP       `yaml:"http"`
	Channels              []fileChannel  `yaml:"channels"`
	Receivers             []fileReceiver `yaml:"receivers"`
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

type fileHTTP struct {
	AuthToken string `yaml:"authToken"`
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
	Channels              []string    `yaml:"channels"`
	Changes               []string    `yaml:"changes"`
	BudgetChangeThreshold string      `yaml:"budgetChangeThreshold"`
	Language              string      `yaml:"language"`
	Timezone              string      `yaml:"timezone"`
	QuietHours            string      `yaml:"quietHours"`
	Mention               fileMention `yaml:"mention"`
	Digest                *bool       `yaml:"digest"`
	Health                *bool       `yaml:"health"`
}

type fileMention struct {
	Mobiles []string `yaml:"mobiles"`
	UserIDs []string `yaml:"userIds"`
	All     bool     `yaml:"all"`
	Here    bool     `yaml:"here"`
}

// MaxFileBytes bounds a configuration file: a thousand channels and
// receivers fit in well under a megabyte.
const MaxFileBytes = 1 << 20

// decodeFile decodes a file strictly: unknown keys, wrong types, repeated
// keys and syntax errors are one Problem naming the file, line and column.
func decodeFile(f *File) (*fileConfig, *problem) {
	where := f.Name
	if len(f.Data) > MaxFileBytes {
		return nil, &problem{Var: where, Text: fmt.Sprintf("%s: the file is larger than %d bytes; split channels into fewer, larger filters or trim it", where, MaxFileBytes)}
	}
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(f.Data), yaml.DisallowUnknownField())
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return nil, &problem{Var: where, Text: where + ":" + yamlProblem(err)}
	}
	// A second document would be silently ignored: refuse it.
	var extra any
	if err := dec.Decode(&extra); err == nil {
		return nil, &problem{Var: where, Text: where + ": holds more than one YAML document (---); keep one"}
	}
	if fc.Version == nil {
		return nil, &problem{Var: where, Text: fmt.Sprintf("%s: version is missing: start the file with \"version: %d\"", where, fileVersion)}
	}
	if *fc.Version != fileVersion {
		return nil, &problem{Var: where, Text: fmt.Sprintf("%s: version %d is not known: this campaignwatch reads version %d", where, *fc.Version, fileVersion)}
	}
	return &fc, nil
}

var (
	yamlPosRE  = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*`)
	yamlTypeRE = regexp.MustCompile(`cannot unmarshal (\S+(?: \{\})?) into Go (?:struct field|value of type) (?:\S+ of type )?(\S+)`)
)

// yamlProblem turns the decoder's error into "LINE:COL: what is wrong",
// without the decoder's source excerpt or Go type names.
func yamlProblem(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	pos := ""
	if m := yamlPosRE.FindStringSubmatch(msg); m != nil {
		pos = m[1] + ":" + m[2] + ":"
		msg = msg[len(m[0]):]
	}
	if m := yamlTypeRE.FindStringSubmatch(msg); m != nil {
		msg = "wrong type: " + kindName(m[1]) + " where " + kindName(m[2]) + " belongs"
	}
	if pos == "" {
		return " " + msg
	}
	return pos + " " + msg
}

func kindName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map") || strings.HasPrefix(goType, "config.file") || goType == "*config.fileConfig":
		return "a mapping"
	case strings.Contains(goType, "int") && !strings.Contains(goType, "interface"):
		return "a whole number"
	case strings.Contains(goType, "float"):
		return "a number"
	case strings.Contains(goType, "bool"):
		return "true or false"
	case strings.Contains(goType, "string"):
		return "text"
	}
	return goType
}

// envRef matches ${NAME}.
var envRef = regexp.MustCompile(`\$\{([^}]*)\}`)

// expander expands ${NAME} in the file's strings from the environment and
// remembers which variables the file named.
type expander struct {
	getenv func(string) string
	named  map[string]bool
	probs  *problems
}

// expand returns s with every ${NAME} replaced; place names s in problems.
func (e *expander) expand(place, s string) string {
	if !strings.Contains(s, "${") {
		return strings.TrimSpace(s)
	}
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		if !varNameRE.MatchString(name) {
			e.probs.add(place, fmt.Sprintf("%s: %s is not a variable reference: a name is letters, digits and _, e.g. ${SLACK_BRAND_A}", place, strconv.Quote(ref)))
			return ""
		}
		e.named[name] = true
		v := strings.TrimSpace(e.getenv(name))
		if v == "" {
			e.probs.add(place, fmt.Sprintf("%s names the variable %s, which is not set: set it, or write the value in the file", place, name))
		}
		return v
	})
	return strings.TrimSpace(out)
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
		return nil, unreadable(path, full, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileBytes+1))
	if err != nil {
		return nil, unreadable(path, full, err)
	}
	return &File{Name: path, Data: data}, nil
}

func unreadable(path, full string, err error) error {
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
