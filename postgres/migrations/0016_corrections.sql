-- Corrections to a language's text (issue 15, item 3; PostgreSQL): an amendment that
-- names a language of the talks proposes a new text of its point in that
-- language, not a change of the source. The language is a row of its
-- own, written with the amendment and never changed, so that amendments
-- keep their row images; amendments without one amend the source.
CREATE TABLE amendment_languages (
	amendment_id BIGINT PRIMARY KEY REFERENCES amendments(id),
	language     TEXT NOT NULL
);

-- The correction a version of a translation was taken from: lineage from
-- the text back to the party's proposal, beside the translations row
-- (whose image stays as it was).
CREATE TABLE translation_amendments (
	talks_id     BIGINT NOT NULL,
	draft_number BIGINT NOT NULL,
	point_id     BIGINT NOT NULL,
	language     TEXT NOT NULL,
	version      BIGINT NOT NULL,
	amendment_id BIGINT NOT NULL UNIQUE REFERENCES amendments(id),
	PRIMARY KEY (talks_id, draft_number, point_id, language, version),
	FOREIGN KEY (talks_id, draft_number, point_id, language, version)
		REFERENCES translations(talks_id, draft_number, point_id, language, version)
);
