-- Passkeys (WebAuthn credentials, issue 13). A passkey belongs to one
-- account; credential_id is the authenticator's credential ID, public_key
-- its COSE public key, sign_count the last signature counter seen (a
-- counter that goes back is refused), credential the library's JSON image
-- of the credential (transports, flags, attestation). Tracked by the audit
-- log: registration, use (counter, last use) and removal are audited.
CREATE TABLE passkeys (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	credential_id BLOB NOT NULL UNIQUE,
	public_key    BLOB NOT NULL,
	sign_count    INTEGER NOT NULL,
	credential    BLOB NOT NULL,
	name          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	last_used_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX passkeys_account ON passkeys(account_id);

-- An account listed here may not sign in with its password once it has a
-- passkey.
CREATE TABLE account_passkey_required (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id)
);

-- Talks listed here admit only members whose session was made with a
-- passkey.
CREATE TABLE talks_passkey_required (
	talks_id INTEGER PRIMARY KEY REFERENCES talks(id)
);

-- How a session signed in, for sessions made with a passkey (a session
-- without a row here signed in with its password). A table of its own
-- rather than a column of sessions; sessions are not tracked by the audit
-- log (see sqlstore/rows.go), and neither is this.
CREATE TABLE session_methods (
	token_hash BLOB PRIMARY KEY REFERENCES sessions(token_hash) ON DELETE CASCADE,
	method     TEXT NOT NULL
);
