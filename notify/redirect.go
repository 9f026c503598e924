package notify

import (
	"net/http"
	"net/url"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// withoutRedirects returns a copy of c that never follows a redirect: a
// 3xx answer comes back to the poster as it is. Following one would send
// the body, the signature headers and a Referer holding the webhook URL
// (whose path or query is the secret) to whatever host the Location
// names, and a 301/302/303 would turn the POST into a GET whose 200 looks
// like a delivery. Every notifier's client passes through here
// (Options.WithDefaults), whoever built it.
func withoutRedirects(c *http.Client) *http.Client {
	out := *c
	out.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &out
}

// redirected is the Reply to a 3xx answer: a failed delivery that another
// attempt in this run would not change (the message stays pending). The
// error names the status and the host the Location points to, never its
// path or query, which may hold a token.
func redirected(service string, status int, header http.Header, from *url.URL) Reply {
	where := "gave no new address"
	if loc, err := from.Parse(header.Get("Location")); err == nil && header.Get("Location") != "" && loc.Host != "" {
		where = "moved to " + loc.Host
	}
	return Reply{Err: campaign.Errorf(campaign.Unavailable,
		"%s answered HTTP %d (a redirect): the endpoint %s; nothing was sent there and the message stays pending: update the receiver's webhook URL",
		service, status, where)}
}

// isRedirect says whether status is a 3xx answer.
func isRedirect(status int) bool { return status >= 300 && status <= 399 }
