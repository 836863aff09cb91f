package sqlstore

import (
	"context"
	"database/sql"
	"errors"
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
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt // nil while being prepared
	closed  bool
	pending sync.WaitGroup // prepares under way
}

// NewStatements returns a statement cache for the pool.
func NewStatements(db *sql.DB) *Statements { return &Statements{db: db, m: map[string]*sql.Stmt{}} }

// get returns q prepared, or nil if it is not yet (and then starts
// preparing it).
func (s *Statements) get(q string) *sql.Stmt {
	s.mu.Lock()
	st, seen := s.m[q]
	start := !seen && !s.closed
	if start {
		s.m[q] = nil
		s.pending.Add(1)
	}
	s.mu.Unlock()
	if start {
		go s.prepare(q)
	}
	return st
}

// Close waits for the prepares under way and closes every statement, so
// that once the pool is closed too no connection is left open: SQLite
// folds its write-ahead log into the database file when the last
// connection closes, and a file copied after Close must hold everything.
// Call it before closing the pool.
func (s *Statements) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.pending.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for q, st := range s.m {
		if st != nil {
			errs = append(errs, st.Close())
		}
		delete(s.m, q)
	}
	return errors.Join(errs...)
}

func (s *Statements) prepare(q string) {
	defer s.pending.Done()
	st, err := s.db.PrepareContext(context.Background(), q)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.closed {
		err = st.Close()
		delete(s.m, q)
		return
	}
	if err != nil {
		delete(s.m, q) // tried again on its next use
		return
	}
	s.m[q] = st
}

// stmt returns q prepared within the transaction, or nil when there is no
// cache or q is not prepared yet (the caller then runs it directly).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	tx, ok := t.tx.(*sql.Tx)
	if t.stmts == nil || !ok {
		return nil
	}
	st := t.stmts.get(q)
	if st == nil {
		return nil
	}
	return tx.StmtContext(ctx, st)
}
