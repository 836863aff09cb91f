-- A draft's marks are read from its current stances (issue 17): an index
-- of those alone, by point and party, so that reading them no longer
-- walks every version the draft's stances have had (a gap map built again
-- after each stance write read 900 versions for 44 current stances after
-- ten seconds of load). Queries name the condition as the index does
-- ("s.current"), so that the planner may use it for a prepared statement.
CREATE INDEX stances_current_by_point ON stances(talks_id, draft_number, point_id, party_id) WHERE current;
DROP INDEX IF EXISTS stances_current;
