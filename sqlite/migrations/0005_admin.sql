-- Administration (issue 11, item 2).

-- An account's standing: whether it may open talks and whether an
-- administrator disabled it (when; '' while enabled). It is a table of its
-- own rather than new columns of accounts, because the audit log holds a
-- digest of every accounts row: a new column would change the image of
-- every existing row, and the log would then report them all as changed by
-- hand. An account without a row here is enabled and may open talks, as
-- every account could before administration came.
CREATE TABLE account_standing (
	account_id       INTEGER PRIMARY KEY REFERENCES accounts(id),
	may_create_talks INTEGER NOT NULL DEFAULT 1,
	disabled_at      TEXT NOT NULL DEFAULT ''
);

-- When each account last signed in: operational state, like sessions,
-- written without an audit record.
CREATE TABLE account_sign_ins (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
	last_at    TEXT NOT NULL
);

-- One-time links with which their holder sets an account's password (a
-- new account's first, or a reset), issued by an administrator; the token
-- is kept only as its SHA-256. A link is deleted when it is used, and
-- every link of an account when it is disabled.
CREATE TABLE password_links (
	token_hash BLOB PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX password_links_account ON password_links(account_id);
