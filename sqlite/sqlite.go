// Package sqlite implements parley.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go): WAL journal, foreign keys on, migrations
// embedded and applied at open, each in its own transaction.
//
// Writes go through one connection that begins every transaction with
// BEGIN IMMEDIATE, so writers queue instead of failing with SQLITE_BUSY;
// reads use a separate pool and see a consistent snapshot.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a Parley database in one SQLite file.
type DB struct {
	writer, reader *sql.DB
	readStmts      *sqlstore.Statements // the writer has one connection: no cache (see sqlstore.Statements)
	keys           *seal.Keyring
}

var _ parley.Store = (*DB)(nil)

// Open opens (creating if need be) the database at path, migrates it to
// the current schema and checks that master is the key its confidential
// fields are sealed under.
func Open(ctx context.Context, path string, master seal.Key) (*DB, error) {
	if path == "" {
		return nil, parley.Invalid("db", "no database path given")
	}
	dsn := func(txlock string) string {
		q := url.Values{}
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "busy_timeout(10000)")
		q.Set("_txlock", txlock)
		return "file:" + path + "?" + q.Encode()
	}
	writer, err := sql.Open("sqlite", dsn("immediate"))
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	reader, err := sql.Open("sqlite", dsn("deferred"))
	if err != nil {
		writer.Close()
		return nil, err
	}
	reader.SetMaxOpenConns(8)
	db := &DB{writer: writer, reader: reader, keys: seal.NewKeyring(master),
		readStmts: sqlstore.NewStatements(reader)}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	if err := db.update(ctx, func(tx *sqlstore.Tx) error { return tx.CheckMasterKey(ctx) }); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	return errors.Join(db.reader.Close(), db.writer.Close())
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.writer.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.applyMigration(ctx, name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, name string) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, sqlstore.FormatTime(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// View implements parley.Store.
func (db *DB) View(ctx context.Context, fn func(parley.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(sqlstore.NewTx(tx, dialect, db.keys, db.readStmts))
}

// Update implements parley.Store.
func (db *DB) Update(ctx context.Context, fn func(parley.Tx) error) error {
	return db.update(ctx, func(tx *sqlstore.Tx) error { return fn(tx) })
}

func (db *DB) update(ctx context.Context, fn func(*sqlstore.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(sqlstore.NewTx(tx, dialect, db.keys, nil)); err != nil {
		return err
	}
	return tx.Commit()
}

// RotateMasterKey re-wraps every data key under newMaster, in one
// transaction, and returns how many talks' keys it re-wrapped. Store the new
// key before calling it, and run it while no server uses the database.
func (db *DB) RotateMasterKey(ctx context.Context, newMaster seal.Key) (int, error) {
	var n int
	err := db.update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		n, err = tx.RewrapKeys(ctx, newMaster)
		return err
	})
	if err != nil {
		return 0, err
	}
	db.keys = seal.NewKeyring(newMaster)
	return n, nil
}

// Backup writes a consistent copy of the database to path (VACUUM INTO).
func (db *DB) Backup(ctx context.Context, path string) error {
	_, err := db.reader.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}

// dialect is SQLite's: '?' placeholders and its extended result codes.
var dialect = sqlstore.Dialect{
	IsUniqueViolation: func(err error) bool {
		var se *sqlite.Error
		if !errors.As(err, &se) {
			return false
		}
		code := se.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
}
