-- The language of an account's interface (issue 15): "en", "ru", "uk", or
-- "" to follow the browser's. A table of its own rather than a column on
-- account_preferences, whose rows the audit log vouches for.
CREATE TABLE account_languages (
	account_id BIGINT PRIMARY KEY REFERENCES accounts(id),
	language TEXT NOT NULL
);
