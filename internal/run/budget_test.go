package run

import "testing"

// TestBudgetInvariants checks the relations budget.go states between the
// durations of a run, so that changing one alone cannot break them.
func TestBudgetInvariants(t *testing.T) {
	checks := []struct {
		what string
		ok   bool
	}{
		{"MaxNotifyWait < postMargin", MaxNotifyWait < postMargin},
		{"postMargin < defaultClaimTTL", postMargin < defaultClaimTTL},
		{"ackReserve + postMargin <= defaultClaimTTL", ackReserve+postMargin <= defaultClaimTTL},
		{"ackReserve < postMargin", ackReserve < postMargin},
		{"listReserve < defaultClaimTTL", listReserve < defaultClaimTTL},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("budget broken: want %s (claim ttl %v, post margin %v, ack reserve %v, list reserve %v, notify wait %v)",
				c.what, defaultClaimTTL, postMargin, ackReserve, listReserve, MaxNotifyWait)
		}
	}
}
