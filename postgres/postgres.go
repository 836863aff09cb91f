// Package postgres implements parley.Store on PostgreSQL through
// github.com/jackc/pgx/v5 (its database/sql driver). The queries, the
// transactions and the migration loop are package sqlstore's, shared with
// SQLite; the migrations are embedded and applied at open, all pending
// ones in one transaction that records each in schema_migrations.
//
// Several server instances may share one database. Writes are ordered
// by two transaction-scoped advisory locks (see writersLock): stance
// writes, the many, run alongside each other, from any instance; every
// other write, a migration's included, runs alone, as if writes ran one
// at a time; and one transaction at a time appends to the audit log,
// which stays one linear log — a stance write that finds the log taken
// queues its record, and a sequencer round appends what is queued in a
// batch. Writes wait for their locks on a pool of their own, so that they
// never hold a connection reads need. Reads run in REPEATABLE READ, READ
// ONLY transactions and see a consistent snapshot.
package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a Parley database on PostgreSQL. Its View, Update and
// RotateMasterKey are sqlstore.Backend's.
type DB struct {
	*sqlstore.Backend
	db, writer *sql.DB // the readers' pool and the writers'
	sequencer  *sql.DB // the sequencer rounds' (see beginRound)
	dsn        string
}

var _ parley.Store = (*DB)(nil)

// Open connects to the database named by dsn (postgres://…), migrates it
// and checks that master is the key its confidential fields are sealed
// under. Options (sqlstore.WithClock) change the defaults.
func Open(ctx context.Context, dsn string, master seal.Key, opts ...sqlstore.Option) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("opening PostgreSQL: %w", err)
	}
	return open(ctx, cfg, dsn, master, opts...)
}

// open is Open with the connections' configuration parsed (tests change
// it: a dialer that counts round trips).
func open(ctx context.Context, cfg *pgx.ConnConfig, dsn string, master seal.Key, opts ...sqlstore.Option) (*DB, error) {
	// Each connection prepares a query the first time it runs it and keeps
	// the prepared statement (pgx's own cache, per connection, without a
	// lock or a timeout shared between connections).
	cfg.DefaultQueryExecMode = pgx.QueryExecModeCacheStatement
	// And plans it once, generically, instead of for each of its first
	// five runs with their values (PostgreSQL's default, before it
	// settles on the generic plan for most of Parley's statements
	// anyway): a new server process planned every statement five times
	// over, and at 1,000 delegates arriving at two instances PostgreSQL
	// did twice the work per request of the second after. With generic
	// plans from the start, in four alternating pairs of 12-second runs
	// (medians): 113 requests over 100 ms in the arrival against 738,
	// write / read p99 175 / 81 ms against 430 / 546 (docs/benchmarks.md).
	// Set on the connection, it overrides postgresql.conf and ALTER ROLE
	// or DATABASE; a DSN that sets it (plan_cache_mode=…, or options=-c
	// plan_cache_mode=…, PGOPTIONS too) keeps its own.
	_, set := cfg.RuntimeParams["plan_cache_mode"]
	if !set && !strings.Contains(cfg.RuntimeParams["options"], "plan_cache_mode") {
		cfg.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	}
	// Every connection runs warmUpSQL as it opens; before the first
	// migration the tables are not there, and it fails, unheeded (WarmUp
	// opens those connections again).
	warm := stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
		c.Exec(ctx, warmUpSQL)
		return nil
	})
	d := &DB{db: stdlib.OpenDB(*cfg, warm), writer: stdlib.OpenDB(*cfg, warm), sequencer: stdlib.OpenDB(*cfg, warm), dsn: dsn}
	// Reads, two at once per core: on 2 cores, with 16, 1,000 delegates
	// arriving within a second at two instances held every reader, and
	// PostgreSQL's server processes waited on Parley's goroutines between
	// statements (half of them idle in a transaction) while requests
	// queued for a connection. With 4, in four alternating pairs of
	// 12-second runs (medians): 147 requests over 100 ms in the arrival
	// against 658, write / read p99 174 / 107 ms against 739 / 317, and
	// 85 / 38 against 135 / 74 after the arrival (docs/benchmarks.md).
	// Two (one per core) were slower again.
	d.db.SetMaxOpenConns(max(4, 2*runtime.GOMAXPROCS(0)))
	// Writes wait for their locks on a pool of their own, never holding a
	// connection reads need; sequencer rounds on one of theirs, never
	// waiting for a connection that writes waiting for a round hold.
	// More writes at once than a few per core only wait on each other:
	// on 2 cores, 16 lost more races to write the same stance and ran
	// slower with two instances than one; 8 did not (docs/benchmarks.md).
	d.writer.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
	d.sequencer.SetMaxOpenConns(2)
	for _, db := range d.pools() {
		// A pool keeps every connection it opened while it is in use:
		// database/sql keeps two idle by default, and closing the others
		// after each use made most writes open a connection (a TLS
		// handshake and a sign-in) — a fifth of the CPU of a stance write.
		db.SetMaxIdleConns(db.Stats().MaxOpenConnections)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	var err error
	d.Backend, err = sqlstore.Open(ctx, sqlstore.Config{
		Dialect:    dialect,
		Read:       sqlstore.Access{DB: d.db, Begin: beginRead, End: end},
		Write:      sqlstore.Access{DB: d.writer, Begin: beginWrite, End: end},
		Shared:     sqlstore.Access{DB: d.writer, Begin: beginShared, End: end, Shared: true},
		Sequence:   sqlstore.Access{DB: d.sequencer, Begin: beginRound, End: end},
		Migrations: migrations,
	}, master, opts...)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("opening PostgreSQL: %w", err)
	}
	return d, nil
}

