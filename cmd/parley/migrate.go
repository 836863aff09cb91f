package main

import (
	"context"
	"fmt"
	"path"

	"github.com/parley-talks/parley/sqlstore"
)

// schemaStore is a database as `parley migrate` sees it.
type schemaStore interface {
	Pending(ctx context.Context) ([]string, error)
	Migrate(ctx context.Context) ([]string, error)
	SchemaVersion() string
}

// cmdMigrate lists (--dry-run) or applies the migrations the database
// lacks. Every command that opens a database applies them too; this
// command lets the operator see them first and back up before. A database
// a newer parley has migrated is refused, naming both versions.
func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "migrate")
	var f dbFlags
	f.registerDB(fs, "database file, or postgres:// URL", "master key file (default: the database file's name + .key; or set "+masterKeyEnv+")")
	dryRun := fs.Bool("dry-run", false, "list the migrations that would run, and run none")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, f.db, f.keyFile, false, e.stderr, sqlstore.WithoutMigrating())
	if err != nil {
		return err
	}
	defer db.Close()
	s, ok := db.(schemaStore)
	if !ok {
		return fmt.Errorf("%s cannot be migrated from the command line", redact(f.db))
	}
	pending, err := s.Pending(ctx)
	if err != nil {
		return fmt.Errorf("migrating %s: %w", redact(f.db), err)
	}
	if len(pending) == 0 {
		return printf(e.stdout, "%s is at schema version %s, this binary's: nothing to migrate.\n", redact(f.db), s.SchemaVersion())
	}
	verb := "Would apply"
	if !*dryRun {
		verb = "Applying"
	}
	fmt.Fprintf(e.stdout, "%s %d migrations to %s, up to schema version %s:\n", verb, len(pending), redact(f.db), s.SchemaVersion())
	for _, name := range pending {
		fmt.Fprintf(e.stdout, "  %s\n", path.Base(name))
	}
	if *dryRun {
		return printf(e.stdout, "Back up first, with the server stopped: parley backup --db %s FILE\n", redact(f.db))
	}
	if _, err := s.Migrate(ctx); err != nil {
		return fmt.Errorf("migrating %s: %w", redact(f.db), err)
	}
	return printf(e.stdout, "Done: %s is at schema version %s.\n", redact(f.db), s.SchemaVersion())
}
