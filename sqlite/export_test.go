package sqlite

import "database/sql"

// Migrations are the embedded migrations, for the tests of package
// sqlite_test.
var Migrations = migrations

// SQL returns the pool of readers, for tests.
func (db *DB) SQL() *sql.DB { return db.reader }

// Writer returns the writer's pool, for tests that write behind the
// store's back.
func (db *DB) Writer() *sql.DB { return db.writer }