// Writes take two advisory locks, each for the whole transaction:
//
//   - writersLock orders writes: a shared write (parley.Store.UpdateShared,
//     a stance) takes it shared, so shared writes run alongside each other;
//     every other write takes it exclusive, so it runs alone, as if writes
//     ran one at a time;
//   - logLock lets its holder append to the audit log itself. A write that
//     runs alone waits for it; a shared one tries it, and queues its record
//     for a sequencer round if another holds it; a round waits for it.
//
// Rounds take writersLock shared too, and writersLock is the one lock
// every write of Parley before 2 December 2026 took for its whole
// transaction, appending to the log in it: so an instance of an older
// version sharing the database excludes every write of this one that
// reads what it writes or appends to the log. Locks are taken writersLock
// first, then logLock.
//
// Each begins in READ COMMITTED, in one round trip with the locks and the
// database's generation (see sqlstore.Access.Begin): its statements after
// the locks see every write committed before they were granted.
const (
	writersLock = 0x7061726c6579 // "parley"
	logLock     = 0x7061726c6c67 // "parllg"
)

// beginRead begins a read: a read-only transaction in REPEATABLE READ,
// whose snapshot is taken by the statement that reads the generation and
// the audit log's state, so that both are those of every row it reads.
func beginRead(ctx context.Context, c *sql.Conn) (sqlstore.Began, error) {
	return begin(ctx, c, beginReadSQL, beginReadNoSettingsSQL, true)
}

// beginWrite begins a write that runs alone.
func beginWrite(ctx context.Context, c *sql.Conn) (sqlstore.Began, error) {
	return begin(ctx, c, beginWriteSQL, beginNoSettingsSQL, true)
}

// beginShared begins a shared write.
func beginShared(ctx context.Context, c *sql.Conn) (sqlstore.Began, error) {
	return begin(ctx, c, beginSharedSQL, beginNoSettingsSQL, false)
}

// beginRound begins a sequencer round.
func beginRound(ctx context.Context, c *sql.Conn) (sqlstore.Began, error) {
	return begin(ctx, c, beginRoundSQL, beginNoSettingsSQL, true)
}

