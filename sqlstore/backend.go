package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
)

// Backend is what every SQL backend of parley.Store shares: it begins
// read-only and read-write transactions the way its Config says, hands
// them to Tx with the dialect and the keyring, migrates the database and
// rotates the master key. A backend embeds it and adds what is its own
// (connections, backups, events).
type Backend struct {
	cfg  Config
	keys atomic.Pointer[seal.Keyring]
	// mem is what transactions leave for the next ones (see memory).
	mem atomic.Pointer[memory]
	// sessions are the sessions read lately, while they may be kept (see
	// sessionCache).
	sessions sessionCache
	// members are the members write transactions read lately (see
	// writeCache).
	members writeCache
	// seq shares sequencing rounds between writes (see sequencer).
	seq sequencer
	// retries counts the writes run again (see write).
	retries atomic.Int64
}

// Config is how a backend differs from the others.
type Config struct {
	Dialect Dialect
	// Read and Write say how read-only and read-write transactions begin.
	Read, Write Access
	// Shared says how a write begins that may run alongside other shared
	// writes (see UpdateShared), and Sequence how a sequencer round begins
	// (see sequencer); a Write excludes both. Zero means Write (SQLite's
	// one writer runs every write alone).
	Shared, Sequence Access
	// Migrations holds the backend's migrations, migrations/*.sql, applied
	// in name order (see Open).
	Migrations fs.FS
	// Now is the clock: when a migration was applied, when the master key
	// was rotated. Nil means time.Now.
	Now func() time.Time
	// Manual leaves migrating to Backend.Migrate (see WithoutMigrating).
	Manual bool
	// Hook, if not nil, is called at each stage of the write path (see
	// WithSequencerHook).
	Hook func(SequencerStage) error
	// Deferred: see WithDeferredSequencing.
	Deferred bool
}

// Access is how one kind of transaction begins.
type Access struct {
	// DB is the pool the transactions run on. A transaction that waits
	// for Lock holds one of its connections while it waits: give writes a
	// pool of their own, so that they never hold a connection reads need
	// (no lock of the process is held around waiting for one).
	DB *sql.DB
	// Stmts caches DB's prepared statements; nil prepares none (see
	// Statements).
	Stmts *Statements
	// Options are passed to BeginTx: nil for a read-write transaction at
	// the driver's default isolation.
	Options *sql.TxOptions
	// Begin and End, if not nil, begin and end the transactions on a
	// connection of DB instead of BeginTx: PostgreSQL begins a write
	// transaction and takes its advisory write lock in one round trip.
	// End commits if commit is set (and fails if the database rolled back
	// instead), else rolls back; a connection it leaves in a transaction
	// is not used again (database/sql's session reset discards it).
	// Begin returns the database's generation (see writeCache), or -1
	// for none, and whether the transaction holds the audit log (see
	// Began).
	Begin func(ctx context.Context, c *sql.Conn) (Began, error)
	End   func(ctx context.Context, c *sql.Conn, commit bool) error
	// Shared: transactions begun so run alongside each other (see
	// Config.Shared).
	Shared bool
}

// Began is what Access.Begin learned as it began a transaction.
type Began struct {
	// Gen is the database's generation (see writeCache), -1 if unknown.
	Gen int64
	// HoldsLog: the transaction holds the lock that lets it append to
	// the audit log itself until it ends; one that does not, and writes,
	// queues its record for a sequencer round (see sequencer). A
	// transaction begun without Access.Begin holds it.
	HoldsLog bool
	// LogKnown: a read-only transaction read the audit log's state
	// (LogStateSQL) in its snapshot as it began, LogSize and LogQueued,
	// so that its LogState asks nothing.
	LogKnown           bool
	LogSize, LogQueued int64
}

// Option sets a choice of the caller's when a backend opens.
type Option func(*Config)

// WithClock makes the backend read the time from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *Config) { c.Now = now }
}

// WithoutMigrating opens the backend without migrating the database or
// checking the master key: for `parley migrate`, which lists what Pending
// would apply and applies it with Migrate (both refuse a newer schema).
func WithoutMigrating() Option {
	return func(c *Config) { c.Manual = true }
}

