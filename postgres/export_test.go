package postgres

// Migrations are the embedded migrations, for the tests of package
// postgres_test.
var Migrations = migrations
