package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
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

// TestMigrationSuggestsBackup: before applying migrations to a database
// that holds data, `parley migrate` prints, and `parley serve` logs, a
// line naming the schema versions and the `parley backup` command to run
// first; so does a command such as `talks list`, on its standard error.
// `parley backup` copies the database as it is, unmigrated. A new
// database is migrated without the advice.
func TestMigrationSuggestsBackup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := demoDB(t, dir)
	embedded, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(embedded) < 2 {
		t.Skip("one migration: no older schema to upgrade from")
	}
	last, older := filepath.Base(embedded[len(embedded)-1]), filepath.Base(embedded[len(embedded)-2])
	advice := []string{"at schema version " + older, "applying 1 migrations up to " + last, "parley backup --db " + db + " FILE"}
	wantAdvice := func(what, out string) {
		t.Helper()
		for _, want := range advice {
			if !strings.Contains(out, want) {
				t.Errorf("%s on an older database said\n%s\nwant %q in it", what, out, want)
			}
		}
	}

	unmigrate(t, db, last)
	backup := filepath.Join(dir, "before-upgrade.db")
	mustParley(t, "", "backup", "--db", db, backup)
	for _, f := range []string{db, backup} {
		if v := schemaVersion(t, f); v != older {
			t.Errorf("after parley backup, %s is at %s, want %s (a backup copies, it does not migrate)", f, v, older)
		}
	}

	out := mustParley(t, "", "migrate", "--db", db)
	wantAdvice("migrate", out)
	if a, d := strings.Index(out, "parley backup"), strings.Index(out, "Done"); a < 0 || d < a {
		t.Errorf("migrate printed\n%s\nwant the advice before it is done", out)
	}

	unmigrate(t, db, last)
	s := startServe(t, "--demo", "--db", db)
	s.stop()
	wantAdvice("serve's log", s.logs.String())
	if !strings.Contains(s.logs.String(), "level=WARN") {
		t.Errorf("serve logged\n%s\nwant the advice as a warning", s.logs)
	}
	if v := schemaVersion(t, db); v != last {
		t.Errorf("after serve, the database is at %s, want %s", v, last)
	}

	unmigrate(t, db, last)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"talks", "list", "--db", db, "--as", "mediator"}, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	wantAdvice("talks list's standard error", stderr.String())
	if strings.Contains(stdout.String(), "parley backup") {
		t.Errorf("talks list printed the advice among its output:\n%s", stdout.String())
	}

	fresh := filepath.Join(dir, "fresh.db")
	if out, err := runParley(t, "a long passphrase\n", "account", "add", "--db", fresh, "--username", "operator"); err != nil || strings.Contains(out, "parley backup") {
		t.Errorf("account add on a new database: %v, printed\n%s\nwant no advice to back up", err, out)
	}
	s = startServe(t, "--demo", "--db", filepath.Join(dir, "fresh-demo.db"))
	s.stop()
	if strings.Contains(s.logs.String()+s.printed.String(), "parley backup") {
		t.Errorf("serve on a new database advised a backup:\n%s%s", s.printed, s.logs)
	}
}

// unmigrate takes the database at path back to before the migration name
// (which must be the last, and may only create tables and indexes and
// drop indexes IF EXISTS): it drops the tables and indexes the migration
// creates and forgets it was applied.
func unmigrate(t *testing.T, path, name string) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "sqlite", "migrations", name))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, m := range created.FindAllStringSubmatch(string(body), -1) {
		if _, err := raw.Exec(`DROP ` + m[1] + ` ` + m[2]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE name LIKE ?`, "%"+name); err != nil {
		t.Fatal(err)
	}
}

// created matches what a migration creates: a table or an index.
var created = regexp.MustCompile(`(?m)^CREATE (TABLE|INDEX) (\w+)`)

// schemaVersion reads the last migration the database at path records.
func schemaVersion(t *testing.T, path string) string {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var name string
	if err := raw.QueryRow(`SELECT max(name) FROM schema_migrations`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return filepath.Base(name)
}