// Open returns the backend that cfg describes, changed by opts, once it
// has applied every migration the database lacks and checked that master
// is the key its confidential fields are sealed under (see
// Tx.CheckMasterKey). The migrations run in one write transaction that
// runs alone (Config.Write) and records each in schema_migrations; one
// already recorded there is skipped.
func Open(ctx context.Context, cfg Config, master seal.Key, opts ...Option) (*Backend, error) {
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	b := &Backend{cfg: cfg}
	b.keys.Store(seal.NewKeyring(master))
	b.mem.Store(&memory{})
	if cfg.Manual {
		return b, nil
	}
	if err := b.migrate(ctx); err != nil {
		return nil, fmt.Errorf("migrating: %w", err)
	}
	if err := b.update(ctx, func(tx *Tx) error { return tx.CheckMasterKey(ctx) }); err != nil {
		return nil, err
	}
	// What a crash left queued goes into the log before anything else.
	if err := b.Drain(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// View implements parley.Store: fn runs in a read-only transaction with a
// consistent snapshot, and its error is returned as it is.
func (b *Backend) View(ctx context.Context, fn func(parley.Tx) error) error {
	return b.run(ctx, b.cfg.Read, false, func(tx *Tx) error { return fn(tx) })
}

// Update implements parley.Store: fn runs in a read-write transaction,
// committed if fn returns nil; fn's error is returned as it is.
func (b *Backend) Update(ctx context.Context, fn func(parley.Tx) error) error {
	return b.write(ctx, b.cfg.Write, fn)
}

// UpdateShared implements parley.Store: Update in a transaction that may
// run alongside other shared ones (Config.Shared).
func (b *Backend) UpdateShared(ctx context.Context, fn func(parley.Tx) error) error {
	a := b.cfg.Shared
	if a.DB == nil {
		a = b.cfg.Write
	}
	return b.write(ctx, a, fn)
}

// write runs fn in a write transaction begun as a says. When the database
// fails the transaction for running alongside another (see
// Dialect.IsRetryable) or it loses a race to a concurrent write (see
// errRaced, errLogMoved), fn runs again in a new transaction, a few
// times, after a short random pause.
func (b *Backend) write(ctx context.Context, a Access, fn func(parley.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := b.run(ctx, a, true, func(tx *Tx) error { return fn(tx) })
		if attempt == writeAttempts && errors.Is(err, errRaced) {
			return parley.Errorf(parley.ECONFLICT, "the stance changed again and again while it was being saved; try again")
		}
		if err == nil || attempt == writeAttempts || !b.retryable(err) {
			return err
		}
		b.retries.Add(1)
		pause := time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt, 6)))
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return err
		}
	}
}

// writeAttempts is how many times a write that keeps losing races runs
// before it gives up.
const writeAttempts = 12

// retryable reports whether err ends a write that should run again: never
// one that committed.
func (b *Backend) retryable(err error) bool {
	var c committed
	if errors.As(err, &c) {
		return false
	}
	return errors.Is(err, errRaced) || errors.Is(err, errLogMoved) ||
		(b.cfg.Dialect.IsRetryable != nil && b.cfg.Dialect.IsRetryable(err))
}

// committed is an error met after a write committed (waiting for its
// record to be sequenced): the write must not run again.
type committed struct{ err error }

func (c committed) Error() string { return c.err.Error() }
func (c committed) Unwrap() error { return c.err }

// Retries returns how many writes ran again since the backend opened
// (see write).
func (b *Backend) Retries() int64 { return b.retries.Load() }

// update runs fn in a write transaction that excludes every other write,
// for migrations, key checks and rotation.
func (b *Backend) update(ctx context.Context, fn func(*Tx) error) error {
	return b.run(ctx, b.cfg.Write, true, fn)
}

func (b *Backend) tx(tx conn, a Access) *Tx {
	t := newTx(tx, b.cfg.Dialect, b.keys.Load(), a.Stmts, b.cfg.Now)
	t.mem = b.mem.Load()
	t.sessions, t.sessionGen = &b.sessions, b.sessions.generation()
	t.members = &b.members
	t.hook, t.deferred = b.cfg.Hook, b.cfg.Deferred
	return t
}

