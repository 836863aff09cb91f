package main

import (
	"context"
	"fmt"
	"path"
)

// schemaStore is a database as `parley migrate` sees it.
type schemaStore interface {
	Pending(ctx context.Context) ([]string, error)
	Applied(ctx context.Context) ([]string, error)
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
	db, err := openUnmigrated(ctx, f.db, f.keyFile, false, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	pending, err := db.Pending(ctx)
	if err != nil {
		return fmt.Errorf("migrating %s: %w", redact(f.db), err)
	}
	if len(pending) == 0 {
		return printf(e.stdout, "%s is at schema version %s, this binary's: nothing to migrate.\n", redact(f.db), db.SchemaVersion())
	}
	verb := "Would apply"
	if !*dryRun {
		verb = "Applying"
	}
	fmt.Fprintf(e.stdout, "%s %d migrations to %s, up to schema version %s:\n", verb, len(pending), redact(f.db), db.SchemaVersion())
	for _, name := range pending {
		fmt.Fprintf(e.stdout, "  %s\n", path.Base(name))
	}
	if *dryRun {
		return printf(e.stdout, "%s\n", backupAdvice(f.db, f.keyFile))
	}
	if err := migrating(ctx, db, f.db, f.keyFile, func(advice string) { fmt.Fprintln(e.stdout, advice) }); err != nil {
		return err
	}
	return printf(e.stdout, "Done: %s is at schema version %s.\n", redact(f.db), db.SchemaVersion())
}

// migrating applies the migrations db (opened WithoutMigrating, as name
// with the key file keyFile) lacks, and checks its master key. When
// migrations are pending and the database was migrated before (so it may
// hold data), it first calls advise with a line naming the schema
// versions and the `parley backup` command to run: migrations are
// forward-only, and the way back to an older binary is a backup taken
// before. A new, empty database is migrated without a word.
func migrating(ctx context.Context, db schemaStore, name, keyFile string, advise func(string)) error {
	pending, err := db.Pending(ctx)
	if err != nil {
		return fmt.Errorf("opening %s: migrating: %w", redact(name), err)
	}
	if len(pending) > 0 {
		applied, err := db.Applied(ctx)
		if err != nil {
			return fmt.Errorf("opening %s: %w", redact(name), err)
		}
		if len(applied) > 0 {
			advise(fmt.Sprintf("%s is at schema version %s; applying %d migrations up to %s. %s",
				redact(name), path.Base(applied[len(applied)-1]), len(pending), db.SchemaVersion(), backupAdvice(name, keyFile)))
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("opening %s: %w", redact(name), err)
	}
	return nil
}

// backupAdvice says to back the database up before migrating it, naming
// the command.
func backupAdvice(db, keyFile string) string {
	key := ""
	if keyFile != "" && !isPostgres(db) {
		key = " --key-file " + keyFile
	}
	return fmt.Sprintf("Migrations are forward-only: back up before migrating, with the server stopped (parley backup --db %s%s FILE); restoring that backup is the way back to the older binary.", redact(db), key)
}
