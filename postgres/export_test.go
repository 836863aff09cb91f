package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/parley-talks/parley/seal"
)

// Migrations are the embedded migrations, for the tests of package
// postgres_test.
var Migrations = migrations

// OpenWith is Open with the connections' configuration changed by change
// first (a dialer that counts round trips).
func OpenWith(ctx context.Context, dsn string, change func(*pgx.ConnConfig)) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	change(cfg)
	return open(ctx, cfg, dsn, seal.Key{})
}
