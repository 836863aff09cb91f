-- Invitations (issue 11): one-time links that make whoever opens them a
-- member of one party of some talks with one role. Only the SHA-256 of a
-- token is kept; an invitation is closed by its acceptance or revocation.
CREATE TABLE invitations (
	id          INTEGER PRIMARY KEY,
	talks_id    INTEGER NOT NULL REFERENCES talks(id),
	party_id    INTEGER NOT NULL REFERENCES parties(id),
	role        TEXT NOT NULL CHECK (role IN ('principal', 'negotiator', 'adviser', 'observer', 'mediator')),
	token_hash  BLOB NOT NULL UNIQUE,
	note        TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	expires_at  TEXT NOT NULL,
	accepted_by INTEGER REFERENCES accounts(id),
	accepted_at TEXT,
	revoked_at  TEXT
);
CREATE INDEX invitations_talks ON invitations(talks_id);
