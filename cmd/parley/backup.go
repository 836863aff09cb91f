package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// cmdBackup writes a consistent copy of the database: for SQLite an online
// backup (VACUUM INTO) that runs while the server serves; for PostgreSQL
// pg_dump in its custom format. The master key is not in the backup: keep
// it apart.
func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "backup")
	dbPath := fs.String("db", "parley.db", "database file, or postgres:// URL")
	keyFile := fs.String("key-file", "", "master key file (default: the database file's name + .key)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("say where the backup goes: parley backup --db parley.db FILE")
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil {
		return usageError(fmt.Sprintf("%s exists already; choose a new file", out))
	}
	if isPostgres(*dbPath) {
		pgDump, err := exec.LookPath("pg_dump")
		if err != nil {
			return usageError("pg_dump is not installed: install PostgreSQL's client tools, or run pg_dump --format=custom yourself")
		}
		cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--no-owner", "--file", out, "--dbname", *dbPath)
		cmd.Stderr = e.stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pg_dump: %w", err)
		}
		fmt.Fprintf(e.stdout, "Backup of %s written to %s (pg_dump custom format).\n", redact(*dbPath), out)
		return nil
	}
	db, err := openDB(ctx, *dbPath, *keyFile, false, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.(*sqlite.DB).Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Backup of %s written to %s. The master key is not in it: keep the key apart.\n", *dbPath, out)
	return nil
}

// cmdRestore puts a backup in place of a database that does not exist yet,
// then checks it: the master key opens it and its audit log verifies.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "restore")
	dbPath := fs.String("db", "parley.db", "the database to create, or a postgres:// URL of an empty database")
	keyFile := fs.String("key-file", "", "master key file (default: the database file's name + .key)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("say which backup to restore: parley restore --db parley.db FILE")
	}
	in := fs.Arg(0)
	if _, err := os.Stat(in); err != nil {
		return usageError(fmt.Sprintf("no backup at %s", in))
	}
	if isPostgres(*dbPath) {
		pgRestore, err := exec.LookPath("pg_restore")
		if err != nil {
			return usageError("pg_restore is not installed: install PostgreSQL's client tools")
		}
		cmd := exec.CommandContext(ctx, pgRestore, "--no-owner", "--exit-on-error", "--dbname", *dbPath, in)
		cmd.Stderr = e.stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pg_restore: %w", err)
		}
	} else {
		if _, err := os.Stat(*dbPath); err == nil {
			return usageError(fmt.Sprintf("%s exists already: restore into a new file, and move it into place once checked", *dbPath))
		}
		if err := copyFile(in, *dbPath); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, *dbPath, *keyFile, false, e.stderr)
	if err != nil {
		return fmt.Errorf("the restored database does not open: %w", err)
	}
	defer db.Close()
	rep, err := workspace.New(db).VerifyAudit(ctx, nil, "")
	if err != nil {
		return fmt.Errorf("the restored database does not verify: %w", err)
	}
	fmt.Fprintf(e.stdout, "Restored %s into %s: %d audit records and %d rows verified.\n", in, redact(*dbPath), rep.Records, rep.Rows)
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(to)
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
