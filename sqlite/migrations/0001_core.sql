-- Accounts, talks, parties, members, drafts and stances.

-- settings holds facts about the database as a whole, such as "demo".
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE accounts (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	admin         INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	-- the account's age identity: public recipient, and the private
	-- identity sealed by the member's client under its passphrase
	age_recipient   TEXT NOT NULL DEFAULT '',
	sealed_identity TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

-- Failed sign-ins, by account and by client address, for rate limits.
CREATE TABLE sign_in_failures (
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(key, at);

CREATE TABLE talks (
	id          INTEGER PRIMARY KEY,
	title       TEXT NOT NULL,
	description TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('open', 'suspended', 'concluded')),
	confidentiality TEXT NOT NULL DEFAULT 'strict' CHECK (confidentiality IN ('strict', 'by_consent')),
	agreed_draft    INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL
);

CREATE TABLE parties (
	id               INTEGER PRIMARY KEY,
	talks_id         INTEGER NOT NULL REFERENCES talks(id),
	name             TEXT NOT NULL,
	kind             TEXT NOT NULL CHECK (kind IN ('party', 'mediator', 'observer')),
	share_by_default INTEGER NOT NULL,
	UNIQUE (talks_id, name)
);

CREATE TABLE members (
	id         INTEGER PRIMARY KEY,
	talks_id   INTEGER NOT NULL REFERENCES talks(id),
	party_id   INTEGER NOT NULL REFERENCES parties(id),
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	role       TEXT NOT NULL CHECK (role IN ('principal', 'negotiator', 'adviser', 'observer', 'mediator')),
	UNIQUE (talks_id, account_id)
);
CREATE INDEX members_account ON members(account_id);

-- talks_keys holds each talks' data key, wrapped by the master key.
CREATE TABLE talks_keys (
	talks_id INTEGER PRIMARY KEY REFERENCES talks(id),
	wrapped  BLOB NOT NULL
);

-- points holds the stable identities of points; their text lives per draft.
CREATE TABLE points (
	id       INTEGER PRIMARY KEY,
	talks_id INTEGER NOT NULL REFERENCES talks(id)
);

-- number 0 is the mediator's working draft; tabled drafts count from 1.
CREATE TABLE drafts (
	talks_id  INTEGER NOT NULL REFERENCES talks(id),
	number    INTEGER NOT NULL CHECK (number >= 0),
	tabled    INTEGER NOT NULL,
	title     TEXT NOT NULL,
	note      TEXT NOT NULL,
	tabled_at TEXT,
	tabled_by TEXT NOT NULL,
	removed   TEXT NOT NULL, -- JSON list of removed points
	PRIMARY KEY (talks_id, number)
);

CREATE TABLE draft_points (
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	position     INTEGER NOT NULL,
	point_id     INTEGER NOT NULL REFERENCES points(id),
	kind         TEXT NOT NULL,
	number       TEXT NOT NULL,
	title        TEXT NOT NULL,
	text         TEXT NOT NULL,
	depth        INTEGER NOT NULL,
	parent_id    INTEGER NOT NULL,
	from_ids     TEXT NOT NULL, -- JSON list
	change       TEXT NOT NULL,
	moved        INTEGER NOT NULL,
	amended      INTEGER NOT NULL,
	PRIMARY KEY (talks_id, draft_number, position),
	UNIQUE (talks_id, draft_number, point_id),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number) ON DELETE CASCADE
);

-- Every version of every stance; the current one has the highest version.
CREATE TABLE stances (
	talks_id            INTEGER NOT NULL,
	draft_number        INTEGER NOT NULL,
	point_id            INTEGER NOT NULL REFERENCES points(id),
	party_id            INTEGER NOT NULL REFERENCES parties(id),
	version             INTEGER NOT NULL,
	value               TEXT NOT NULL CHECK (value IN ('acceptable', 'needs_discussion', 'unsuitable')),
	rationale           BLOB NOT NULL, -- sealed with the talks' data key
	proposed_wording    BLOB NOT NULL, -- sealed with the talks' data key
	share_with_mediator INTEGER NOT NULL,
	released_to_all     INTEGER NOT NULL,
	recorded_by         TEXT NOT NULL,
	recorded_at         TEXT NOT NULL,
	current             INTEGER NOT NULL, -- the latest version of its stance
	PRIMARY KEY (talks_id, draft_number, point_id, party_id, version),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);
