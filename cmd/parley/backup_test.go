package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/parley-talks/parley/internal/testenv"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/seal"
)

// dumpAll reads every row of every table, in a fixed order.
func dumpAll(t *testing.T, driver, dsn string) map[string][][]any {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if driver == "pgx" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][][]any{}
	for _, tbl := range tables {
		rows, err := db.Query(`SELECT * FROM ` + tbl)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var all [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			all = append(all, vals)
		}
		rows.Close()
		out[tbl] = all
	}
	return out
}

func compareDumps(t *testing.T, a, b map[string][][]any) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("got %d tables, want %d", len(b), len(a))
	}
	rows := 0
	for tbl, want := range a {
		got := b[tbl]
		// Order rows canonically: backups need not keep physical order.
		key := func(r []any) string { return fmt.Sprint(r...) }
		set := map[string]int{}
		for _, r := range want {
			set[key(r)]++
		}
		for _, r := range got {
			set[key(r)]--
		}
		for k, n := range set {
			if n != 0 {
				t.Errorf("table %s: row %.80s… differs after the round trip", tbl, k)
				break
			}
		}
		if len(got) != len(want) {
			t.Errorf("table %s: got %d rows, want %d", tbl, len(got), len(want))
		}
		rows += len(want)
	}
	if reflect.DeepEqual(a, map[string][][]any{}) {
		t.Error("nothing was compared")
	}
	t.Logf("compared %d tables, %d rows", len(a), rows)
}

func TestBackupRestoreSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := demoDB(t, dir)
	out := filepath.Join(dir, "backup.db")
	mustParley(t, "", "backup", "--db", path, out)
	restored := filepath.Join(t.TempDir(), "restored.db")
	os.WriteFile(restored+".key", mustRead(t, path+".key"), 0o600)
	msg := mustParley(t, "", "restore", "--db", restored, out)
	if !strings.Contains(msg, "audit records") {
		t.Errorf("restore: got %q", msg)
	}
	compareDumps(t, dumpAll(t, "sqlite", "file:"+path), dumpAll(t, "sqlite", "file:"+restored))
	if _, err := runParley(t, "", "restore", "--db", restored, out); err == nil {
		t.Error("restoring over an existing database: got no error")
	}
	// With another key the copy does not open; it is not left behind.
	wrong := filepath.Join(t.TempDir(), "wrong.db")
	if _, _, err := seal.LoadKeyFile(wrong+".key", true); err != nil {
		t.Fatal(err)
	}
	if _, err := runParley(t, "", "restore", "--db", wrong, out); err == nil || !strings.Contains(message(err), "does not open") {
		t.Errorf("restoring with another key: got %v, want it not to open", err)
	}
	if _, err := os.Stat(wrong); !os.IsNotExist(err) {
		t.Errorf("restoring with another key left %s behind (%v)", wrong, err)
	}
}

func TestBackupRestorePostgres(t *testing.T) {
	t.Parallel()
	testenv.LookPath(t, "pg_dump", "Debian: postgresql-client")
	testenv.LookPath(t, "pg_restore", "Debian: postgresql-client")
	src, keyFile := pgDemoDB(t)
	dst := pgtest.DSN(t)
	out := filepath.Join(t.TempDir(), "backup.dump")
	mustParley(t, "", "backup", "--db", src, "--key-file", keyFile, out)
	mustParley(t, "", "restore", "--db", dst, "--key-file", keyFile, out)
	compareDumps(t, dumpAll(t, "pgx", src), dumpAll(t, "pgx", dst))
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
