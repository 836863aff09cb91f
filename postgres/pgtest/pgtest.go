// Package pgtest gives tests a fresh PostgreSQL database each, on the
// server that PARLEY_TEST_POSTGRES_DSN names (CI sets it); where it is not
// set they skip with a message naming the variable (and fail in CI, see
// package testenv).
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/parley-talks/parley/internal/testenv"
)

// EnvDSN names the variable that points the tests at a PostgreSQL server,
// e.g. postgres://postgres@127.0.0.1:5432/postgres.
const EnvDSN = "PARLEY_TEST_POSTGRES_DSN"

// DSN creates a fresh database on the server and returns its DSN; the
// database is dropped when the test ends. Its commits do not wait for the
// disk (synchronous_commit off), which loses nothing unless the PostgreSQL
// server itself crashes.
func DSN(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(EnvDSN)
	if admin == "" {
		testenv.Missing(tb, "PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them", EnvDSN)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "parley_test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), `CREATE DATABASE `+name); err != nil {
		tb.Fatalf("creating a test database on %s: %v", admin, err)
	}
	// A test database need not survive a crash of the server (only of
	// Parley, which this does not weaken): commits need not wait for the
	// disk.
	if _, err := db.ExecContext(context.Background(), `ALTER DATABASE `+name+` SET synchronous_commit = off`); err != nil {
		tb.Fatalf("configuring the test database: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
