package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
)

// masterKeyEnv names the environment variable that may hold the master key
// instead of a key file.
const masterKeyEnv = "PARLEY_MASTER_KEY"

// keyFileFor is the default key file of a database: beside it, named after
// it. Operators who keep backups of the database should keep the key
// elsewhere (--key-file) or in the environment.
func keyFileFor(dbPath string) string { return dbPath + ".key" }

// masterKey returns the master key: from PARLEY_MASTER_KEY if set, else
// from the key file, which is created (and announced on w) when create is
// set and there is none.
func masterKey(keyFile string, create bool, w io.Writer) (seal.Key, error) {
	if v := os.Getenv(masterKeyEnv); v != "" {
		k, err := seal.ParseKey(v)
		if err != nil {
			return k, fmt.Errorf("%s: %w", masterKeyEnv, err)
		}
		return k, nil
	}
	k, created, err := seal.LoadKeyFile(keyFile, create)
	if os.IsNotExist(err) {
		return k, usageError(fmt.Sprintf("no master key: %s does not exist and %s is not set", keyFile, masterKeyEnv))
	}
	if err != nil {
		return k, err
	}
	if created {
		fmt.Fprintf(w, "Created a new master key in %s. Keep it safe and apart from backups of the database: without it the confidential fields cannot be read.\n", keyFile)
	}
	return k, nil
}

// openDB opens the database at dbPath with its master key. A database file
// that does not exist yet is created only when create is set.
func openDB(ctx context.Context, dbPath, keyFile string, create bool, w io.Writer) (*sqlite.DB, error) {
	if keyFile == "" {
		keyFile = keyFileFor(dbPath)
	}
	if _, err := os.Stat(dbPath); err != nil && !create {
		return nil, usageError(fmt.Sprintf("no database at %s (--db)", dbPath))
	}
	key, err := masterKey(keyFile, create, w)
	if err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, dbPath, key)
}
