package storetest

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley/sqlstore"
)

// Schema is what a backend tells of its schema and how it migrates:
// sqlstore.Backend's methods.
type Schema interface {
	Store
	Migrations() ([]string, error)
	Pending(ctx context.Context) ([]string, error)
	Migrate(ctx context.Context) ([]string, error)
	Ready(ctx context.Context) error
	SchemaVersion() string
}

// SchemaOpener opens the one database of a test, the same each call,
// with opts; it returns the store and a pool of its connections, for
// writing schema_migrations as a newer binary would.
type SchemaOpener func(opts ...sqlstore.Option) (Schema, *sql.DB, error)

// RunSchema checks upgrades: a new database opened WithoutMigrating has
// every embedded migration pending and is not ready; Migrate applies them
// all, after which none is pending and the database is ready; and once a
// newer binary has recorded a migration this one does not embed, opening
// the database is refused with ErrSchemaNewer naming both versions, and
// the database is not ready.
func RunSchema(t *testing.T, open SchemaOpener) {
	ctx := context.Background()
	s, pool, err := open(sqlstore.WithoutMigrating())
	if err != nil {
		t.Fatalf("opening without migrating: %v", err)
	}
	defer s.Close()
	embedded, err := s.Migrations()
	if err != nil || len(embedded) == 0 {
		t.Fatalf("Migrations: got %q, %v, want the embedded migrations", embedded, err)
	}
	if got, err := s.Pending(ctx); err != nil || !slices.Equal(got, embedded) {
		t.Errorf("Pending on a new database: got %q, %v, want %q", got, err, embedded)
	}
	if err := s.Ready(ctx); err == nil {
		t.Error("Ready on a database not migrated: got nil, want an error")
	}
	if got, err := s.Migrate(ctx); err != nil || !slices.Equal(got, embedded) {
		t.Errorf("Migrate: got %q, %v, want %q applied", got, err, embedded)
	}
	if got, err := s.Pending(ctx); err != nil || len(got) != 0 {
		t.Errorf("Pending after Migrate: got %q, %v, want none", got, err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Errorf("Ready after Migrate: got %v, want nil", err)
	}

	// A newer binary migrates the database further.
	const future = "migrations/9999_future.sql"
	if _, err := pool.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ('`+future+`', '2099-01-01T00:00:00Z')`); err != nil {
		t.Fatalf("recording a future migration: %v", err)
	}
	if err := s.Ready(ctx); !errors.Is(err, sqlstore.ErrSchemaNewer) {
		t.Errorf("Ready on a newer schema: got %v, want ErrSchemaNewer", err)
	}
	again, _, err := open()
	if err == nil {
		again.Close()
		t.Fatal("opening a database with a newer schema: got no error, want a refusal")
	}
	for _, want := range []string{"9999_future.sql", s.SchemaVersion(), "newer"} {
		if !errors.Is(err, sqlstore.ErrSchemaNewer) || !strings.Contains(err.Error(), want) {
			t.Errorf("opening a database with a newer schema: got %v, want ErrSchemaNewer naming %q", err, want)
		}
	}
}
