package fctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aliyun/fc-runtime-go-sdk/fc"
	"github.com/aliyun/fc-runtime-go-sdk/fccontext"
)

// echo is a function for the real SDK: it answers what it saw of the
// invocation, and fails on the event "fail".
func echo(ctx context.Context, event json.RawMessage) (any, error) {
	if string(event) == `"fail"` {
		return nil, errors.New("asked to fail")
	}
	fcc, ok := fccontext.FromContext(ctx)
	if !ok {
		return nil, errors.New("no fccontext")
	}
	deadline, _ := ctx.Deadline()
	return map[string]any{
		"event": event, "requestId": fcc.RequestID, "function": fcc.Function.Name,
		"timeout": fcc.Function.Timeout, "region": fcc.Region, "accessKeyId": fcc.Credentials.AccessKeyId,
		"deadlineAhead": time.Until(deadline) > 0,
	}, nil
}

// TestWithRealSDK runs the SDK's runtime loop in this process against the
// fake. The loop never returns, so the fake is left open until the test
// binary exits (closing it would make the SDK retry GET next in a tight
// loop).
func TestWithRealSDK(t *testing.T) {
	rt := NewWithConfig(Config{FunctionName: "cw-test", Timeout: 30 * time.Second, AccessKeyID: "STS.fake", AccessKeySecret: "x", SecurityToken: "y"})
	t.Setenv("FC_RUNTIME_API", rt.Addr())
	go fc.Start(echo)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cases := []struct {
		name    string
		event   string
		isError bool
		check   func(t *testing.T, result []byte)
	}{
		{name: "response", event: `{"triggerName":"t","payload":"check"}`, check: func(t *testing.T, result []byte) {
			var got struct {
				Event         json.RawMessage
				RequestID     string `json:"requestId"`
				Function      string
				Timeout       int
				Region        string
				AccessKeyID   string `json:"accessKeyId"`
				DeadlineAhead bool
			}
			if err := json.Unmarshal(result, &got); err != nil {
				t.Fatalf("result %s: %v", result, err)
			}
			if string(got.Event) != `{"triggerName":"t","payload":"check"}` || got.Function != "cw-test" || got.Timeout != 30 ||
				got.Region != "ap-southeast-1" || got.AccessKeyID != "STS.fake" || !got.DeadlineAhead || len(got.RequestID) < 8 {
				t.Errorf("the function saw %+v", got)
			}
		}},
		{name: "error", event: `"fail"`, isError: true, check: func(t *testing.T, result []byte) {
			var got struct{ ErrorMessage, ErrorType string }
			if err := json.Unmarshal(result, &got); err != nil || got.ErrorMessage != "asked to fail" || got.ErrorType == "" {
				t.Errorf("error answer %s (%v)", result, err)
			}
		}},
		{name: "event that is not JSON", event: `{not json`, isError: true, check: func(t *testing.T, result []byte) {
			if !bytes.Contains(result, []byte("errorMessage")) {
				t.Errorf("error answer %s", result)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			result, isError, err := rt.Invoke(ctx, []byte(c.event))
			if err != nil {
				t.Fatal(err)
			}
			if isError != c.isError {
				t.Fatalf("isError %v, want %v; answer %s", isError, c.isError, result)
			}
			c.check(t, result)
		})
	}
}

func TestProtocolRefusals(t *testing.T) {
	rt := New()
	defer rt.Close()
	base := "http://" + rt.Addr() + apiPrefix
	cases := []struct {
		name, method, url string
		status            int
	}{
		{"answer for an unknown id", "POST", base + "nobody/response", http.StatusBadRequest},
		{"error for an unknown id", "POST", base + "nobody/error", http.StatusBadRequest},
		{"next with POST", "POST", base + "next", http.StatusMethodNotAllowed},
		{"unknown path", "GET", "http://" + rt.Addr() + "/2020-11-11/runtime/init/error", http.StatusNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, c.url, bytes.NewReader([]byte("{}")))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
		})
	}
}

func TestInvokeEnds(t *testing.T) {
	t.Run("no function polls before ctx ends", func(t *testing.T) {
		rt := New()
		defer rt.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := rt.Invoke(ctx, []byte(`{}`)); !errors.Is(err, context.Canceled) {
			t.Errorf("err %v, want context.Canceled", err)
		}
	})
	t.Run("runtime closed", func(t *testing.T) {
		rt := New()
		rt.Close()
		if _, _, err := rt.Invoke(context.Background(), []byte(`{}`)); err == nil {
			t.Error("Invoke on a closed runtime succeeded")
		}
	})
	t.Run("a second answer is refused", func(t *testing.T) {
		rt := New()
		defer rt.Close()
		type answer struct {
			body []byte
			err  error
		}
		got := make(chan answer, 1)
		go func() {
			b, _, err := rt.Invoke(context.Background(), []byte(`"e"`))
			got <- answer{b, err}
		}()
		resp, err := http.Get("http://" + rt.Addr() + apiPrefix + "next")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		id := resp.Header.Get("x-fc-request-id")
		for _, h := range []string{"x-fc-request-id", "x-fc-function-deadline", "x-fc-function-timeout"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("next lacks %s", h)
			}
		}
		for i, want := range []int{http.StatusOK, http.StatusBadRequest} {
			r, err := http.Post("http://"+rt.Addr()+apiPrefix+id+"/response", "application/json", bytes.NewReader([]byte(`"ok"`)))
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
			if r.StatusCode != want {
				t.Errorf("answer %d: status %d, want %d", i+1, r.StatusCode, want)
			}
		}
		if a := <-got; a.err != nil || string(a.body) != `"ok"` {
			t.Errorf("Invoke answered %q, %v", a.body, a.err)
		}
	})
}
