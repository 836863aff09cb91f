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
// does not grow the log yet, so while any is queued nothing is kept or
// taken (see settledStorage). Maps are built and looked up in read-only
// transactions only.
type gapCache struct {
	mu  sync.Mutex
	log int64 // the audit log's size the entries were built at
	m   map[gapKey]*gap.Map
}

// gapKey names one viewer's map of one draft.
type gapKey struct {
	talks                  int64
	draft                  int
	account, member, party int64
	role                   parley.Role
	kind                   parley.PartyKind
}

// maxCachedGaps bounds the entries kept at one size of the log: viewers
// times drafts.
const maxCachedGaps = 256

// gapKeyOf returns v's key for the map of draft, and the audit log's size
// as tx sees it; ok is false for a viewer who is not a member (nothing is
// kept for one) and while records are queued for the log.
func gapKeyOf(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, draft int) (k gapKey, log int64, ok bool, err error) {
	if v.Member == nil || v.Party == nil {
		return k, 0, false, nil
	}
	settled := true
	if s, ok := tx.AuditStorage().(settledStorage); ok {
		log, settled, err = s.SettledSize(ctx)
	} else {
		log, err = tx.AuditStorage().Size(ctx)
	}
	k = gapKey{talks: talksID, draft: draft, account: v.AccountID, member: v.Member.ID, party: v.Party.ID,
		role: v.Member.Role, kind: v.Party.Kind}
	return k, log, err == nil && settled, err
}

// settledStorage is audit storage that may hold records queued for its
// log, and says in the same query as its size whether it does.
type settledStorage interface {
	SettledSize(ctx context.Context) (size int64, settled bool, err error)
}

// get returns a copy of the map kept for k at log, nil if there is none.
func (c *gapCache) get(k gapKey, log int64) *gap.Map {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.log != log {
		return nil
	}
	if m := c.m[k]; m != nil {
		return copyGap(m)
	}
	return nil
}

// put keeps a copy of m for k at log, forgetting every entry of another
// size of the log.
func (c *gapCache) put(k gapKey, log int64, m *gap.Map) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if log < c.log {
		return // built from an older state than the entries kept
	}
	if c.log != log || c.m == nil || len(c.m) >= maxCachedGaps {
		c.log, c.m = log, map[gapKey]*gap.Map{}
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
