package sqlstore

import "testing"

// TestChangesSessions checks which statements empty the session cache:
// every one that ends or changes a session or an account does; reads,
// new sessions and accounts, and expired sessions' deletion do not.
func TestChangesSessions(t *testing.T) {
	for q, want := range map[string]bool{
		`DELETE FROM sessions WHERE token_hash = ?`:                                       true,
		`DELETE FROM sessions WHERE account_id = ?`:                                       true,
		`DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?`:                   true,
		`UPDATE accounts SET display_name = ?, password_hash = ?, admin = ? WHERE id = ?`: true,
		`UPDATE accounts SET age_recipient = ?, sealed_identity = ? WHERE id = ?`:         true,
		`INSERT INTO account_standing (account_id, may_create_talks, disabled_at) VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET disabled_at = excluded.disabled_at`: true,
		`DELETE FROM session_methods WHERE token_hash = ?`:                                                                    true,
		`SELECT se.token_hash FROM sessions se WHERE se.token_hash = ?`:                                                       false,
		`INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`:                           false,
		`INSERT INTO session_methods (token_hash, method) VALUES (?, ?)`:                                                      false,
		`INSERT INTO accounts (username, display_name, password_hash, admin, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`: false,
		`DELETE FROM sessions WHERE expires_at < ?`:                                                                           false,
		`INSERT INTO members (talks_id, party_id, account_id, role) VALUES (?, ?, ?, ?)`:                                      false,
	} {
		if got := changesSessions(q); got != want {
			t.Errorf("changesSessions(%q) = %v, want %v", q, got, want)
		}
	}
}
