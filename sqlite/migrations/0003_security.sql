-- Sign-in attempts, counted per key (an account from an address, an
-- account from anywhere, an address) in a window: one row per key, so that
-- failed sign-ins cannot fill the disk, counted by one upsert, so that
-- attempts made at once cannot all pass a limit. Rows whose window has
-- passed are pruned. They replace sign_in_failures, one row per failure.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_attempts (
	key      TEXT PRIMARY KEY,
	attempts INTEGER NOT NULL,
	since    TEXT NOT NULL
);
CREATE INDEX sign_in_attempts_since ON sign_in_attempts(since);
