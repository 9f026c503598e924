package config

import (
	"strings"
)

// Location is where the configuration file is: a local path, or an object
// in OSS. The zero Location means there is no file.
type Location struct {
	// Path is a local path, relative to the working directory (or to the
	// code package inside Function Compute).
	Path string
	// Bucket and Key name an OSS object (oss://BUCKET/KEY).
	Bucket, Key string
}

// IsZero reports whether no file is configured.
func (l Location) IsZero() bool { return l.Path == "" && l.Bucket == "" }

// IsOSS reports whether the file is an OSS object.
func (l Location) IsOSS() bool { return l.Bucket != "" }

// String is the location as written: the path, or oss://BUCKET/KEY.
func (l Location) String() string {
	if l.IsOSS() {
		return "oss://" + l.Bucket + "/" + l.Key
	}
	return l.Path
}

// Locate finds the configuration file: flag (the --config value) when
// given, else CAMPAIGNWATCH_CONFIG, read through getenv. The error, of
// kind campaign.Invalid, names --config or the variable.
func Locate(getenv func(string) string, flag string) (Location, error) {
	from := "--config"
	raw := strings.TrimSpace(flag)
	if raw == "" {
		from = "CAMPAIGNWATCH_CONFIG"
		raw = strings.TrimSpace(getenv(from))
	}
	if raw == "" {
		return Location{}, nil
	}
	p := &problems{}
	rest, isOSS := strings.CutPrefix(raw, "oss://")
	if !isOSS {
		if strings.Contains(raw, "://") {
			p.add(from, from+" "+quote(raw)+" is neither a path nor oss://BUCKET/KEY")
			return Location{}, p.err()
		}
		if strings.ContainsRune(raw, 0) {
			p.add(from, from+" has a NUL byte: give a path")
			return Location{}, p.err()
		}
		return Location{Path: raw}, nil
	}
	bucket, key, _ := strings.Cut(rest, "/")
	switch {
	case !bucketRE.MatchString(bucket):
		p.add(from, from+" "+quote(raw)+" names an invalid bucket: a bucket name is 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit")
	case key == "" || strings.HasSuffix(key, "/") || len(key) > 1023:
		p.add(from, from+" "+quote(raw)+" names no object: use oss://BUCKET/KEY, e.g. oss://my-bucket/campaignwatch/config.yaml")
	default:
		return Location{Bucket: bucket, Key: key}, nil
	}
	return Location{}, p.err()
}
