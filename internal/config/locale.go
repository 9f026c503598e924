package config

import (
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/notify/catalog"
)

// parseLanguage is the one check of a language setting
// (MESSAGE_LANGUAGE, the file's language and a receiver's): the tag of a
// language campaignwatch writes ("zh-CN" for "zh-cn"), or what is wrong
// with raw, starting with it quoted.
func parseLanguage(raw string) (string, string) {
	if lang, ok := catalog.Lookup(raw); ok {
		return lang.Tag, ""
	}
	return "", quote(raw) + " is not a language campaignwatch writes: use " + strings.Join(catalog.Tags(), " or ")
}

// parseZone is the one check of a zone setting (DIGEST_TIMEZONE, the
// file's timezone and a receiver's): an IANA zone, or what is wrong with
// raw, starting with it quoted. "Local" is refused: it means the
// server's, which differs between a laptop and Function Compute.
func parseZone(raw string) (*time.Location, string) {
	if raw != "Local" {
		if loc, err := time.LoadLocation(raw); err == nil {
			return loc, ""
		}
	}
	return nil, quote(raw) + " is not an IANA time zone: use a name such as Asia/Shanghai, America/New_York or UTC"
}
