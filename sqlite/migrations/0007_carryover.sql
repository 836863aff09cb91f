-- Stances carried over, and safe writes to drafts (issue 12, items 3 and 2).

-- A stance carried over at tabling from the party's stance on the same,
-- unchanged point of an earlier draft: which draft and point it came from
-- (the point's number there, as shown). The stance itself is an ordinary
-- row of stances, sealed as every stance is; a row here marks one version
-- of it as carried over, and the party's confirmation or change is a new
-- version without one. Kept apart from stances so that stored stances keep
-- their row images.
CREATE TABLE stance_carryovers (
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	point_id     INTEGER NOT NULL,
	party_id     INTEGER NOT NULL,
	version      INTEGER NOT NULL,
	from_draft   INTEGER NOT NULL,
	from_point   INTEGER NOT NULL,
	from_number  TEXT NOT NULL,
	PRIMARY KEY (talks_id, draft_number, point_id, party_id, version),
	FOREIGN KEY (talks_id, draft_number, point_id, party_id, version)
		REFERENCES stances(talks_id, draft_number, point_id, party_id, version)
);

-- The version of each talks' working draft: 1 at its first save, one more
-- at each save after; it keeps counting after the working draft is tabled
-- or discarded, so that a stale version never matches again.
CREATE TABLE working_draft_versions (
	talks_id INTEGER PRIMARY KEY REFERENCES talks(id),
	version  INTEGER NOT NULL
);

-- Tabling requests answered, by the key their client gave them (an
-- Idempotency-Key header, a drafting form's one-time token): the same key
-- again answers the same draft.
CREATE TABLE tabling_keys (
	talks_id     INTEGER NOT NULL REFERENCES talks(id),
	key          TEXT NOT NULL,
	draft_number INTEGER NOT NULL,
	PRIMARY KEY (talks_id, key),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);
