package sqlstore

import (
	"sync"
	"sync/atomic"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley/seal"
)

// memory is what a backend keeps between transactions to spare round
// trips: only facts that never change once committed, so that nothing
// kept can go stale, and only what a transaction that committed (or a
// read-only one, which sees committed data alone) read or wrote.
//
//   - talks' data keys, unwrapped: a data key is made with its talks and
//     never changes (rotating the master key re-wraps it, and forgets
//     them all anyway);
//   - the audit log's signer: the key is made once, on the first record;
//   - stored audit hashes near the tree's right edge: a stored hash is
//     never overwritten, and those the last append read and wrote are the
//     ones the next append needs. Another instance's appends are read
//     from the database, as is any hash not kept.
//
// Sessions, members and talks are not kept: a session ended or a member
// removed takes effect at once.
type memory struct {
	dataKeys sync.Map // talks id → seal.Key
	signer   atomic.Pointer[note.Signer]
	edge     atomic.Pointer[map[int64]tlog.Hash]
}

// learned is what one transaction would add to the backend's memory once
// it commits.
type learned struct {
	signer note.Signer
	hashes map[int64]tlog.Hash // read and written by appends
}

func (m *memory) dataKey(talksID int64) (seal.Key, bool) {
	if m == nil {
		return seal.Key{}, false
	}
	k, ok := m.dataKeys.Load(talksID)
	if !ok {
		return seal.Key{}, false
	}
	return k.(seal.Key), true
}

func (m *memory) hash(i int64) (tlog.Hash, bool) {
	if m == nil {
		return tlog.Hash{}, false
	}
	if e := m.edge.Load(); e != nil {
		h, ok := (*e)[i]
		return h, ok
	}
	return tlog.Hash{}, false
}

// learn keeps what t, which committed, read and wrote.
func (m *memory) learn(t *Tx) {
	if m == nil {
		return
	}
	for id, k := range t.dataKeys {
		m.dataKeys.Store(id, k)
	}
	if t.learned.signer != nil {
		s := t.learned.signer
		m.signer.Store(&s)
	}
	if len(t.learned.hashes) > 0 {
		h := t.learned.hashes
		m.edge.Store(&h)
	}
}
