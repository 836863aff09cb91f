-- Every run of an analysis on the parties' confidential profiles (issue
-- 13): what kind, on which version of the issue space, with whose profiles
-- (a JSON array of party ids), by whom and when. result is the run's
-- result, sealed with the talks' data key, kept for the latest run of each
-- kind only (NULL on the others), for the mediator's page.
CREATE TABLE analysis_runs (
	id            INTEGER PRIMARY KEY,
	talks_id      INTEGER NOT NULL REFERENCES talks(id),
	kind          TEXT NOT NULL,
	space_version INTEGER NOT NULL,
	parties       TEXT NOT NULL,
	run_by        TEXT NOT NULL,
	run_at        TEXT NOT NULL,
	result        BLOB
);
CREATE INDEX analysis_runs_talks ON analysis_runs(talks_id, kind, id);
