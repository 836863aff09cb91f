package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// Statements caches a pool's prepared statements, so that each query is
// parsed once per connection rather than once per use. Preparing needs a
// free connection of the pool, which the caller's own transaction may hold:
// so it waits only a moment for one, and a query it cannot prepare runs
// unprepared. Give no cache to a pool of one connection, nor to a driver
// that caches prepared statements itself: pgx does, and on a loaded
// server every prepare outlasts the moment and is cancelled mid-query (the
// storage suite's workspace case on PostgreSQL took 70 s with this cache,
// 3 s without it, on a loaded machine).
type Statements struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// NewStatements returns a statement cache for the pool.
func NewStatements(db *sql.DB) *Statements { return &Statements{db: db, m: map[string]*sql.Stmt{}} }

func (s *Statements) get(ctx context.Context, q string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.m[q]; ok {
		return st, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Millisecond)
	defer cancel()
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.m[q] = st
	return st, nil
}

// stmt returns q prepared within the transaction, or nil when there is no
// cache or q cannot be prepared (the caller then runs it directly).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	st, err := t.stmts.get(ctx, q)
	if err != nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}
