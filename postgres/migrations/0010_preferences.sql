-- Interface preferences of an account (issue 11): how draft pages show
-- the marks ("auto": compact rows for long drafts; "compact"; "full").
CREATE TABLE account_preferences (
	account_id BIGINT PRIMARY KEY REFERENCES accounts(id),
	draft_view TEXT NOT NULL
);
