-- The audit queue (issue 17): a write transaction commits its change's
-- encoded audit record here, and the sequencer moves queued records into
-- the log (audit_records, audit_hashes, the signed checkpoint) in batches,
-- deleting them from the queue in the same transaction, so that no record
-- is lost or appended twice. Records are appended in id order. mac
-- authenticates data under the master key, so that a record put here by
-- hand is refused rather than signed.
CREATE TABLE audit_queue (
	id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	data     BYTEA NOT NULL,
	mac      BYTEA NOT NULL,
	talks_id BIGINT NOT NULL,
	party_id BIGINT NOT NULL
);
