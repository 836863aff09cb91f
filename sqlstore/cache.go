package sqlstore

import (
	"sync"
	"sync/atomic"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley"
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
//     ones the next append needs; with them, the log's size after that
//     append, which the next append checks in the statement that writes
//     (see appendKnown). Another instance's appends are read from the
//     database, as is any hash not kept;
//   - the marks of stances carried by reference to a tabled draft
//     (carriedMarks).
//
// Sessions, members, talks and drafts, which change, are kept apart, each
// only where every change is heard (sessionCache, writeCache): a session
// ended or a member removed takes effect at once.
type memory struct {
	dataKeys sync.Map // talks id → seal.Key
	signer   atomic.Pointer[note.Signer]
	edge     atomic.Pointer[edge]
	carried  carriedMarks
}

// edge is the audit log's size after an append and the hashes that
// append read and wrote.
type edge struct {
	size   int64
	hashes map[int64]tlog.Hash
}

// learned is what one transaction would add to the backend's memory once
// it commits.
type learned struct {
	signer note.Signer
	hashes map[int64]tlog.Hash // read and written by appends
	size   int64               // the log's size after the last append, if sized
	sized  bool
	// session is what a read-only transaction read by token, for the
	// session cache, member what a write transaction's MemberOf read, for
	// the write cache; cachesChanged is set by a write to the tables they
	// depend on (see sessionCache, writeCache), sessionsChanged by one to
	// those the session cache depends on.
	session         *cachedSession
	member          *cachedMember
	drafts          []parley.Draft // of talks draftsOf, read by a transaction
	draftsOf        int64
	finished        []learnedFinished // for the write cache
	cachesChanged   bool
	sessionsChanged bool
	// carried are the carried marks of drafts the transaction resolved;
	// carriedWritten is set once it carried stances itself (then it keeps
	// none).
	carried        []learnedMarks
	carriedWritten bool
	// queued is set once the transaction put its record in the audit
	// queue: it returns once the record is in the log (see sequencer).
	queued bool
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
		h, ok := e.hashes[i]
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
	if t.learned.sized {
		m.keepEdge(&edge{size: t.learned.size, hashes: t.learned.hashes})
	}
	for _, c := range t.learned.carried {
		m.carried.put(c.talks, c.draft, c.marks)
	}
}

// keepEdge keeps e unless what is kept is of a longer log: a transaction
// that committed earlier may learn after one that committed later.
func (m *memory) keepEdge(e *edge) {
	for {
		old := m.edge.Load()
		if old != nil && old.size >= e.size {
			return
		}
		if m.edge.CompareAndSwap(old, e) {
			return
		}
	}
}

// lastEdge returns the log's size after the transaction's or the
// backend's last append, if either knows it.
func (t *Tx) lastEdge() (int64, bool) {
	if t.learned.sized {
		return t.learned.size, true
	}
	if t.mem == nil {
		return 0, false
	}
	if e := t.mem.edge.Load(); e != nil {
		return e.size, true
	}
	return 0, false
}
