// Package postgres implements parley.Store on PostgreSQL through
// github.com/jackc/pgx/v5 (its database/sql driver). The queries, the
// transactions and the migration loop are package sqlstore's, shared with
// SQLite; the migrations are embedded and applied at open, all pending
// ones in one transaction that records each in schema_migrations.
//
// Several server instances may share one database: every write
// transaction, each migration's included, first takes one
// transaction-scoped advisory lock, so writes are serialised across
// instances and the audit log stays one linear log, and a migration is
// applied by whichever instance gets there first. Within an instance the
// write transactions wait for the lock on a pool of their own, so that
// they never hold a connection reads need. Reads run in REPEATABLE READ,
// READ ONLY transactions and see a consistent snapshot.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strconv"
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

// writeLock is the advisory lock every write transaction takes.
const writeLock = 0x7061726c6579 // "parley"

// DB is a Parley database on PostgreSQL. Its View, Update and
// RotateMasterKey are sqlstore.Backend's.
type DB struct {
	*sqlstore.Backend
	db, writer *sql.DB // the readers' pool and the writers'
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
	d := &DB{db: stdlib.OpenDB(*cfg), writer: stdlib.OpenDB(*cfg), dsn: dsn}
	d.db.SetMaxOpenConns(16)
	// Writes wait for the advisory lock in turn, each on a connection of
	// the writers' own pool, never one that readers need; a few waiting
	// make the lock pass from one to the next without a wait for a
	// connection in between.
	d.writer.SetMaxOpenConns(4)
	for _, db := range []*sql.DB{d.db, d.writer} {
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	var err error
	d.Backend, err = sqlstore.Open(ctx, sqlstore.Config{
		Dialect: dialect,
		Read: sqlstore.Access{DB: d.db,
			Options: &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}},
		Write:      sqlstore.Access{DB: d.writer, Begin: beginWrite, End: endWrite},
		Migrations: migrations,
	}, master, opts...)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("opening PostgreSQL: %w", err)
	}
	return d, nil
}

// beginWrite begins a write transaction on c, takes the advisory lock
// that serialises writes across instances until it ends, and reads the
// database's generation under it (see sqlstore.Access.Begin), in one
// round trip: one simple-protocol message holds the three statements, the
// last of which, in READ COMMITTED, sees every write committed before the
// lock was granted.
func beginWrite(ctx context.Context, c *sql.Conn) (gen int64, err error) {
	err = c.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn().PgConn()
		res, err := pc.Exec(ctx, beginSQL).ReadAll()
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42P01" {
			// No settings table yet: the first migration's transaction
			// begins without a generation.
			gen = -1
			_, err = pc.Exec(ctx, "ROLLBACK; "+lockSQL).ReadAll()
			return err
		}
		if err != nil {
			return err
		}
		if len(res) != 3 {
			return fmt.Errorf("beginning a write: %d results for 3 statements", len(res))
		}
		if len(res[2].Rows) == 1 && len(res[2].Rows[0]) == 1 {
			gen, err = strconv.ParseInt(string(res[2].Rows[0][0]), 10, 64)
		}
		return err
	})
	return gen, err
}

// generationSetting is the setting that holds the database's generation.
const generationSetting = "cache_generation"

var (
	lockSQL  = fmt.Sprintf("BEGIN; SELECT pg_advisory_xact_lock(%d)", writeLock)
	beginSQL = lockSQL + fmt.Sprintf("; SELECT value FROM settings WHERE key = '%s'", generationSetting)
)

// announce gives the database a new generation and tells every
// instance's broker (see Broker.Listen) that sessions or members changed.
// A generation is a random number, not a count, so that it names one
// state of the database only: a database taken back to a backup, whose
// count would climb again through the numbers of the states it left,
// never meets an instance's entries of those states.
const announce = `WITH g AS (INSERT INTO settings (key, value)
	VALUES ('` + generationSetting + `', CAST(CAST(1 + floor(random() * 9.2e18) AS BIGINT) AS TEXT))
	ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value)
	SELECT pg_notify('` + sessionsChannel + `', value) FROM g`

// endWrite commits or rolls back the transaction beginWrite began. A
// COMMIT the database answers with ROLLBACK (the transaction had failed)
// is an error.
func endWrite(ctx context.Context, c *sql.Conn, commit bool) error {
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
func (d *DB) Close() error { return errors.Join(d.db.Close(), d.writer.Close()) }

// SQL returns the readers' connection pool, for tests and tools.
func (d *DB) SQL() *sql.DB { return d.db }

// dialect is PostgreSQL's: numbered placeholders and SQLSTATE 23505.
var dialect = sqlstore.Dialect{
	Numbered:    true,
	WritableCTE: true,
	Announce:    announce,
	TableExists: `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`,
	IsUniqueViolation: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
}