CREATE INDEX stances_current ON stances(talks_id, draft_number, current);

-- Sealed messages: the server holds only age ciphertext.
CREATE TABLE messages (
	id         INTEGER PRIMARY KEY,
	talks_id   INTEGER NOT NULL REFERENCES talks(id),
	sender_id  INTEGER NOT NULL REFERENCES accounts(id),
	envoy_id   INTEGER NOT NULL REFERENCES accounts(id),
	ciphertext TEXT NOT NULL,
	sent_at    TEXT NOT NULL
);
CREATE INDEX messages_talks ON messages(talks_id, id);

CREATE TABLE message_recipients (
	message_id   INTEGER NOT NULL REFERENCES messages(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	delivered_at TEXT NOT NULL DEFAULT '',
	read_at      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (message_id, account_id)
);

-- Decisions put to every principal party: sign-off, disclosure,
-- confidentiality.
CREATE TABLE decisions (
	id              INTEGER PRIMARY KEY,
	talks_id        INTEGER NOT NULL REFERENCES talks(id),
	kind            TEXT NOT NULL CHECK (kind IN ('sign_off', 'disclose_draft', 'set_confidentiality')),
	draft_number    INTEGER NOT NULL,
	confidentiality TEXT NOT NULL,
	proposed_by     TEXT NOT NULL,
	proposed_at     TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'withdrawn')),
	closed_at       TEXT NOT NULL,
	parties         TEXT NOT NULL -- JSON list of the principal parties asked
);

CREATE TABLE decision_answers (
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	party_id    INTEGER NOT NULL REFERENCES parties(id),
	yes         INTEGER NOT NULL,
	reasons     BLOB NOT NULL, -- sealed with the talks' data key
	answered_by TEXT NOT NULL,
	answered_at TEXT NOT NULL,
	PRIMARY KEY (decision_id, party_id)
);

-- The tamper-evident audit log (package auditlog): records are the leaves
-- of a Merkle tree whose stored hashes live in audit_hashes. talks_id and
-- party_id repeat what the record says, for filtering; the hashes cover
-- only data.
CREATE TABLE audit_records (
	idx      INTEGER PRIMARY KEY,
	data     BLOB NOT NULL,
	talks_id INTEGER NOT NULL,
	party_id INTEGER NOT NULL
);
CREATE INDEX audit_records_talks ON audit_records(talks_id, idx);

CREATE TABLE audit_hashes (
	idx  INTEGER PRIMARY KEY,
	hash BLOB NOT NULL
);

-- The analysis: the issue space, each party's profile (sealed), and the
-- packages the mediator shared.
CREATE TABLE issue_spaces (
	talks_id INTEGER PRIMARY KEY REFERENCES talks(id),
	body     TEXT NOT NULL
);
CREATE TABLE profiles (
	talks_id   INTEGER NOT NULL REFERENCES talks(id),
	party_id   INTEGER NOT NULL REFERENCES parties(id),
	body       BLOB NOT NULL, -- sealed with the talks' data key
	updated_at TEXT NOT NULL,
	PRIMARY KEY (talks_id, party_id)
);
CREATE TABLE shared_packages (
	id        INTEGER PRIMARY KEY,
	talks_id  INTEGER NOT NULL REFERENCES talks(id),
	label     TEXT NOT NULL,
	package   TEXT NOT NULL,
	shared_at TEXT NOT NULL
);

-- Meetings (notes sealed), public statements, and travel legs (sealed).
CREATE TABLE meetings (
	id          INTEGER PRIMARY KEY,
	talks_id    INTEGER NOT NULL REFERENCES talks(id),
	body        TEXT NOT NULL,  -- JSON of everything but the notes
	notes       BLOB NOT NULL,  -- sealed with the talks' data key
	recorded_by TEXT NOT NULL,
	starts_at   TEXT NOT NULL
);
CREATE TABLE statements (
	id       INTEGER PRIMARY KEY,
	talks_id INTEGER NOT NULL REFERENCES talks(id),
	party_id INTEGER NOT NULL REFERENCES parties(id),
	body     TEXT NOT NULL,
	made_at  TEXT NOT NULL
);
CREATE TABLE legs (
	id       INTEGER PRIMARY KEY,
	talks_id INTEGER NOT NULL REFERENCES talks(id),
	party_id INTEGER NOT NULL REFERENCES parties(id),
	body     BLOB NOT NULL  -- sealed with the talks' data key
);
