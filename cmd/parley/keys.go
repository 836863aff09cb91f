package main

import (
	"context"
	"fmt"
	"os"

	"github.com/parley-talks/parley/seal"
)

// cmdKeys rotates the master key: every talks' data key is re-wrapped under
// a new master key, which replaces the old one in the key file. Run it
// while no server uses the database.
func cmdKeys(ctx context.Context, e *env, args []string) error {
	_, args, err := subcommand(args, "rotate")
	if err != nil {
		return err
	}
	fs := flags(e, "keys rotate")
	var f dbFlags
	f.registerDB(fs, "database file", "master key file (default: the database file's name + .key)")
	newKeyFile := fs.String("new-key-file", "", "where to write the new key (default: replace the key file, keeping the old one as FILE.old)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if os.Getenv(masterKeyEnv) != "" && *newKeyFile == "" {
		return usageError(fmt.Sprintf("the master key comes from %s: say where the new key goes with --new-key-file", masterKeyEnv))
	}
	if f.keyFile == "" {
		f.keyFile = keyFileFor(f.db)
	}
	db, err := openDB(ctx, f.db, f.keyFile, false, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	next, err := seal.NewKey()
	if err != nil {
		return err
	}
	target := *newKeyFile
	if target == "" {
		target = f.keyFile
	}
	staged := target + ".new"
	// The new key is on disk before the database changes, and the database
	// changes in one transaction: at every moment one of the files opens it.
	if err := seal.WriteKeyFile(staged, next); err != nil {
		return fmt.Errorf("writing the new key: %w", err)
	}
	// The new key is readable by whom the old one was (root:parley 0640
	// for the systemd unit).
	if os.Getenv(masterKeyEnv) == "" {
		if err := seal.KeepAccess(staged, f.keyFile); err != nil {
			os.Remove(staged)
			return fmt.Errorf("giving the new key the old one's owner and mode: %w", err)
		}
	}
	n, err := db.RotateMasterKey(ctx, next)
	if err != nil {
		os.Remove(staged)
		return fmt.Errorf("re-wrapping the data keys: %w", err)
	}
	if target == f.keyFile {
		if err := os.Rename(f.keyFile, f.keyFile+".old"); err != nil {
			return fmt.Errorf("the database now uses the key in %s, but keeping the old key failed: %w", staged, err)
		}
	}
	if err := os.Rename(staged, target); err != nil {
		return fmt.Errorf("the database now uses the key in %s, but moving it into place failed: %w", staged, err)
	}
	fmt.Fprintf(e.stdout, "Master key rotated: %d talks' data keys re-wrapped; the new key is in %s.\n", n, target)
	if target == f.keyFile {
		fmt.Fprintf(e.stdout, "The old key is in %s.old; destroy it once backups made with it are gone.\n", f.keyFile)
	}
	return nil
}
