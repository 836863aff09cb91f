package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
)

// ErrSchemaNewer is the error (wrapped with both versions) of a database
// whose schema_migrations records a migration the binary does not embed:
// a newer binary has migrated it, and this one must not touch it.
var ErrSchemaNewer = errors.New("the database's schema is newer than this binary's")

// Migrations returns the names of the backend's embedded migrations, in
// the order they apply. The last is the binary's schema version.
func (b *Backend) Migrations() ([]string, error) {
	names, err := fs.Glob(b.cfg.Migrations, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("listing the embedded migrations: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// Applied returns the names of the migrations the database records as
// applied, in name order; none for a database never migrated.
func (b *Backend) Applied(ctx context.Context) ([]string, error) {
	var names []string
	err := b.run(ctx, b.cfg.Read, false, func(t *Tx) error {
		tx, err := t.begun(ctx)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, b.cfg.Dialect.rebind(b.cfg.Dialect.TableExists), "schema_migrations").Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			names = append(names, "migrations/"+baseName(name))
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("reading schema_migrations: %w", err)
	}
	return names, nil
}

// baseName is a migration's file name without its folder.
func baseName(name string) string { return path.Base(name) }

// Pending returns the embedded migrations the database has not applied
// yet, in the order Migrate would apply them. It returns an error wrapping
// ErrSchemaNewer, naming both versions, when the database records a
// migration the binary does not know.
func (b *Backend) Pending(ctx context.Context) ([]string, error) {
	embedded, err := b.Migrations()
	if err != nil {
		return nil, err
	}
	applied, err := b.Applied(ctx)
	if err != nil {
		return nil, err
	}
	for _, name := range applied {
		if !slices.Contains(embedded, name) {
			unknown := ""
			if baseName(name) != version(applied) {
				unknown = fmt.Sprintf(" (and records %s, unknown here)", baseName(name))
			}
			return nil, fmt.Errorf("%w: the database is at schema version %s%s, this binary knows versions up to %s; run a newer parley on it",
				ErrSchemaNewer, version(applied), unknown, version(embedded))
		}
	}
	var pending []string
	for _, name := range embedded {
		if !slices.Contains(applied, name) {
			pending = append(pending, name)
		}
	}
	return pending, nil
}

// version names the schema version a list of migrations reaches: its last
// migration's file name, or "none".
func version(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return baseName(names[len(names)-1])
}

// SchemaVersion returns the binary's schema version: the file name of its
// last embedded migration.
func (b *Backend) SchemaVersion() string {
	names, _ := b.Migrations()
	return version(names)
}

// Migrate applies the migrations the database lacks (see Pending), each
// in a write transaction of its own, then checks the master key and
// sequences what a crash left in the audit queue (see Drain); for a
// backend opened WithoutMigrating. It returns the names it applied.
func (b *Backend) Migrate(ctx context.Context) ([]string, error) {
	pending, err := b.Pending(ctx)
	if err != nil {
		return nil, err
	}
	if err := b.migrate(ctx); err != nil {
		return nil, fmt.Errorf("migrating: %w", err)
	}
	if err := b.update(ctx, func(tx *Tx) error { return tx.CheckMasterKey(ctx) }); err != nil {
		return nil, err
	}
	if err := b.Drain(ctx); err != nil {
		return nil, err
	}
	return pending, nil
}

// Ready reports whether the database answers on every connection pool and
// its schema is exactly the binary's: nil if so, else what is wrong. It
// reads only; readiness probes call it.
func (b *Backend) Ready(ctx context.Context) error {
	for _, db := range b.Pools() {
		if err := db.PingContext(ctx); err != nil {
			return fmt.Errorf("pinging the database: %w", err)
		}
	}
	pending, err := b.Pending(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("the database lacks %d migrations of this binary's (first %s)", len(pending), baseName(pending[0]))
	}
	return nil
}

// Pools returns the backend's connection pools, each once: the readers'
// and the writer's where they differ. Metrics watch their statistics.
func (b *Backend) Pools() map[string]*sql.DB {
	pools := map[string]*sql.DB{"read": b.cfg.Read.DB}
	if b.cfg.Write.DB != b.cfg.Read.DB {
		pools["write"] = b.cfg.Write.DB
	} else {
		pools = map[string]*sql.DB{"main": b.cfg.Read.DB}
	}
	return pools
}
