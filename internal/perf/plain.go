package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"
	"golang.org/x/time/rate"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// plainSource lists campaigns through darabonba-openapi used plainly, as
// its documentation shows: for every page a new Client and one CallApi,
// the SDK's own decoding of the answer (BodyType "json": a map of
// json.Number), its own HTTP client, nonce and logging; nothing reused.
// It is the baseline the harness measures campaignwatch's client against:
// same channels, same concurrency (channels listed at once), pages of a
// channel one after another, and CAMS_QPS calls a second by
// golang.org/x/time/rate, a token bucket of CAMS_QPS tokens. That bucket
// counts starts and lets a full bucket and its refill arrive within one
// second: at CAMS_QPS=400 and concurrency 16 the emulator saw up to 677
// (the harness prints the most per client), where campaignwatch's ceiling
// keeps to 400.
type plainSource struct {
	endpoint, protocol string
	cred               credentials.Credential
	pageSize, workers  int
	limit              *rate.Limiter
}

// newPlainSource reads what the child's environment gives campaignwatch:
// CAMS_ENDPOINT (a URL), the access key, CAMS_CONCURRENCY, CAMS_QPS and
// CAMS_PAGE_SIZE (the product's defaults when unset).
func newPlainSource(getenv func(string) string) (*plainSource, error) {
	u, err := url.Parse(getenv("CAMS_ENDPOINT"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("CAMS_ENDPOINT %q: want the emulator's URL", getenv("CAMS_ENDPOINT"))
	}
	cred, err := credentials.NewCredential(new(credentials.Config).SetType("access_key").
		SetAccessKeyId(getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")).SetAccessKeySecret(getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")))
	if err != nil {
		return nil, err
	}
	s := settings{concurrency: atoi(getenv("CAMS_CONCURRENCY")), qps: float64(atoi(getenv("CAMS_QPS"))), pageSize: atoi(getenv("CAMS_PAGE_SIZE"))}.effective()
	return &plainSource{
		endpoint: u.Host, protocol: u.Scheme, cred: cred, pageSize: s.pageSize, workers: s.concurrency,
		limit: rate.NewLimiter(rate.Limit(s.qps), max(1, int(s.qps))),
	}, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// List lists the channels, s.workers at once.
func (s *plainSource) List(ctx context.Context, chs []campaign.Channel) ([]campaign.Listing, error) {
	out := make([]campaign.Listing, len(chs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(s.workers, len(chs)) {
		wg.Go(func() {
			for i := range jobs {
				out[i] = s.listChannel(ctx, chs[i])
			}
		})
	}
	for i := range chs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out, ctx.Err()
}

func (s *plainSource) listChannel(ctx context.Context, ch campaign.Channel) campaign.Listing {
	l := campaign.Listing{Channel: ch}
	for index := 1; ; index++ {
		rows, total, err := s.page(ctx, ch, index)
		l.Calls++
		if err != nil {
			l.Err = fmt.Errorf("%s, page %d: %w", ch.ChannelID, index, err)
			return l
		}
		l.Total = total
		l.Campaigns = append(l.Campaigns, rows...)
		if len(rows) == 0 || len(l.Campaigns) >= total {
			break
		}
	}
	l.Complete = len(l.Campaigns) == l.Total
	return l
}

// page is one CallApi, with a Client of its own.
func (s *plainSource) page(ctx context.Context, ch campaign.Channel, index int) ([]campaign.Campaign, int, error) {
	if err := s.limit.Wait(ctx); err != nil {
		return nil, 0, err
	}
	api, err := openapi.NewClient(&openapi.Config{Credential: s.cred, Endpoint: dara.String(s.endpoint), Protocol: dara.String(s.protocol)})
	if err != nil {
		return nil, 0, err
	}
	params := &openapi.Params{
		Action: dara.String("ListMessageCampaign"), Version: dara.String("2020-06-06"),
		Protocol: dara.String(s.protocol), Pathname: dara.String("/"), Method: dara.String("POST"),
		AuthType: dara.String("AK"), Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
	}
	page, _ := json.Marshal(map[string]int{"Index": index, "Size": s.pageSize})
	query := map[string]*string{"CustSpaceId": dara.String(ch.CustSpaceID), "PageId": dara.String(ch.PageID), "Page": dara.String(string(page))}
	res, err := api.CallApiWithCtx(ctx, params, &openapi.OpenApiRequest{Query: query}, &dara.RuntimeOptions{})
	if err != nil {
		return nil, 0, err
	}
	body, _ := res["body"].(map[string]any)
	if code, _ := body["Code"].(string); code != "OK" {
		return nil, 0, fmt.Errorf("CAMS answered %v: %v", body["Code"], body["Message"])
	}
	total, _ := number(body["Total"])
	data, _ := body["Data"].([]any)
	rows := make([]campaign.Campaign, 0, len(data))
	for _, d := range data {
		m, _ := d.(map[string]any)
		budget, _ := number(m["Budget"])
		created, _ := number(m["CreateTime"])
		rows = append(rows, campaign.Campaign{
			CustSpaceID: ch.CustSpaceID, PageID: ch.PageID,
			CampaignID: str(m["CampaignId"]), CampaignName: str(m["CampaignName"]), Status: str(m["Status"]),
			Budget: budget, BudgetType: str(m["BudgetType"]), AdAccountID: str(m["AdAccountId"]), CreateTime: created,
		})
	}
	return rows, int(total), nil
}

func number(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := strconv.ParseInt(strings.TrimSpace(n.String()), 10, 64)
		return i, err == nil
	case float64:
		return int64(n), true
	}
	return 0, false
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
