package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/internal/testenv"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/sqlstore"
	"github.com/parley-talks/parley/workspace"
)

// envRunMain, set to 1, makes the test binary run as the parley command
// itself: the tests that need parley as a process of its own start this
// binary so (see parleyCommand) instead of building one.
const envRunMain = "PARLEY_TEST_RUN_MAIN"

// pkgDir is this package's directory, where the tests start.
var pkgDir, _ = os.Getwd()

// fixtureDir holds what tests share, built once per test binary.
var fixtureDir string

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		if stage := os.Getenv(envCrashAt); stage != "" {
			storeOptions = append(storeOptions, sqlstore.WithDeferredSequencing(), crashAt(sqlstore.SequencerStage(stage)))
		}
		main()
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "parley-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtureDir = dir
	code := m.Run()
	dropPGDemo()
	os.RemoveAll(dir)
	os.Exit(code)
}

// parleyCommand returns a command that runs parley with args as a process
// of its own: this test binary, made to run main by envRunMain.
func parleyCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	return cmd
}

// demoFixture writes the demo into a SQLite database once per test binary
// and returns its path; tests copy it (demoDB) rather than load the demo
// each, which hashes a password per account.
var demoFixture = sync.OnceValues(func() (string, error) {
	path := filepath.Join(fixtureDir, "demo.db")
	db, err := openDB(context.Background(), path, "", true, io.Discard)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := demo.Load(context.Background(), workspace.New(db)); err != nil {
		return "", fmt.Errorf("loading the demo: %w", err)
	}
	return path, nil
})

// demoDB copies the demo database and its key file into dir and returns
// the copy's path.
func demoDB(tb testing.TB, dir string) string {
	tb.Helper()
	path, err := demoFixture()
	if err != nil {
		tb.Fatal(err)
	}
	return copyDB(tb, path, dir)
}

// pgDemo writes the demo into a PostgreSQL database once per test binary,
// with its master key in fixtureDir, and returns the database's name;
// pgDemoDB clones it. TestMain drops it.
var pgDemo = sync.OnceValues(func() (string, error) {
	name := "parley_test_demo_" + randomHex()
	if err := pgAdmin("CREATE DATABASE " + name); err != nil {
		return "", err
	}
	pgDemoName = name
	db, err := openDB(context.Background(), pgDSN(name), pgDemoKey(), true, io.Discard)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := demo.Load(context.Background(), workspace.New(db)); err != nil {
		return "", fmt.Errorf("loading the demo into PostgreSQL: %w", err)
	}
	return name, nil
})

// pgDemoName is the database pgDemo created, if it did.
var pgDemoName string

// pgCloneMu serialises CREATE DATABASE … TEMPLATE, which fails while
// another session uses the template.
var pgCloneMu sync.Mutex

// pgDemoDB returns a fresh PostgreSQL database holding the demo, cloned
// from pgDemo's (loading the demo takes a PostgreSQL transaction per
// record), and a copy of its key file; the database is dropped when the
// test ends. Without PARLEY_TEST_POSTGRES_DSN the test ends through
// testenv.Missing.
func pgDemoDB(tb testing.TB) (dsn, keyFile string) {
	tb.Helper()
	if os.Getenv(pgtest.EnvDSN) == "" {
		testenv.Missing(tb, "PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them", pgtest.EnvDSN)
	}
	tpl, err := pgDemo()
	if err != nil {
		tb.Fatal(err)
	}
	name := "parley_test_" + randomHex()
	pgCloneMu.Lock()
	err = pgAdmin("CREATE DATABASE " + name + " TEMPLATE " + tpl)
	pgCloneMu.Unlock()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pgAdmin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	keyFile = filepath.Join(tb.TempDir(), "parley.key")
	b, err := os.ReadFile(pgDemoKey())
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(keyFile, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return pgDSN(name), keyFile
}

// dropPGDemo drops pgDemo's database, if there is one.
func dropPGDemo() {
	if pgDemoName != "" {
		pgAdmin("DROP DATABASE IF EXISTS " + pgDemoName + " WITH (FORCE)")
	}
}

// pgDemoKey is the master key file of pgDemo's database.
func pgDemoKey() string { return filepath.Join(fixtureDir, "pg-demo.key") }

// pgAdmin runs a statement on the server PARLEY_TEST_POSTGRES_DSN names.
func pgAdmin(stmt string) error {
	db, err := sql.Open("pgx", os.Getenv(pgtest.EnvDSN))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}

// pgDSN is the DSN of the database name on the server
// PARLEY_TEST_POSTGRES_DSN names.
func pgDSN(name string) string {
	u, err := url.Parse(os.Getenv(pgtest.EnvDSN))
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// randomHex returns twelve random hex digits, for database names.
func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// copyDB copies a database and its key file into dir, as demo.db, and
// returns the copy's path.
func copyDB(tb testing.TB, path, dir string) string {
	tb.Helper()
	for _, suffix := range []string{"", ".key"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "demo.db"+suffix), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, "demo.db")
}

// syncBuffer is a strings.Builder safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// addrPattern finds the address in the line `parley serve` prints when it
// listens.
var addrPattern = regexp.MustCompile(`on (https?://[0-9.:]+)/`)

// addrWatcher is the standard output of a `parley serve`: it keeps what
// the server prints in out and sends the first address it prints on addr,
// the signal that the server is ready.
type addrWatcher struct {
	out  *syncBuffer
	addr chan string // buffered: one address

	mu   sync.Mutex
	seen strings.Builder // what was printed up to the address
	sent bool
}

func newAddrWatcher(out *syncBuffer) *addrWatcher {
	return &addrWatcher{out: out, addr: make(chan string, 1)}
}

func (w *addrWatcher) Write(p []byte) (int, error) {
	w.out.Write(p)
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.sent {
		w.seen.Write(p)
		if m := addrPattern.FindStringSubmatch(w.seen.String()); m != nil {
			w.sent = true
			w.addr <- m[1]
		}
	}
	return len(p), nil
}

// TestMessage checks what the command says of an error: a Parley error's
// message without its code, the field it names, and the operation that
// wrapped it.
func TestMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"parley error", parley.NotFound("talks"), "talks not found"},
		{"field named", parley.Invalid("mediator_party", "too long"), "too long (mediator_party)"},
		{"field in the message", parley.Invalid("title", "the title is too long"), "the title is too long"},
		{"wrapped parley error", fmt.Errorf("verifying the audit log: %w", parley.NotFound("checkpoint")), "verifying the audit log: checkpoint not found"},
		{"wrapped twice", fmt.Errorf("restoring: %w", fmt.Errorf("opening: %w", parley.Errorf(parley.EINTERNAL, "internal error"))), "restoring: opening: internal error"},
		{"usage error", usageError("--as USER is required"), "--as USER is required"},
		{"wrapped usage error", fmt.Errorf("identity register: %w", usageError("--identity FILE is required")), "identity register: --identity FILE is required"},
		{"other error", errors.New("disk full"), "disk full"},
		{"wrapped other error", fmt.Errorf("writing the checkpoint: %w", errors.New("disk full")), "writing the checkpoint: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := message(tt.err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
