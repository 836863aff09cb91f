package workspace

import (
	"context"
	"slices"
	"sync"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
)

// gapCache keeps gap maps as built for one viewer, so that reading the
// map of a 2,000-point draft again (the mediator's page, the talks page's
// standing of every draft, a reload) does not read and sort 10,000
// stances again while nothing has changed.
//
// Confidential by construction: an entry is kept for one viewer exactly —
// the account, its membership, role and party — and is never served to
// another, even one who would see the same. It is good only while the
// audit log has the size it had when the map was built: every change a
// gap map rests on (a stance, its sharing, a declaration of marking
// finished, a member's role or party, the talks' state, a draft) is
// written with an audit record in the same transaction, so any such change,
// in this instance or another on the same database, makes every entry
// stale. A record the storage holds queued for its log (sqlstore's
// sequenced log: committed with its change, in the log a moment later)
// does not grow the log yet, so the state an entry is good for is the
// log's size and the number of records queued (see stateStorage). Maps
// are built and looked up in read-only transactions only.
type gapCache struct {
	mu sync.Mutex
	at logState // the state the entries were built at
	m  map[gapKey]*gap.Map
}

// logState is the audit log's size and the records queued for it: every
// change makes a later state, one of a greater size or, at the same size,
// of more records queued.
type logState struct{ size, queued int64 }

// before reports whether s is an earlier state than t.
func (s logState) before(t logState) bool {
	return s.size < t.size || s.size == t.size && s.queued < t.queued
}

// gapKey names one viewer's map of one draft.
type gapKey struct {
	talks                  int64
	draft                  int
	account, member, party int64
	role                   parley.Role
	kind                   parley.PartyKind
}

// maxCachedGaps bounds the entries kept at one state of the log: viewers
// times drafts.
const maxCachedGaps = 256

// gapKeyOf returns v's key for the map of draft, and the audit log's
// state as tx sees it; ok is false for a viewer who is not a member
// (nothing is kept for one).
func gapKeyOf(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, draft int) (k gapKey, at logState, ok bool, err error) {
	if v.Member == nil || v.Party == nil {
		return k, at, false, nil
	}
	if s, ok := tx.AuditStorage().(stateStorage); ok {
		at.size, at.queued, err = s.LogState(ctx)
	} else {
		at.size, err = tx.AuditStorage().Size(ctx)
	}
	k = gapKey{talks: talksID, draft: draft, account: v.AccountID, member: v.Member.ID, party: v.Party.ID,
		role: v.Member.Role, kind: v.Party.Kind}
	return k, at, err == nil, err
}

// stateStorage is audit storage that may hold records queued for its log,
// and says in the same query as its size how many.
type stateStorage interface {
	LogState(ctx context.Context) (size, queued int64, err error)
}

// get returns a copy of the map kept for k at state at, nil if there is
// none.
func (c *gapCache) get(k gapKey, at logState) *gap.Map {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at != at {
		return nil
	}
	if m := c.m[k]; m != nil {
		return copyGap(m)
	}
	return nil
}

// put keeps a copy of m for k at state at, forgetting every entry of
// another state.
func (c *gapCache) put(k gapKey, at logState, m *gap.Map) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if at.before(c.at) {
		return // built from an older state than the entries kept
	}
	if c.at != at || c.m == nil || len(c.m) >= maxCachedGaps {
		c.at, c.m = at, map[gapKey]*gap.Map{}
	}
	c.m[k] = copyGap(m)
}

// copyGap copies m deeply enough that no caller can change another's.
func copyGap(m *gap.Map) *gap.Map {
	cp := *m
	cp.Parties = slices.Clone(m.Parties)
	cp.Rows = slices.Clone(m.Rows)
	for i := range cp.Rows {
		cp.Rows[i].Cells = slices.Clone(cp.Rows[i].Cells)
	}
	cp.Ranking = slices.Clone(m.Ranking)
	if m.Main != nil {
		main := *m.Main
		cp.Main = &main
	}
	cp.Counts = slices.Clone(m.Counts)
	return &cp
}
