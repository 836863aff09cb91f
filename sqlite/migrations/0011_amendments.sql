-- Amendments (issue 14): a party's proposal to change one point of a
-- tabled draft, shared as a stance is. The proposal itself never changes;
-- its outcome (withdrawn, taken, declined: each final) is a row of
-- amendment_outcomes, and the tabled draft a taken amendment went into a
-- row of amendment_lineage, so that no row is rewritten. Text,
-- justification and reason are sealed with the talks' data key.
--
-- The proposed wording of stances stored before stays in stances: it is
-- sealed bound to its stance, and rows written here by a migration would
-- have no audit record (parley audit verify would report them as added
-- by hand).
CREATE TABLE amendments (
	id                  INTEGER PRIMARY KEY,
	talks_id            INTEGER NOT NULL REFERENCES talks(id),
	draft_number        INTEGER NOT NULL,
	point_id            INTEGER NOT NULL REFERENCES points(id),
	point_number        TEXT NOT NULL,
	party_id            INTEGER NOT NULL REFERENCES parties(id),
	kind                TEXT NOT NULL CHECK (kind IN ('replace', 'insert_after', 'delete', 'split')),
	text                BLOB NOT NULL,
	justification       BLOB NOT NULL,
	share_with_mediator INTEGER NOT NULL,
	released_to_all     INTEGER NOT NULL,
	proposed_by         TEXT NOT NULL,
	proposed_at         TEXT NOT NULL,
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);
CREATE INDEX amendments_talks ON amendments (talks_id, draft_number);

CREATE TABLE amendment_outcomes (
	amendment_id INTEGER PRIMARY KEY REFERENCES amendments(id),
	state        TEXT NOT NULL CHECK (state IN ('withdrawn', 'taken', 'declined')),
	extent       TEXT NOT NULL CHECK (extent IN ('', 'full', 'part')),
	reason       BLOB NOT NULL,
	decided_by   TEXT NOT NULL,
	decided_at   TEXT NOT NULL
);

CREATE TABLE amendment_lineage (
	amendment_id INTEGER PRIMARY KEY REFERENCES amendment_outcomes(amendment_id),
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);

-- Comments (issue 14, item 4 of the issue): threads anchored to a point by its
-- identity (optionally to a quoted passage), so that they follow the point
-- through later drafts. A thread's first comment has no parent; replies
-- name it. thread_party and visibility, the same on every comment of a
-- thread, say who sees it: the party that opened it ("party"), that party
-- and the mediator's team ("party_mediator"), or everyone ("all"); a
-- thread the mediator's team keeps to itself is its internal thread.
CREATE TABLE comments (
	id           INTEGER PRIMARY KEY,
	talks_id     INTEGER NOT NULL REFERENCES talks(id),
	draft_number INTEGER NOT NULL,
	point_id     INTEGER NOT NULL REFERENCES points(id),
	parent_id    INTEGER REFERENCES comments(id),
	party_id     INTEGER NOT NULL REFERENCES parties(id),
	thread_party INTEGER NOT NULL REFERENCES parties(id),
	visibility   TEXT NOT NULL CHECK (visibility IN ('party', 'party_mediator', 'all')),
	quote        BLOB NOT NULL,
	text         BLOB NOT NULL,
	author       TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);
CREATE INDEX comments_talks ON comments (talks_id, point_id);

-- Whether a thread is resolved: its latest resolution or reopening.
CREATE TABLE comment_states (
	thread_id  INTEGER PRIMARY KEY REFERENCES comments(id),
	resolved   INTEGER NOT NULL,
	changed_by TEXT NOT NULL,
	changed_at TEXT NOT NULL
);