// run runs fn in a transaction begun as a says, and commits it if commit
// is set and fn succeeds (otherwise it is rolled back). The transaction
// begins with fn's first query (none if the backend's memory answers them
// all). Only the errors of beginning, locking and committing are wrapped:
// fn's error is the caller's. What a transaction that succeeded read of
// what never changes (see memory) is kept for the next ones.
func (b *Backend) run(ctx context.Context, a Access, commit bool, fn func(*Tx) error) error {
	var end func(ctx context.Context, commit bool) error
	tx := b.tx(nil, a)
	tx.readOnly = !commit
	tx.open = func(ctx context.Context) (conn, error) {
		c, e, began, err := begin(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("beginning a transaction: %w", err)
		}
		end = e
		tx.gen, tx.genKnown = began.Gen, began.Gen >= 0
		if began.LogKnown && tx.readOnly {
			tx.logAt = &[2]int64{began.LogSize, began.LogQueued}
		}
		tx.holdsLog, tx.shared = began.HoldsLog, a.Shared
		return c, nil
	}
	defer func() {
		if end != nil {
			// Rolled back even if ctx ended, so that the connection goes
			// back to the pool out of any transaction.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			end(ctx, false)
		}
		b.sessions.after(tx)
		b.members.after(tx)
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if end != nil && commit {
		if err := b.sessions.announce(ctx, tx); err != nil {
			return err
		}
		e := end
		end = nil
		if err := e(ctx, true); err != nil {
			return fmt.Errorf("committing: %w", err)
		}
	}
	tx.mem.learn(tx)
	b.sessions.learn(tx)
	b.members.learn(tx)
	if tx.learned.queued {
		if err := b.sequencedAfter(ctx); err != nil {
			return committed{err}
		}
	}
	return nil
}

// sequencedAfter returns once the record a write committed into the audit
// queue is in the signed log (see sequencer).
func (b *Backend) sequencedAfter(ctx context.Context) error {
	if b.cfg.Hook != nil {
		if err := b.cfg.Hook(StageQueued); err != nil {
			return err
		}
	}
	return b.sequenced(ctx)
}

// begin begins a transaction as a says and returns its connection, the
// function that ends it (commits if commit is set, else rolls back) and
// what beginning it learned.
func begin(ctx context.Context, a Access) (conn, func(context.Context, bool) error, Began, error) {
	if a.Begin == nil {
		tx, err := a.DB.BeginTx(ctx, a.Options)
		if err != nil {
			return nil, nil, Began{}, err
		}
		return tx, func(_ context.Context, commit bool) error {
			if commit {
				return tx.Commit()
			}
			return tx.Rollback()
		}, Began{Gen: -1, HoldsLog: true}, nil
	}
	c, err := a.DB.Conn(ctx)
	if err != nil {
		return nil, nil, Began{}, err
	}
	end := func(ctx context.Context, commit bool) error {
		defer c.Close()
		return a.End(ctx, c, commit)
	}
	began, err := a.Begin(ctx, c)
	if err != nil {
		end(context.WithoutCancel(ctx), false)
		return nil, nil, Began{}, err
	}
	return c, end, began, nil
}

// RotateMasterKey re-wraps every data key under newMaster, in one
// transaction, and returns how many talks' keys it re-wrapped. Store the
// new key before calling it, and run it while no server uses the database.
func (b *Backend) RotateMasterKey(ctx context.Context, newMaster seal.Key) (int, error) {
	// Queued records are authenticated under the old key.
	if err := b.Drain(ctx); err != nil {
		return 0, err
	}
	var n int
	err := b.update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.RewrapKeys(ctx, newMaster)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("rotating the master key: %w", err)
	}
	b.keys.Store(seal.NewKeyring(newMaster))
	b.mem.Store(&memory{})
	return n, nil
}

// AuditStorageForTest returns the audit log's storage in a read-write
// transaction of its own, which done rolls back; for the storage suite of
// package auditlogtest.
func (b *Backend) AuditStorageForTest(ctx context.Context) (s auditlog.Storage, done func(), err error) {
	tx, err := b.cfg.Write.DB.BeginTx(ctx, b.cfg.Write.Options)
	if err != nil {
		return nil, nil, err
	}
	return b.tx(tx, Access{}).AuditStorage(), func() { tx.Rollback() }, nil
}