// begin sends q, which begins a transaction and answers in its last
// statement's one row whether it got the advisory lock (if it only
// tried: not exclusive) and the generation; on a database without a
// settings table yet it begins with noSettings instead.
func begin(ctx context.Context, c *sql.Conn, q, noSettings string, exclusive bool) (began sqlstore.Began, err error) {
	err = c.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn().PgConn()
		res, err := pc.Exec(ctx, q).ReadAll()
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42P01" {
			// No settings table yet: the first migration's transaction
			// begins without a generation.
			began = sqlstore.Began{Gen: -1, HoldsLog: true}
			_, err = pc.Exec(ctx, "ROLLBACK; "+noSettings).ReadAll()
			return err
		}
		if err != nil {
			return err
		}
		last := res[len(res)-1]
		if len(last.Rows) != 1 || len(last.Rows[0]) < 2 {
			return fmt.Errorf("beginning a transaction: %d rows for 1", len(last.Rows))
		}
		row := last.Rows[0]
		began = sqlstore.Began{Gen: -1, HoldsLog: exclusive || string(row[0]) == "t"}
		if row[1] != nil {
			if began.Gen, err = strconv.ParseInt(string(row[1]), 10, 64); err != nil {
				return err
			}
		}
		if len(row) == 4 {
			// The log's state (beginReadSQL).
			began.LogKnown = true
			if began.LogSize, err = strconv.ParseInt(string(row[2]), 10, 64); err == nil {
				began.LogQueued, err = strconv.ParseInt(string(row[3]), 10, 64)
			}
		}
		return err
	})
	return began, err
}

// generationSetting is the setting that holds the database's generation.
const generationSetting = "cache_generation"

var (
	generationSQL = fmt.Sprintf("(SELECT value FROM settings WHERE key = '%s')", generationSetting)
	beginWriteSQL = fmt.Sprintf("BEGIN; SELECT pg_advisory_xact_lock(%d); SELECT pg_advisory_xact_lock(%d); SELECT true, %s",
		writersLock, logLock, generationSQL)
	beginSharedSQL = fmt.Sprintf("BEGIN; SELECT pg_advisory_xact_lock_shared(%d); SELECT pg_try_advisory_xact_lock(%d), %s",
		writersLock, logLock, generationSQL)
	beginRoundSQL = fmt.Sprintf("BEGIN; SELECT pg_advisory_xact_lock_shared(%d); SELECT pg_advisory_xact_lock(%d); SELECT true, %s",
		writersLock, logLock, generationSQL)
	beginReadSQL = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT true, " + generationSQL +
		", log.* FROM (" + sqlstore.LogStateSQL + ") AS log"
	beginReadNoSettingsSQL = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	beginNoSettingsSQL     = fmt.Sprintf("BEGIN; SELECT pg_advisory_xact_lock(%d); SELECT pg_advisory_xact_lock(%d)", writersLock, logLock)
)

// announce gives the database a new generation and tells every
// instance's broker (see Broker.Listen) that sessions or accounts
// changed; renew only gives it a new generation (see
// sqlstore.Dialect.Announce).
// A generation is a random number, not a count, so that it names one
// state of the database only: a database taken back to a backup, whose
// count would climb again through the numbers of the states it left,
// never meets an instance's entries of those states.
const (
	announce = `WITH g AS (` + renew + ` RETURNING value)
	SELECT pg_notify('` + sessionsChannel + `', value) FROM g`
	renew = `INSERT INTO settings (key, value)
	VALUES ('` + generationSetting + `', CAST(CAST(1 + floor(random() * 9.2e18) AS BIGINT) AS TEXT))
	ON CONFLICT (key) DO UPDATE SET value = excluded.value`
)

// end commits or rolls back a transaction begin began. A COMMIT the
// database answers with ROLLBACK (the transaction had failed) is an
// error.
func end(ctx context.Context, c *sql.Conn, commit bool) error {
	q := "ROLLBACK"
	if commit {
		q = "COMMIT"
	}
	return c.Raw(func(dc any) error {
		tag, err := dc.(*stdlib.Conn).Conn().Exec(ctx, q)
		if err == nil && tag.String() != q {
			err = fmt.Errorf("%s answered %q", q, tag.String())
		}
		return err
	})
}

