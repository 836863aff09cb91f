-- Authentic texts in several languages (issue 15). New tables only: the
-- drafts and their points keep their row images.

-- The languages of the talks (JSON list of {tag, authentic}, canonical
-- BCP 47 tags), the drafting language of the next draft ('' for the first
-- authentic language), whether members of negotiating parties may be
-- translators, and the accounts appointed translators (JSON list of IDs).
-- Talks without a row are in English alone.
CREATE TABLE talks_languages (
	talks_id          INTEGER PRIMARY KEY REFERENCES talks(id),
	languages         TEXT NOT NULL,
	drafting          TEXT NOT NULL,
	party_translators INTEGER NOT NULL,
	translators       TEXT NOT NULL
);

-- The drafting language of each tabled draft: the language of its points'
-- text in draft_points, the source its translations translate.
CREATE TABLE draft_languages (
	talks_id     INTEGER NOT NULL,
	draft_number INTEGER NOT NULL,
	language     TEXT NOT NULL,
	PRIMARY KEY (talks_id, draft_number),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);

-- Every version of a point's text in a language other than its draft's
-- drafting language, with the source it translates (by hash and in full);
-- carried_from is the earlier draft a version was carried from (0: written
-- on this draft). The source text in draft_points never changes.
CREATE TABLE translations (
	talks_id      INTEGER NOT NULL,
	draft_number  INTEGER NOT NULL,
	point_id      INTEGER NOT NULL REFERENCES points(id),
	language      TEXT NOT NULL,
	version       INTEGER NOT NULL,
	title         TEXT NOT NULL,
	text          TEXT NOT NULL,
	source_hash   TEXT NOT NULL,
	source_title  TEXT NOT NULL,
	source_text   TEXT NOT NULL,
	carried_from  INTEGER NOT NULL,
	translated_by TEXT NOT NULL,
	translated_at TEXT NOT NULL,
	PRIMARY KEY (talks_id, draft_number, point_id, language, version),
	FOREIGN KEY (talks_id, draft_number) REFERENCES drafts(talks_id, number)
);
