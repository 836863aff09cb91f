-- Marking progress and stances carried over (issue 12).

-- A party's declaration that it has finished marking a tabled draft; a
-- withdrawn declaration is deleted.
CREATE TABLE marking_finished (
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	party_id     INTEGER NOT NULL REFERENCES parties(id),
	declared_by  TEXT NOT NULL,
	declared_at  TEXT NOT NULL,
	PRIMARY KEY (talks_id, draft_number, party_id),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);

-- The stance versions carried over to a new draft from a party's stance
-- on the same point, unchanged, in an earlier one: from_draft and
-- from_point name where the stance came from. The stance itself (sealed
-- rationale and wording included) is an ordinary row of stances.
CREATE TABLE carried_stances (
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	point_id     INTEGER NOT NULL,
	party_id     INTEGER NOT NULL,
	version      INTEGER NOT NULL,
	from_draft   INTEGER NOT NULL,
	from_point   INTEGER NOT NULL,
	PRIMARY KEY (talks_id, draft_number, point_id, party_id, version),
	FOREIGN KEY (talks_id, draft_number, point_id, party_id, version)
		REFERENCES stances(talks_id, draft_number, point_id, party_id, version)
);
