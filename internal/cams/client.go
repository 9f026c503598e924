// Package cams lists Meta ad message campaigns from Alibaba Cloud's Chat
// App Message Service (ListMessageCampaign, version 2020-06-06) through
// darabonba-openapi: paging checked against Total, every filter, several
// channels at once under one QPS ceiling, and retries of throttled and
// failed calls within the run's deadline. Its emulator is in camsemu.
package cams

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// Client lists campaigns. It is safe for concurrent use; its QPS ceiling
// is shared by every List call on it.
type Client struct {
	cfg     Config
	ep      endpoint
	cred    credentials.Credential
	http    *http.Client
	ceiling *ceiling
	calls   atomic.Int64
	idle    idleCallers
}

var _ campaign.Source = (*Client)(nil)

// New builds a Client. It reports every configuration problem at once,
// each naming its variable, as an error of kind Invalid. No call is made:
// credentials are first read by List.
func New(cfg Config) (*Client, error) {
	cfg, ep, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	cred := cfg.Credential
	if cred == nil {
		return nil, campaign.Errorf(campaign.Invalid, "cams: no credential to sign the calls with: set Config.Credential (the app reads it from the environment or the function's role)")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = pooledClient(cfg.Concurrency)
	}
	c := &Client{cfg: cfg, ep: ep, cred: &lockedCredential{Credential: cred}, http: hc, ceiling: newCeiling(cfg.QPS)}
	api, err := c.newAPI()
	if err != nil {
		return nil, err
	}
	c.idle.put(api)
	return c, nil
}

// lockedCredential serialises a credential's use: providers of the
// default chain remember state (the provider last used, cached session
// keys) without locks of their own.
type lockedCredential struct {
	mu sync.Mutex
	credentials.Credential
}

func (l *lockedCredential) GetCredential() (*credentials.CredentialModel, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Credential.GetCredential()
}

// pooledClient keeps connections alive between pages and channels. Its
// read buffer holds a whole page of 50 rows with its headers (10-15 KB),
// so that an answer is read in one or two reads instead of one per 4 KB
// (the default): 2,000 calls for 100,000 campaigns made about 6,000 reads
// with the default, 2,200-2,500 with this (BenchmarkCall's reads/op).
func pooledClient(concurrency int) *http.Client {
	t := &http.Transport{
		ReadBufferSize:        readBufferSize,
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          4 * concurrency,
		MaxIdleConnsPerHost:   2 * concurrency,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{Transport: t}
}

// readBufferSize is the size of a connection's read buffer.
const readBufferSize = 32 << 10

// Calls is the number of API calls made since New, retries included.
func (c *Client) Calls() int64 { return c.calls.Load() }

// List lists every channel, at most Config.Concurrency channels and
// Config.Concurrency calls in flight at once (when fewer channels are left
// than that, their pages are fetched in parallel), and returns one Listing
// per channel in the order given. A channel that fails
// (an error on any page, a count that does not add up to Total) has
// Complete false and Err set, of kind Unauthorized, Invalid or
// Unavailable. The error return is for the whole call: no credentials, a
// refused credential (the channels not yet started are then not listed),
// or ctx ending before every channel was listed.
func (c *Client) List(ctx context.Context, chs []campaign.Channel) ([]campaign.Listing, error) {
	if _, err := c.cred.GetCredential(); err != nil {
		return nil, campaign.Errorf(campaign.Unauthorized,
			"cams: no Alibaba Cloud credentials: configure an access key id and secret, or give the function a role (Function Compute then provides them): %v", err)
	}
	out := make([]campaign.Listing, len(chs))
	var (
		mu    sync.Mutex
		fatal error // a refused credential: the channels not started are skipped
	)
	stopped := func() error {
		mu.Lock()
		defer mu.Unlock()
		if fatal != nil {
			return fatal
		}
		return ctx.Err()
	}
	// slots bounds the calls in flight: each channel worker holds one, and
	// a worker's slot, once it has no channel left, lends itself to the
	// pages of the channels still being listed.
	slots := make(chan struct{}, c.cfg.Concurrency)
	pr := newProgress(c.cfg.Progress, len(chs))
	jobs := make(chan int)
	// sealing seals each listing as it completes (Listing.Seal), beside
	// the listing of the others: a worker goes on to its next channel at
	// once, and neither the sort nor the hash of 1,000 campaigns comes
	// after the last page but for the last channels'.
	var wg, sealing sync.WaitGroup
	for range min(c.cfg.Concurrency, len(chs)) {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			for i := range jobs {
				if stop := stopped(); stop != nil {
					out[i] = notListed(chs[i], stop)
					pr.add(0, 0, 1)
					continue
				}
				l := c.listChannel(ctx, chs[i], slots, pr)
				pr.add(0, 0, 1)
				if campaign.KindOf(l.Err) == campaign.Unauthorized {
					mu.Lock()
					if fatal == nil {
						fatal = l.Err
					}
					mu.Unlock()
				}
				sealing.Go(func() {
					l.Seal()
					out[i] = l
				})
			}
		})
	}
	for i := range chs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	sealing.Wait()
	if fatal != nil {
		return out, fatal
	}
	if err := ctx.Err(); err != nil {
		return out, campaign.Wrap(campaign.Unavailable, err, "cams: the run ended before every channel was listed")
	}
	return out, nil
}

// notListed is the listing of a channel skipped because of stop.
func notListed(ch campaign.Channel, stop error) campaign.Listing {
	kind := campaign.KindOf(stop)
	if kind == campaign.Internal { // ctx's end
		kind = campaign.Unavailable
	}
	return campaign.Listing{Channel: ch, Err: &campaign.Error{
		Kind: kind, Err: stop,
		Msg: channelName(ch) + ": not listed: " + stop.Error(),
	}}
}
