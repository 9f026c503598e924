package dashboard

import (
	"embed"
	"net/http"
	"path"
	"strings"
)

//go:embed assets
var assetFS embed.FS

// assetTypes are the content types of the embedded assets, by extension.
var assetTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
}

// Asset returns the embedded file at /ui/assets/NAME; ok is false for
// any other path.
func Asset(p string) (resp Response, ok bool) {
	name, found := strings.CutPrefix(p, "/ui/assets/")
	if !found || name == "" || strings.Contains(name, "/") {
		return Response{}, false
	}
	ct, known := assetTypes[path.Ext(name)]
	if !known {
		return Response{}, false
	}
	b, err := assetFS.ReadFile("assets/" + name)
	if err != nil {
		return Response{}, false
	}
	return Response{Status: http.StatusOK, ContentType: ct, Body: b}, true
}
