package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// cmdBackup writes a consistent copy of the database: for SQLite an online
// backup (VACUUM INTO) that runs while the server serves; for PostgreSQL
// pg_dump in its custom format. The master key is not in the backup: keep
// it apart.
func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "backup")
	var f dbFlags
	f.registerDB(fs, "database file, or postgres:// URL", "master key file (default: the database file's name + .key)")
	out, err := parseFile(fs, args, "say where the backup goes: parley backup --db parley.db FILE")
	if err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil {
		return usageError(fmt.Sprintf("%s exists already; choose a new file", out))
	}
	if isPostgres(f.db) {
		pgDump, err := exec.LookPath("pg_dump")
		if err != nil {
			return usageError("pg_dump is not installed: install PostgreSQL's client tools, or run pg_dump --format=custom yourself")
		}
		// pg_dump writes into the file, which keeps this mode: its owner's
		// alone.
		if err := createPrivateFile(out); err != nil {
			return err
		}
		cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--no-owner", "--file", out, "--dbname", f.db)
		cmd.Stderr = e.stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pg_dump: %w", err)
		}
		fmt.Fprintf(e.stdout, "Backup of %s written to %s (pg_dump custom format).\n", redact(f.db), out)
		return nil
	}
	// The backup copies the database as it is: a backup taken before an
	// upgrade must not be migrated by the new binary first.
	db, err := openUnmigrated(ctx, f.db, f.keyFile, false, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.(*sqlite.DB).Backup(ctx, out); err != nil {
		return fmt.Errorf("backing up %s: %w", f.db, err)
	}
	fmt.Fprintf(e.stdout, "Backup of %s written to %s. The master key is not in it: keep the key apart.\n", f.db, out)
	return nil
}

// createPrivateFile creates an empty file at path that its owner alone
// may read and write.
func createPrivateFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	return f.Close()
}

// cmdRestore puts a backup in place of a database that does not exist yet,
// then checks it: the master key opens it and its audit log verifies.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "restore")
	var f dbFlags
	f.registerDB(fs, "the database to create, or a postgres:// URL of an empty database", "master key file (default: the database file's name + .key)")
	in, err := parseFile(fs, args, "say which backup to restore: parley restore --db parley.db FILE")
	if err != nil {
		return err
	}
	if _, err := os.Stat(in); err != nil {
		return usageError(fmt.Sprintf("no backup at %s", in))
	}
	if isPostgres(f.db) {
		pgRestore, err := exec.LookPath("pg_restore")
		if err != nil {
			return usageError("pg_restore is not installed: install PostgreSQL's client tools")
		}
		cmd := exec.CommandContext(ctx, pgRestore, "--no-owner", "--exit-on-error", "--dbname", f.db, in)
		cmd.Stderr = e.stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pg_restore: %w", err)
		}
	} else {
		if _, err := os.Stat(f.db); err == nil {
			return usageError(fmt.Sprintf("%s exists already: restore into a new file, and move it into place once checked", f.db))
		}
		if err := copyFile(in, f.db); err != nil {
			return fmt.Errorf("copying the backup into place: %w", err)
		}
	}
	rep, err := checkRestored(ctx, e, f)
	if err != nil {
		if !isPostgres(f.db) {
			// A copy that does not check out is not left where it could
			// be moved into place.
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(f.db + suffix)
			}
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Restored %s into %s: %d audit records and %d rows verified.\n", in, redact(f.db), rep.Records, rep.Rows)
	return nil
}

// checkRestored opens the restored database with its master key and
// verifies its audit log.
func checkRestored(ctx context.Context, e *env, f dbFlags) (*parley.AuditVerification, error) {
	db, err := openDB(ctx, f.db, f.keyFile, false, e.stderr)
	if err != nil {
		return nil, fmt.Errorf("the restored database does not open: %w", err)
	}
	defer db.Close()
	rep, err := workspace.New(db).VerifyAudit(ctx, nil, "")
	if err != nil {
		return nil, fmt.Errorf("the restored database does not verify: %w", err)
	}
	return rep, nil
}

// parseFile parses a command line that names one file after its flags,
// and returns the file; without one, the error says what to give.
func parseFile(fs *flag.FlagSet, args []string, missing string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() != 1 {
		return "", usageError(missing)
	}
	return fs.Arg(0), nil
}

// copyFile copies the file from into a new file to, created with its
// folder, and syncs it to disk.
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
