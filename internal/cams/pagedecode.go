package cams

import (
	"encoding/json"

	gojson "github.com/goccy/go-json"
)

// unmarshalPage fills w from body as json.Unmarshal would, through
// github.com/goccy/go-json: a drop-in decoder for encoding/json without its
// reflection cost (see the package's benchmarks). When go-json refuses a body, encoding/json
// decodes it again, so that every error names the field in the words the
// rest of this package explains (invalidJSON). A differential test and
// FuzzPageDecoders hold the two decoders to the same answers.
//
// The strings decoded refer to body (DecodeNoCopyString): the caller copies
// what it keeps (pageDecoder.decode).
func unmarshalPage(body []byte, w *wirePage) error {
	if err := gojson.UnmarshalWithOption(body, w, gojson.DecodeNoCopyString()); err == nil {
		return nil
	}
	*w = wirePage{}
	return json.Unmarshal(body, w)
}
