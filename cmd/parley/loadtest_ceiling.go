package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-talks/parley/sqlite"
)

// This file holds `parley loadtest ceiling`: the least a write like a
// stance write costs the database, without Parley — one transaction that
// inserts a row and updates another, as a stance write inserts its new
// version and updates the previous one — so that Parley's figures can be
// given as fractions of what the same machine does at most:
//
//   - pgx: clients goroutines, each on its own connection, each
//     transaction BEGIN, INSERT, UPDATE, COMMIT (four round trips);
//   - pgx-batch: the same INSERT and UPDATE sent as one pgx.Batch (one
//     round trip; a batch runs in one implicit transaction);
//   - sqlite: modernc SQLite in WAL with synchronous NORMAL, as Parley
//     opens it, one writer connection, BEGIN IMMEDIATE, INSERT, UPDATE,
//     COMMIT with prepared statements.
//
// Commits are synchronous as the server is configured (PostgreSQL's
// default: synchronous_commit on). It prints "ceiling MODE: N tx/s".

// ceilingConfig is how a ceiling runs, as its flags say.
type ceilingConfig struct {
	mode     string
	db       string // a postgres:// URL of a database it may create two tables in
	clients  int
	duration time.Duration
}

// cmdCeiling runs one ceiling and prints its transactions per second.
func cmdCeiling(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "loadtest ceiling")
	var c ceilingConfig
	fs.StringVar(&c.mode, "mode", "pgx", "pgx, pgx-batch or sqlite")
	fs.StringVar(&c.db, "db", "", "for pgx and pgx-batch: a postgres:// URL (two tables, ceiling_rows and ceiling_heads, are created anew)")
	fs.IntVar(&c.clients, "clients", 50, "concurrent clients (pgx and pgx-batch; sqlite has one writer)")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long it runs (at most 10m)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if c.duration <= 0 || c.duration > 10*time.Minute || c.clients < 1 || c.clients > 500 {
		return usageError("--duration must be from 1s to 10m and --clients from 1 to 500")
	}
	var n int64
	var err error
	switch c.mode {
	case "pgx", "pgx-batch":
		if !isPostgres(c.db) {
			return usageError("--mode " + c.mode + " needs --db postgres://…")
		}
		n, err = pgxCeiling(ctx, c)
	case "sqlite":
		n, err = sqliteCeiling(ctx, c.duration)
	default:
		return usageError(fmt.Sprintf("--mode %q: want pgx, pgx-batch or sqlite", c.mode))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ceiling %s: %.0f tx/s (%d transactions in %s)\n", c.mode, float64(n)/c.duration.Seconds(), n, c.duration)
	return nil
}

// ceilingSchema is the two tables: rows inserted, and one head per
// client updated.
const ceilingSchema = `DROP TABLE IF EXISTS ceiling_rows; DROP TABLE IF EXISTS ceiling_heads;
CREATE TABLE ceiling_rows (id BIGSERIAL PRIMARY KEY, client INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE ceiling_heads (client INTEGER PRIMARY KEY, version INTEGER NOT NULL)`

const (
	ceilingInsert = `INSERT INTO ceiling_rows (client, body) VALUES ($1, 'acceptable: a rationale of a few words')`
	ceilingUpdate = `UPDATE ceiling_heads SET version = version + 1 WHERE client = $1`
)

// pgxCeiling runs the PostgreSQL ceiling and returns the transactions
// committed in c.duration.
func pgxCeiling(ctx context.Context, c ceilingConfig) (int64, error) {
	setup, err := pgx.Connect(ctx, c.db)
	if err != nil {
		return 0, err
	}
	defer setup.Close(ctx)
	if _, err := setup.Exec(ctx, ceilingSchema); err != nil {
		return 0, err
	}
	if _, err := setup.Exec(ctx, `INSERT INTO ceiling_heads SELECT g, 0 FROM generate_series(0, $1) g`, c.clients); err != nil {
		return 0, err
	}
	conns := make([]*pgx.Conn, c.clients)
	for i := range conns {
		if conns[i], err = pgx.Connect(ctx, c.db); err != nil {
			return 0, err
		}
		defer conns[i].Close(ctx)
	}
	var done atomic.Int64
	var first error
	var once sync.Once
	deadline := time.Now().Add(c.duration)
	var wg sync.WaitGroup
	for i, conn := range conns {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if err := ceilingTx(ctx, conn, i, c.mode == "pgx-batch"); err != nil {
					once.Do(func() { first = err })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	return done.Load(), first
}

// ceilingTx makes one write on conn for client i: a transaction of four
// round trips, or with batch one batch of one.
func ceilingTx(ctx context.Context, conn *pgx.Conn, i int, batch bool) error {
	if batch {
		b := &pgx.Batch{}
		b.Queue(ceilingInsert, i)
		b.Queue(ceilingUpdate, i)
		return conn.SendBatch(ctx, b).Close()
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, ceilingInsert, i); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, ceilingUpdate, i)
		return err
	})
}

// sqliteCeiling runs the SQLite ceiling in a fresh file of a temporary
// folder and returns the transactions committed in d.
func sqliteCeiling(ctx context.Context, d time.Duration) (int64, error) {
	dir, err := os.MkdirTemp("", "parley-ceiling-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(dir, "ceiling.db"), "immediate"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE ceiling_rows (id INTEGER PRIMARY KEY, client INTEGER NOT NULL, body TEXT NOT NULL);
		CREATE TABLE ceiling_heads (client INTEGER PRIMARY KEY, version INTEGER NOT NULL);
		INSERT INTO ceiling_heads VALUES (0, 0)`); err != nil {
		return 0, err
	}
	ins, err := db.PrepareContext(ctx, ceilingInsert)
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	upd, err := db.PrepareContext(ctx, ceilingUpdate)
	if err != nil {
		return 0, err
	}
	defer upd.Close()
	var n int64
	for deadline := time.Now().Add(d); time.Now().Before(deadline); n++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return n, err
		}
		_, err = tx.StmtContext(ctx, ins).ExecContext(ctx, 0)
		if err == nil {
			_, err = tx.StmtContext(ctx, upd).ExecContext(ctx, 0)
		}
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
