package dashboard

import (
	"context"
	"net/http"
)

// silences renders /ui/silences. This build keeps no silences: the page
// says there are none, which is what every message's routing sees too.
func (d *Dashboard) silences(_ context.Context, r Request) Response {
	return d.render(http.StatusOK, "silences", d.frame(r.Lang, r.Path, r.Lang.UI.SilencesPage, r.Query), nil)
}
