package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/sqlstore"
)

// masterKeyEnv names the environment variable that may hold the master key
// instead of a key file.
const masterKeyEnv = "PARLEY_MASTER_KEY"

// keyFileFor is the default key file of a database: for SQLite, beside it,
// named after it; for PostgreSQL, parley.key in the working directory.
// Operators who keep backups of the database should keep the key elsewhere
// (--key-file) or in the environment, as several instances sharing one
// PostgreSQL database must.
func keyFileFor(dbPath string) string {
	if isPostgres(dbPath) {
		return "parley.key"
	}
	return dbPath + ".key"
}

// isPostgres reports whether --db names a PostgreSQL database.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// store is what the command needs of a backend.
type store interface {
	parley.Store
	schemaStore
	RotateMasterKey(ctx context.Context, newMaster seal.Key) (int, error)
}

// masterKey returns the master key: from PARLEY_MASTER_KEY if set, else
// from the key file, which is created (and announced on w) when create is
// set and there is none.
func masterKey(keyFile string, create bool, w io.Writer) (seal.Key, error) {
	if v := os.Getenv(masterKeyEnv); v != "" {
		k, err := seal.ParseKey(v)
		if err != nil {
			return k, fmt.Errorf("%s: %w", masterKeyEnv, err)
		}
		return k, nil
	}
	k, created, err := seal.LoadKeyFile(keyFile, create)
	if os.IsNotExist(err) {
		return k, usageError(fmt.Sprintf("no master key: %s does not exist and %s is not set", keyFile, masterKeyEnv))
	}
	if err != nil {
		return k, err
	}
	if created {
		fmt.Fprintf(w, "Created a new master key in %s. Keep it safe and apart from backups of the database: without it the confidential fields cannot be read.\n", keyFile)
	}
	return k, nil
}

// openDB opens the database named by --db — a SQLite file, or a
// postgres:// URL — with its master key, and applies the migrations it
// lacks: to a database that holds data already it first says, on w, to
// back it up (see migrating). A SQLite file that does not exist yet is
// created only when create is set; messages about the key go to w too.
func openDB(ctx context.Context, dbPath, keyFile string, create bool, w io.Writer) (store, error) {
	db, err := openUnmigrated(ctx, dbPath, keyFile, create, w)
	if err != nil {
		return nil, err
	}
	if err := migrating(ctx, db, dbPath, keyFile, func(advice string) { fmt.Fprintln(w, advice) }); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openUnmigrated opens the database as openDB does but neither migrates
// it nor checks the master key (sqlstore.WithoutMigrating): for `parley
// migrate`, for backups (which copy the database as it is), and for
// openDB, which migrates next.
func openUnmigrated(ctx context.Context, dbPath, keyFile string, create bool, w io.Writer) (store, error) {
	if keyFile == "" {
		keyFile = keyFileFor(dbPath)
	}
	if !isPostgres(dbPath) {
		if _, err := os.Stat(dbPath); err != nil && !create {
			return nil, usageError(fmt.Sprintf("no database at %s (--db)", dbPath))
		}
	}
	key, err := masterKey(keyFile, create, w)
	if err != nil {
		return nil, err
	}
	return openStore(ctx, dbPath, key, sqlstore.WithoutMigrating())
}

// storeOptions are added to every store's options: the crash tests set a
// sequencer hook (sqlstore.WithSequencerHook) that kills the process at
// one stage of the write path.
var storeOptions []sqlstore.Option

// openStore opens the database named by db — a postgres:// URL, or else a
// SQLite file — with the master key.
func openStore(ctx context.Context, db string, key seal.Key, opts ...sqlstore.Option) (store, error) {
	opts = append(opts, storeOptions...)
	if isPostgres(db) {
		return postgres.Open(ctx, db, key, opts...)
	}
	return sqlite.Open(ctx, db, key, opts...)
}

// redact hides a password in a database URL, for messages.
func redact(db string) string {
	if u, err := url.Parse(db); err == nil && isPostgres(db) {
		return u.Redacted()
	}
	return db
}
