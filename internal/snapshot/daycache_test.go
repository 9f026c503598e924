package snapshot

import (
	"fmt"
	"testing"
)

// TestDayCacheKeepsWithinItsBudget: the oldest read goes first once the
// encoded sizes pass the budget; a forgotten key is gone and frees its
// bytes; one object too large for a quarter of the budget is not kept.
func TestDayCacheKeepsWithinItsBudget(t *testing.T) {
	var c dayCache
	size := dayCacheBytes / 8
	for i := range 10 {
		c.put(fmt.Sprint(i), &dayRecord{Date: fmt.Sprint(i)}, size)
	}
	if c.bytes > dayCacheBytes {
		t.Errorf("the cache holds %d bytes, over its budget of %d", c.bytes, dayCacheBytes)
	}
	if _, ok := c.get("0"); ok {
		t.Error("the oldest day is still kept past the budget")
	}
	if r, ok := c.get("9"); !ok || r.Date != "9" {
		t.Error("the newest day is not kept")
	}
	c.forget("9")
	if _, ok := c.get("9"); ok || c.bytes != 7*size {
		t.Errorf("after forgetting: kept %v, %d bytes; want gone and %d bytes", ok, c.bytes, 7*size)
	}
	c.put("huge", &dayRecord{}, dayCacheBytes/2)
	if _, ok := c.get("huge"); ok {
		t.Error("a day over a quarter of the budget is kept")
	}
}
