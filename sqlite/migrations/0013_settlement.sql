-- Issue 16. improvement_shares: the packages the mediator shared as
-- improvements on a baseline (a post-settlement settlement): the baseline
-- and the proposed package (JSON objects from issue to option), for the
-- version of the issue space they were computed on. Each party sees its own
-- gain, computed from its own profile; never another's.
CREATE TABLE improvement_shares (
	id            INTEGER PRIMARY KEY,
	talks_id      INTEGER NOT NULL REFERENCES talks(id),
	space_version INTEGER NOT NULL,
	label         TEXT NOT NULL,
	baseline      TEXT NOT NULL,
	package       TEXT NOT NULL,
	shared_at     TEXT NOT NULL
);
CREATE INDEX improvement_shares_talks ON improvement_shares(talks_id, id);
-- option_wordings: the wording of a point of the text that an option of an
-- issue stands for, so that a package of the analysis becomes a draft.
CREATE TABLE option_wordings (
	talks_id    INTEGER NOT NULL REFERENCES talks(id),
	issue_name  TEXT NOT NULL,
	option_name TEXT NOT NULL,
	point_id    INTEGER NOT NULL REFERENCES points(id),
	text        TEXT NOT NULL,
	PRIMARY KEY (talks_id, issue_name, option_name, point_id)
);
