package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
)

// createMigrationsTable makes the table that records which migrations a
// database has, by file name, and when each was applied.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`

// migrate applies the migrations the database lacks, in name order, in
// one write transaction that records each (see Open). It refuses
// a database whose schema is newer than the binary's (ErrSchemaNewer).
func (b *Backend) migrate(ctx context.Context) error {
	names, err := fs.Glob(b.cfg.Migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	err = b.update(ctx, func(t *Tx) error {
		_, err := t.exec(ctx, createMigrationsTable)
		return err
	})
	if err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	// A database a newer binary has migrated is left alone.
	if _, err := b.Pending(ctx); err != nil {
		return err
	}
	// One write transaction applies them all: a fresh database gets its
	// schema in one commit and one wait for the write lock, not one per
	// migration (on PostgreSQL, most of a server's start-up), and a
	// migration that fails leaves the database as it was before any.
	return b.update(ctx, func(t *Tx) error {
		c, err := t.begun(ctx)
		if err != nil {
			return err
		}
		for _, name := range names {
			if err := b.apply(ctx, c, name); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		return nil
	})
}

// apply runs the migration name in tx and records it, unless it is
// recorded already. The check is made inside tx, under the write lock, so
// that of several instances opening one database only the first applies
// it.
func (b *Backend) apply(ctx context.Context, tx conn, name string) error {
	var n int
	q := b.cfg.Dialect.rebind(`SELECT count(*) FROM schema_migrations WHERE name = ?`)
	if err := tx.QueryRowContext(ctx, q, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(b.cfg.Migrations, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, b.cfg.Dialect.rebind(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`),
		name, FormatTime(b.cfg.Now()))
	return err
}
