package run

import (
	"testing"
	"time"
)

// TestBudgetInvariants checks the relations budget.go states between the
// durations of a run, so that changing one alone cannot break them.
func TestBudgetInvariants(t *testing.T) {
	checks := []struct {
		what string
		ok   bool
	}{
		{"postMargin < defaultClaimTTL", postMargin < defaultClaimTTL},
		{"ackReserve + postMargin <= defaultClaimTTL", ackReserve+postMargin <= defaultClaimTTL},
		{"ackReserve < postMargin", ackReserve < postMargin},
		{"listReserve < defaultClaimTTL", listReserve < defaultClaimTTL},
		{"waitReserve >= defaultClaimTTL", waitReserve >= defaultClaimTTL},
		{"MaxNotifyWait >= time.Minute", MaxNotifyWait >= time.Minute},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("budget broken: want %s (claim ttl %v, post margin %v, ack reserve %v, list reserve %v, wait reserve %v, notify wait %v)",
				c.what, defaultClaimTTL, postMargin, ackReserve, listReserve, waitReserve, MaxNotifyWait)
		}
	}
}
