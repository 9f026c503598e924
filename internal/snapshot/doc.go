// Package snapshot keeps campaignwatch's snapshots and outbox in a
// directory (file://DIR) or an OSS bucket (oss://BUCKET/PREFIX), behind one
// implementation of campaign.Store over a five-call blob interface: Get,
// Create (create-only), Put, List, Delete.
//
// # Layout
//
// Keys are relative to the directory or prefix; numbers are zero-padded so
// that lexical order is numeric order.
//
//	gen/<generation>.json            manifest: the commit point (create-only)
//	data/<generation>-<token>.snap   the campaigns, compact and versioned
//	outbox/<generation>-<token>      marks a generation that carries an alert
//	alert/<id>.json                  alerts without a generation (digests)
//	deliv/<alert>/<receiver>/claim-<n>.json   claims (create-only)
//	deliv/<alert>/<receiver>/ack-<i>          message i delivered (create-only)
//	done/<alert>/<receiver>                   every message delivered (written by the last Ack)
//	health/<kind>/<streak>/...                failed runs and incident marks (health.go)
//	health/guardrails/<generation>-<token>.json   the guardrail incidents open as of a generation (guardrails.go)
//
// A manifest (JSON, "schema": 1) holds the generation, takenAt, each
// channel's completeness, its data object's key, the campaign count, the
// generation's alert and the key of its open guardrail incidents' record. A data object holds magic, format version, CRC-32C
// and a DEFLATEd columnar encoding of the snapshot (see codec.go): 12-17
// bytes per campaign with realistic names and ids.
//
// # Why two overlapping runs commit once
//
// Every run reads the latest generation g, diffs against it, and commits
// g+1 by creating gen/<g+1>.json. Creation is create-only: on files it is
// link(2) of a finished temporary file, which fails with EEXIST if the name
// exists; on OSS it is PutObject with x-oss-forbid-overwrite: true, which
// fails with 409 FileAlreadyExists. Either way, of all runs that started
// from g, exactly one creates gen/<g+1>.json; every other gets Conflict,
// deletes what it wrote under its own random token and sends nothing. A
// run that read an older g meets an existing manifest the same way. The
// data object, the guardrail record and the outbox mark are written
// before the manifest under keys no other run uses, so the manifest never
// names a missing object and a reader never sees a half-written
// generation. The changes (the alert) are
// inside the manifest: committing the snapshot and queueing its changes is
// one atomic step, taken before anything is sent.
//
// OSS ignores x-oss-forbid-overwrite on buckets where versioning is enabled
// or suspended; there a second create silently succeeds. Before its first
// write a store therefore probes: it creates probe/<token> twice and
// refuses to write, with a clear error, unless the second create fails with
// Conflict. Open itself only lists (one key under probe/), so a store that
// is only read, as a dry run's, writes nothing.
//
// The OSS SDK retries a write whose reply was lost; the retry of a create
// that landed meets its own object and would look like a lost race. Every
// record carries a random token, so Store.create reads the object back:
// identical bytes mean the create was ours.
//
// # Why each receiver gets each alert once
//
// Delivery of alert a to receiver r is guarded by claims: Claim lists
// deliv/<a>/<r>/, and if the newest claim n is expired or released, creates
// claim n+1 (create-only). Runs that saw the same n race for n+1 and one
// wins; a run that saw an older n meets an existing key. So at any moment
// at most one live claim exists, and only its holder posts. Each message
// posted is recorded by a create-only ack; a later claim skips the acked
// messages (Claim.Done); when all are posted, done/<a>/<r> ends delivery
// for good. A receiver that failed is released and gets the alert from
// Pending on the next run; one that succeeded never again.
//
// What "once" cannot cover: a run killed between a post and its ack posts
// that message again after its claim expires (at least once, never lost);
// and a run that outlives its claim's ttl may overlap the next holder.
// Ack reports Conflict when the claim was overtaken, so the old holder
// stops; pick a ttl longer than a run can post.
//
// # Damaged data
//
// A manifest, data object, alert or claim that cannot be decoded is an
// error of kind Invalid naming the object and saying how to recover (for a
// generation: move its manifest aside to roll back to the previous one).
// No call overwrites or deletes it; Prune deletes only what is older than
// its keep window.
package snapshot
