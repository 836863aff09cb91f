package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
)

// TestMigrate runs `parley migrate` on a new SQLite database: --dry-run
// lists every migration, suggests `parley backup` and applies none; a run
// applies them; a second dry run has nothing to do. Once a newer binary
// has recorded a migration this one does not know, migrate, serve and
// every other command refuse the database, naming both versions.
func TestMigrate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, key := filepath.Join(dir, "new.db"), filepath.Join(dir, "new.db.key")
	if _, _, err := seal.LoadKeyFile(key, true); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Ping(); err != nil {
		t.Fatal(err)
	}
	embedded, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	binary := filepath.Base(embedded[len(embedded)-1])

	out := mustParley(t, "", "migrate", "--dry-run", "--db", db)
	for _, want := range append([]string{"Would apply", "parley backup --db " + db}, baseNames(embedded)...) {
		if !strings.Contains(out, want) {
			t.Errorf("migrate --dry-run printed\n%s\nwant %q in it", out, want)
		}
	}
	var tables int
	raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables)
	if tables != 0 {
		t.Errorf("after migrate --dry-run: got %d tables, want none", tables)
	}
	if out := mustParley(t, "", "migrate", "--db", db); !strings.Contains(out, "Done") || !strings.Contains(out, binary) {
		t.Errorf("migrate printed %q, want it done at %s", out, binary)
	}
	if out := mustParley(t, "", "migrate", "--dry-run", "--db", db); !strings.Contains(out, "nothing to migrate") {
		t.Errorf("migrate --dry-run after migrating printed %q, want nothing to migrate", out)
	}

	if _, err := raw.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('migrations/9999_future.sql', '2099-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"migrate", "--dry-run", "--db", db},
		{"migrate", "--db", db},
		{"serve", "--addr", "127.0.0.1:0", "--db", db},
		{"talks", "list", "--db", db, "--as", "nobody"},
	} {
		_, err := runParley(t, "", args...)
		if err == nil || !strings.Contains(message(err), "9999_future.sql") || !strings.Contains(message(err), binary) {
			t.Errorf("parley %s on a newer schema: got %v, want a refusal naming 9999_future.sql and %s", strings.Join(args, " "), err, binary)
		}
	}
}

// embeddedMigrations lists the SQLite migrations this binary embeds.
func embeddedMigrations() ([]string, error) {
	db, err := sqlite.Open(context.Background(), filepath.Join(fixtureDir, "migrations-"+randomHex()+".db"), seal.Key{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Migrations()
}

func baseNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Base(n)
	}
	return out
}
