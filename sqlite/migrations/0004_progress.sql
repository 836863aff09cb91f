-- Marking progress (issue 12).

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

