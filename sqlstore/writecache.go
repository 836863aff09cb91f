package sqlstore

import (
	"regexp"
	"strings"
	"sync"

	"github.com/parley-talks/parley"
)

// writeCache keeps what transactions read first — the member, its talks
// and their parties (MemberOf), the list of the talks' drafts (Drafts),
// and which parties finished marking a draft (MarkingFinished) — exactly:
// each entry is of one generation of the database, a number every write
// transaction that changes those tables (or sessions and accounts) renews
// before it commits (Dialect.Announce). A write transaction reads it
// under the write lock as it begins, a read-only one in the statement that
// takes its snapshot (Access.Begin, in the same round trip as BEGIN), so
// that either takes an entry only if nothing it depends on changed since,
// whichever instance changed it. A removed
// member is refused by the next request, here or on another instance.
// Transactions begun without Access.Begin (SQLite's reads) learn no
// generation, and neither read nor fill it.
type writeCache struct {
	mu       sync.Mutex
	gen      int64 // the generation of the entries
	m        map[[2]int64]cachedMember
	drafts   map[int64][]parley.Draft              // by talks
	finished map[[2]int64][]parley.MarkingFinished // by talks and draft
}

// cachedMember is a member with what MemberOf read ahead.
type cachedMember struct {
	m        parley.Member
	talks    parley.Talks
	parties  []parley.Party
	passkeys bool
}

// memberTables matches a statement that writes a table MemberOf, Drafts
// or MarkingFinished reads.
var memberTables = regexp.MustCompile(`^(?:INSERT INTO|UPDATE|DELETE FROM)\s+(?:members|talks|parties|talks_passkey_required|accounts|account_standing|drafts|marking_finished)\b`)

// changesCached reports whether the statement q writes a table a cached
// session or member depends on.
func changesCached(q string) bool {
	return changesSessions(q) || memberTables.MatchString(strings.TrimSpace(q))
}

// cachedMemberOf returns the member of talks talksID with account
// accountID if the transaction may take it from the cache, and
// makes the transaction's next Talks and Parties answer as MemberOf does.
func (t *Tx) cachedMemberOf(talksID, accountID int64) (*parley.Member, bool) {
	if !t.genKnown || t.learned.cachesChanged || t.members == nil {
		return nil, false
	}
	c := t.members
	c.mu.Lock()
	v, ok := c.m[[2]int64{talksID, accountID}]
	ok = ok && c.gen == t.gen
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	t.readAhead(&standing{talks: v.talks, parties: append([]parley.Party(nil), v.parties...), passkeys: v.passkeys})
	m := v.m
	return &m, true
}

// readMember notes what MemberOf read, for the cache once t commits.
func (t *Tx) readMember(m *parley.Member, st *standing) {
	if t.genKnown && t.members != nil {
		t.learned.member = &cachedMember{m: *m, talks: st.talks, parties: append([]parley.Party(nil), st.parties...), passkeys: st.passkeys}
	}
}

// readAhead makes st what the transaction read ahead, keeping the account
// and drafts it had read ahead already.
func (t *Tx) readAhead(st *standing) {
	if old := t.standing; old != nil {
		st.account, st.drafts, st.draftsOf = old.account, old.drafts, old.draftsOf
	}
	t.standing = st
}

// cachedDrafts returns the list of the drafts of talks talksID if the
// transaction may take it from the cache.
func (t *Tx) cachedDrafts(talksID int64) ([]parley.Draft, bool) {
	return fromCache(t, func(c *writeCache) map[int64][]parley.Draft { return c.drafts }, talksID)
}

// fromCache returns a copy of the list the write cache keeps under k in
// the map pick names, if the transaction may take it: it knows its
// generation, the entry is of that generation, and it changed nothing the
// cache depends on.
func fromCache[K comparable, V any](t *Tx, pick func(*writeCache) map[K][]V, k K) ([]V, bool) {
	if !t.genKnown || t.learned.cachesChanged || t.members == nil {
		return nil, false
	}
	c := t.members
	c.mu.Lock()
	defer c.mu.Unlock()
	list, ok := pick(c)[k]
	if !ok || c.gen != t.gen {
		return nil, false
	}
	return append([]V(nil), list...), true
}

// readDrafts notes the list of drafts a transaction read, for the
// cache once it commits.
func (t *Tx) readDrafts(talksID int64, list []parley.Draft) {
	if t.genKnown && t.members != nil && !t.learned.cachesChanged {
		t.learned.drafts, t.learned.draftsOf = append([]parley.Draft{}, list...), talksID
	}
}

// cachedFinished returns which parties finished marking draft of talks
// talksID if the transaction may take it from the cache.
func (t *Tx) cachedFinished(talksID int64, draft int) ([]parley.MarkingFinished, bool) {
	return fromCache(t, func(c *writeCache) map[[2]int64][]parley.MarkingFinished { return c.finished }, [2]int64{talksID, int64(draft)})
}

// readFinished notes which parties finished marking a draft, as a
// transaction read it, for the cache once it ends well.
func (t *Tx) readFinished(talksID int64, draft int, list []parley.MarkingFinished) {
	if t.genKnown && t.members != nil && !t.learned.cachesChanged {
		t.learned.finished = append(t.learned.finished, learnedFinished{talksID, draft, append([]parley.MarkingFinished{}, list...)})
	}
}

// learnedFinished is which parties finished marking a draft, as a
// transaction read it.
type learnedFinished struct {
	talks int64
	draft int
	list  []parley.MarkingFinished
}

// learn keeps what t, which committed, read; after empties the cache if
// t, which ended, changed what it depends on.
func (c *writeCache) learn(t *Tx) {
	v, list := t.learned.member, t.learned.drafts
	if v == nil && list == nil && t.learned.finished == nil || t.learned.cachesChanged {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Generations are not ordered (Dialect.Announce): the entries of
	// another one are dropped, if the latest only after a transaction
	// that committed before it learns late.
	if t.gen != c.gen || c.m == nil || len(c.m)+len(c.drafts)+len(c.finished) >= maxCachedSessions {
		c.gen, c.m, c.drafts = t.gen, map[[2]int64]cachedMember{}, map[int64][]parley.Draft{}
		c.finished = map[[2]int64][]parley.MarkingFinished{}
	}
	if v != nil {
		c.m[[2]int64{v.m.TalksID, v.m.AccountID}] = *v
	}
	if list != nil {
		c.drafts[t.learned.draftsOf] = list
	}
	for _, f := range t.learned.finished {
		c.finished[[2]int64{f.talks, int64(f.draft)}] = f.list
	}
}

func (c *writeCache) after(t *Tx) {
	if t.learned.cachesChanged {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.m, c.drafts, c.finished = nil, nil, nil
	}
}
