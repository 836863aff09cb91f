package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// Statements caches a pool's prepared statements, so that each query is
// parsed once per connection rather than once per use: on SQLite, whose
// parser runs in process, parsing is a fifth of a stance write's CPU.
//
// Nothing waits for it and it never cancels anything: a query seen for the
// first time runs unprepared, while a goroutine of its own prepares it on
// the pool as soon as a connection is free (a transaction may hold the
// only one). Afterwards each transaction uses it through database/sql,
// which prepares it once on each connection it meets and keeps it there.
// Its lock guards a map lookup, never I/O. Give none to a pgx pool: pgx
// caches each connection's statements itself.
type Statements struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt // nil while being prepared
}

// NewStatements returns a statement cache for the pool.
func NewStatements(db *sql.DB) *Statements { return &Statements{db: db, m: map[string]*sql.Stmt{}} }

// get returns q prepared, or nil if it is not yet (and then starts
// preparing it).
func (s *Statements) get(q string) *sql.Stmt {
	s.mu.Lock()
	st, seen := s.m[q]
	if !seen {
		s.m[q] = nil
	}
	s.mu.Unlock()
	if !seen {
		go s.prepare(q)
	}
	return st
}

func (s *Statements) prepare(q string) {
	st, err := s.db.PrepareContext(context.Background(), q)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		delete(s.m, q) // tried again on its next use
		return
	}
	s.m[q] = st
}

// stmt returns q prepared within the transaction, or nil when there is no
// cache or q is not prepared yet (the caller then runs it directly).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	st := t.stmts.get(q)
	if st == nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}
