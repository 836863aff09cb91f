// Package sqlite implements parley.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go): WAL journal, foreign keys on, migrations
// embedded and applied at open, all pending ones in one transaction.
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
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a Parley database in one SQLite file. Its View, Update and
// RotateMasterKey are sqlstore.Backend's.
type DB struct {
	*sqlstore.Backend
	writer, reader *sql.DB
	stmts          []*sqlstore.Statements
}

var _ parley.Store = (*DB)(nil)

// Open opens (creating if need be) the database at path, migrates it to
// the current schema and checks that master is the key its confidential
// fields are sealed under. Options (sqlstore.WithClock) change the
// defaults.
func Open(ctx context.Context, path string, master seal.Key, opts ...sqlstore.Option) (*DB, error) {
	if path == "" {
		return nil, parley.Invalid("db", "no database path given")
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	// Two instances opening a new file at once: the one switching it to
	// WAL or migrating it may make the other's first connection fail with
	// SQLITE_BUSY at once, without waiting the busy timeout (a test of
	// two instances at once failed 5 times in 30 under the race
	// detector). A failed opening changes nothing; it is tried again, for
	// as long as one busy timeout.
	deadline := time.Now().Add(busyTimeout)
	for pause := 10 * time.Millisecond; ; pause *= 2 {
		db, err := open(ctx, path, master, opts...)
		if !isBusy(err) || time.Now().Add(pause).After(deadline) {
			return db, err
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return nil, err
		}
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// open is Open, once.
func open(ctx context.Context, path string, master seal.Key, opts ...sqlstore.Option) (*DB, error) {
	writer, err := sql.Open("sqlite", DSN(path, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	reader, err := sql.Open("sqlite", DSN(path, "deferred"))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	reader.SetMaxOpenConns(8)
	reader.SetMaxIdleConns(8) // not the default two: each keeps its prepared statements
	readStmts, writeStmts := sqlstore.NewStatements(reader), sqlstore.NewStatements(writer)
	db := &DB{writer: writer, reader: reader, stmts: []*sqlstore.Statements{readStmts, writeStmts}}
	db.Backend, err = sqlstore.Open(ctx, sqlstore.Config{
		Dialect:    dialect,
		Read:       sqlstore.Access{DB: reader, Stmts: readStmts},
		Write:      sqlstore.Access{DB: writer, Stmts: writeStmts},
		Migrations: migrations,
	}, master, opts...)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	return db, nil
}

// busyTimeout is how long a connection waits for the database file to be
// free before it fails with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// DSN names the database at path with Parley's pragmas, for the driver
// modernc.org/sqlite registers as "sqlite"; txlock is "immediate" for the
// writer (BEGIN IMMEDIATE) and "deferred" for readers. The load test's
// ceiling opens its file with it, to measure SQLite as Parley runs it.
func DSN(path, txlock string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Set("_txlock", txlock)
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database: its cached statements first (waiting for
// any being prepared), then both pools. When it returns no connection is
// open and the write-ahead log is folded into the database file.
func (db *DB) Close() error {
	var errs []error
	for _, st := range db.stmts {
		errs = append(errs, st.Close())
	}
	return errors.Join(append(errs, db.reader.Close(), db.writer.Close())...)
}

// createPrivate creates an empty database file at path, readable and
// writable by its owner alone (0600), in a directory made for it (0700)
// if need be, unless there is a file there already. SQLite gives the WAL
// and shared-memory files it creates beside a database the database
// file's mode, so they are private too.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// Backup writes a consistent copy of the database to path (VACUUM INTO),
// a new file readable by its owner alone (0600).
func (db *DB) Backup(ctx context.Context, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backing up to %s: %w", path, err)
	}
	f.Close()
	if _, err := db.reader.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backing up to %s: %w", path, err)
	}
	return nil
}

// dialect is SQLite's: '?' placeholders and its extended result codes.
var dialect = sqlstore.Dialect{
	TableExists: `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
	IsUniqueViolation: func(err error) bool {
		var se *sqlite.Error
		if !errors.As(err, &se) {
			return false
		}
		code := se.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
}
