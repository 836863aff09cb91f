// Package postgres implements parley.Store on PostgreSQL through
// github.com/jackc/pgx/v5 (its database/sql driver), with embedded
// migrations each applied in its own transaction. The queries are the
// ones of package sqlstore, shared with SQLite.
//
// Several server instances may share one database: every write
// transaction first takes one transaction-scoped advisory lock, so writes
// are serialised across instances and the audit log stays one linear log.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// writeLock is the advisory lock every write transaction takes.
const writeLock = 0x7061726c6579 // "parley"

// DB is a Parley database on PostgreSQL.
type DB struct {
	db        *sql.DB
	stmts     *sqlstore.Statements
	keys      *seal.Keyring
	dsn       string
	listening atomic.Bool
	// writing admits one write transaction of this instance at a time:
	// writes are serialised by the advisory lock anyway, and a writer
	// waiting for it must not hold a connection the readers need.
	writing sync.Mutex
}

var _ parley.Store = (*DB)(nil)

// Open connects to the database named by dsn (postgres://…), migrates it
// and checks that master is the key its confidential fields are sealed
// under.
func Open(ctx context.Context, dsn string, master seal.Key) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	d := &DB{db: db, keys: seal.NewKeyring(master), dsn: dsn, stmts: sqlstore.NewStatements(db)}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating: %w", err)
	}
	if err := d.update(ctx, func(tx *sqlstore.Tx) error { return tx.CheckMasterKey(ctx) }); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the connections.
func (d *DB) Close() error { return d.db.Close() }

// SQL returns the connection pool, for tests and tools.
func (d *DB) SQL() *sql.DB { return d.db }

func (d *DB) migrate(ctx context.Context) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// One migrator at a time, across instances.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`,
			name, sqlstore.FormatTime(time.Now())); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// dialect is PostgreSQL's: numbered placeholders and SQLSTATE 23505.
var dialect = sqlstore.Dialect{
	Numbered: true,
	IsUniqueViolation: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
}

// View implements parley.Store: a read-only transaction with a consistent
// snapshot.
func (d *DB) View(ctx context.Context, fn func(parley.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(sqlstore.NewTx(tx, dialect, d.keys, d.stmts))
}

// Update implements parley.Store.
func (d *DB) Update(ctx context.Context, fn func(parley.Tx) error) error {
	return d.update(ctx, func(tx *sqlstore.Tx) error { return fn(tx) })
}

func (d *DB) update(ctx context.Context, fn func(*sqlstore.Tx) error) error {
	d.writing.Lock()
	defer d.writing.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
		return err
	}
	if err := fn(sqlstore.NewTx(tx, dialect, d.keys, d.stmts)); err != nil {
		return err
	}
	return tx.Commit()
}

// RotateMasterKey re-wraps every data key under newMaster, in one
// transaction, and returns how many talks' keys it re-wrapped.
func (d *DB) RotateMasterKey(ctx context.Context, newMaster seal.Key) (int, error) {
	var n int
	err := d.update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		n, err = tx.RewrapKeys(ctx, newMaster)
		return err
	})
	if err != nil {
		return 0, err
	}
	d.keys = seal.NewKeyring(newMaster)
	return n, nil
}

// AuditStorageForTest returns the audit log's storage in a transaction of
// its own, which done rolls back; for the storage suite of package
// auditlogtest.
func (d *DB) AuditStorageForTest(ctx context.Context) (auditlog.Storage, func(), error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	return sqlstore.NewTx(tx, dialect, d.keys, nil).AuditStorage(), func() { tx.Rollback() }, nil
}
