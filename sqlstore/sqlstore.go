// Package sqlstore implements parley.Store once over database/sql, for
// both SQL dialects Parley stores data in: Tx holds every query, Backend
// the transactions, migrations and key rotation the backends share.
// Package sqlite and package postgres open the connections, embed their
// own migrations, and describe how they begin transactions in a Config.
//
// Queries are written with '?' placeholders and the RETURNING clause,
// which SQLite and PostgreSQL both understand once rebound to the
// Dialect. Times are stored as UTC text (FormatTime).
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// Dialect is what differs between SQL backends.
type Dialect struct {
	// Numbered placeholders ($1, $2 …) instead of '?'.
	Numbered bool
	// IsUniqueViolation reports whether err is a unique or primary key
	// constraint failure.
	IsUniqueViolation func(error) bool
	// IsRetryable, if not nil, reports whether err is the database
	// failing a transaction to keep concurrent ones serializable
	// (PostgreSQL's serialization failures and deadlocks): Update runs
	// such a write again.
	IsRetryable func(error) bool
	// TableExists is a query, with one '?' for a table's name, that
	// returns how many tables of that name the database has (0 or 1).
	TableExists string
	// WritableCTE: WITH clauses may insert (PostgreSQL), so that an audit
	// record, its hashes and the checkpoint are stored in one statement.
	WritableCTE bool
	// Announce, if not "", is the statement a write transaction that
	// changes sessions or accounts runs before it commits: it gives the
	// database a new generation (see writeCache) and tells the other
	// instances to empty their session caches (see sessionCache). Renew
	// is the one that changes only talks, parties, members or drafts
	// runs: a new generation, and nothing to tell.
	Announce, Renew string
}

// Tx is a parley.Tx on a database/sql transaction. Confidential fields are
// sealed with the talks' data key on the way in and opened on the way out
// (package seal), so the database holds only ciphertext of them.
type Tx struct {
	tx       conn                                    // nil until begun
	open     func(ctx context.Context) (conn, error) // begins tx
	d        Dialect
	keys     *seal.Keyring
	stmts    *Statements // nil: no cache
	dataKeys map[int64]seal.Key
	mem      *memory           // the backend's, nil for none
	learned  learned           // what mem keeps once tx commits
	standing *standing         // what MemberOf read, until the next write
	written  map[string]string // row digests for the next audit record (rows.go)
	carry    carryState        // stances carried by reference, as read (carried.go)
	now      func() time.Time  // the backend's clock
	// readOnly transactions may take sessions from the backend's cache,
	// sessions, as it stood at generation sessionGen when t began.
	readOnly   bool
	sessions   *sessionCache
	sessionGen uint64
	// gen is the database's generation, learned as the transaction
	// began (see writeCache).
	gen      int64
	genKnown bool
	// logAt is the audit log's size and queued records as a read-only
	// transaction learned them as it began (Began.LogKnown), nil if not.
	logAt   *[2]int64
	members *writeCache
	// hook and deferred are the backend's (see WithSequencerHook,
	// WithDeferredSequencing).
	hook     func(SequencerStage) error
	deferred bool
	// holdsLog: the transaction holds the audit log's lock (see Began);
	// one that does not queues its record.
	holdsLog bool
	// shared: the transaction runs alongside other shared writes (see
	// Access.Shared), so a unique violation is a race it lost (errRaced).
	shared bool
	// settledSize is the log's size with nothing queued, as appendKnown's
	// statement found it under the write lock, if settledKnown: the next
	// sequence takes it instead of reading it again.
	settledSize  int64
	settledKnown bool
}

var _ parley.Tx = (*Tx)(nil)

// conn is what a transaction's queries run on: a *sql.Tx, or a *sql.Conn
// in a transaction the backend began itself (see Access.Begin).
type conn interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// newTx returns the parley.Tx of tx in dialect d, with keys for the
// confidential fields, stmts, the prepared statements of tx's pool (nil to
// prepare each query afresh), and the clock now.
func newTx(tx conn, d Dialect, keys *seal.Keyring, stmts *Statements, now func() time.Time) *Tx {
	return &Tx{tx: tx, d: d, keys: keys, stmts: stmts, now: now}
}