// Close closes the connections.
func (d *DB) Close() error {
	var errs []error
	for _, db := range d.pools() {
		errs = append(errs, db.Close())
	}
	return errors.Join(errs...)
}

// WarmUp opens every connection the pools may hold, all at once, so that
// the first requests after a start do not each wait for one to open (a
// TLS handshake and a sign-in each, on a machine busy with the others):
// serve runs it as it starts. Each new connection runs warmUpSQL as it
// opens (see open); the idle ones opened before the migrations, which
// could not, are closed and opened again. It returns the first error met,
// and whether warmUpSQL runs on the schema.
func (d *DB) WarmUp(ctx context.Context) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		open  []*sql.Conn // held until all are open, so that each is a new one
		first error
	)
	for _, db := range d.pools() {
		n := db.Stats().MaxOpenConnections
		db.SetMaxIdleConns(0) // closes the idle ones
		db.SetMaxIdleConns(n)
		for range n {
			wg.Go(func() {
				c, err := db.Conn(ctx)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					first = cmp.Or(first, err)
					return
				}
				open = append(open, c)
			})
		}
	}
	wg.Wait()
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	if first != nil {
		return fmt.Errorf("opening PostgreSQL's connections: %w", first)
	}
	if len(open) > 0 {
		if _, err := open[0].ExecContext(ctx, warmUpSQL); err != nil {
			return fmt.Errorf("warming PostgreSQL's connections up: %w", err)
		}
	}
	return nil
}

// warmUpSQL reads, by index, what no row holds, from the tables a
// request reads: its session, member and talks, drafts and their points,
// stances and what they carry, marking, the audit log and its queue, and
// the settings (TestWarmUpOpensEveryConnection runs it on the schema). A
// new server process loads what it knows of a table, an index and their
// operators the first time a statement uses them, and 50 new processes
// doing that under the first requests of a 1,000-delegate load made
// 367–753 requests (median 475) take over 80 ms in its first second, in
// five runs; 63–358 (median 175) once each ran this as it opened, and
// 64–450 with a statement that only named every table.
const warmUpSQL = `SELECT
	(SELECT count(*) FROM sessions WHERE token_hash = ''),
	(SELECT count(*) FROM members m JOIN accounts a ON a.id = m.account_id JOIN talks t ON t.id = m.talks_id
		JOIN parties p ON p.talks_id = m.talks_id WHERE m.talks_id = 0 AND m.account_id = 0),
	(SELECT count(*) FROM talks_passkey_required WHERE talks_id = 0),
	(SELECT count(*) FROM drafts WHERE talks_id = 0 AND number = 0),
	(SELECT count(*) FROM points WHERE id = 0),
	(SELECT count(*) FROM stances WHERE talks_id = 0 AND draft_number = 0 AND current),
	(SELECT count(*) FROM stances WHERE talks_id = 0 AND draft_number = 0 AND point_id = 0 AND party_id = 0 AND version = 0),
	(SELECT count(*) FROM stance_carryovers WHERE talks_id = 0 AND draft_number = 0),
	(SELECT count(*) FROM carried_stances WHERE talks_id = 0 AND draft_number = 0),
	(SELECT count(*) FROM marking_finished WHERE talks_id = 0 AND draft_number = 0),
	(SELECT count(*) FROM audit_records WHERE idx = -1),
	(SELECT count(*) FROM audit_hashes WHERE idx = -1),
	(SELECT count(*) FROM audit_queue),
	(SELECT count(*) FROM settings WHERE key = '')`

func (d *DB) pools() []*sql.DB { return []*sql.DB{d.db, d.writer, d.sequencer} }

// SQL returns the readers' connection pool, for tests and tools.
func (d *DB) SQL() *sql.DB { return d.db }

// dialect is PostgreSQL's: numbered placeholders and SQLSTATE 23505.
var dialect = sqlstore.Dialect{
	Numbered:    true,
	WritableCTE: true,
	Announce:    announce,
	Renew:       renew,
	TableExists: `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`,
	IsUniqueViolation: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
	// serialization_failure and deadlock_detected.
	IsRetryable: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
	},
}
