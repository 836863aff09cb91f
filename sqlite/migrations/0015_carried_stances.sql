-- Stances carried over by reference (issue 12, speed of tabling). One row
-- per party and tabled draft lists every stance of the party carried over
-- to that draft, each a reference to the stored stance row it stands for
-- (on an earlier draft, by draft and version; that row's sealed fields are
-- opened as sealed there) and the origin shown: one line per point,
--   point_id src_draft src_version from_draft from_point from_number
-- A carried stance is the point's first version on its draft until the
-- party confirms or changes it (a stances row of version 2 or more).
-- Stances carried over before this table (one stances row and one
-- stance_carryovers row each) read as they did.
CREATE TABLE carried_stances (
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	party_id     INTEGER NOT NULL REFERENCES parties(id),
	stances      TEXT NOT NULL,
	PRIMARY KEY (talks_id, draft_number, party_id),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);