func (t *Tx) rebind(q string) string { return t.d.rebind(q) }

// rebind writes q's '?' placeholders as the dialect wants them.
func (d Dialect) rebind(q string) string {
	if !d.Numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wrote forgets what the transaction read ahead (standing) if q writes,
// and notes whether q changes what the backend's caches keep (see
// sessionCache, writeCache).
func (t *Tx) wrote(q string) {
	if changesCached(q) {
		t.learned.cachesChanged = true
		t.learned.sessionsChanged = t.learned.sessionsChanged || changesSessions(q)
	}
	if t.standing != nil && !strings.HasPrefix(strings.TrimSpace(q), "SELECT") {
		t.standing = nil
	}
}

// begun returns the transaction's connection, beginning the transaction
// on its first query: a transaction whose reads the backend's memory
// answers makes no round trip at all.
func (t *Tx) begun(ctx context.Context) (conn, error) {
	if t.tx == nil {
		if t.open == nil {
			return nil, errors.New("sqlstore: no transaction")
		}
		c, err := t.open(ctx)
		if err != nil {
			return nil, err
		}
		t.tx = c
	}
	return t.tx, nil
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	t.wrote(q)
	c, err := t.begun(ctx)
	if err != nil {
		return nil, err
	}
	q = t.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.ExecContext(ctx, q, args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	t.wrote(q)
	c, err := t.begun(ctx)
	if err != nil {
		return nil, err
	}
	q = t.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.QueryContext(ctx, q, args...)
}

// row is a row queryRow returns: *sql.Row's, or the error of beginning
// the transaction.
type row struct {
	*sql.Row
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.Row.Scan(dest...)
}

func (r row) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.Row.Err()
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) row {
	t.wrote(q)
	c, err := t.begun(ctx)
	if err != nil {
		return row{err: err}
	}
	q = t.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return row{Row: st.QueryRowContext(ctx, args...)}
	}
	return row{Row: c.QueryRowContext(ctx, q, args...)}
}

// conflict turns a unique-constraint failure into an ECONFLICT error; in
// a shared write, into errRaced, for the write to run again and find what
// the concurrent one stored.
func (t *Tx) conflict(err error, what string) error {
	if err != nil && t.d.IsUniqueViolation != nil && t.d.IsUniqueViolation(err) {
		if t.shared {
			return fmt.Errorf("%w: %s: %w", errRaced, what, err)
		}
		return parley.Errorf(parley.ECONFLICT, "%s already exists", what)
	}
	return err
}

// errRaced is a shared write losing a race to a concurrent one: both
// stored the same key (the same stance's next version). Run again, it
// reads what the other stored.
var errRaced = errors.New("a concurrent write stored the same row first")

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return parley.NotFound(what)
	}
	return err
}

const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime is how times are stored: UTC text that sorts in time order.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain slices of ints and structs are stored
	}
	return string(b)
}

func (t *Tx) expectOne(res sql.Result, err error) func(what string) error {
	return func(what string) error {
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return parley.NotFound(what)
		}
		return nil
	}
}

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// only returns the one item a read by ID found, or not found naming what
// was asked for.
func only[T any](found []T, err error, what string) (*T, error) {
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, parley.NotFound(what)
	}
	return &found[0], nil
}

// collect reads every row of a query with scan and closes the rows, so
// that the transaction may query again; there is nothing to read if err,
// the query's error, is not nil. No rows make a nil slice.
func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// sealedRow is a row's id and its sealed body, read before the data key
// that opens it.
type sealedRow struct {
	id   int64
	body []byte
}

func scanSealedRow(row scanner) (r sealedRow, err error) {
	err = row.Scan(&r.id, &r.body)
	return r, err
}

// failed wraps err with what was being done, so that a logged internal
// error names the operation that failed. Nil and a *parley.Error, which
// says what failed already and whose message a user may read, are
// returned as they are.
func failed(err error, format string, args ...any) error {
	var pe *parley.Error
	if err == nil || errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
