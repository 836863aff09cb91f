package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/parley-talks/parley"
)

// Empty implements parley.Tx.
func (t *Tx) Empty(ctx context.Context) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM accounts`).Scan(&n)
	return n == 0, err
}

// ---- accounts and sessions

// CreateAccount implements parley.Tx.
func (t *Tx) CreateAccount(ctx context.Context, a *parley.Account) (err error) {
	defer func() { err = failed(err, "creating account %q", a.Username) }()
	err = t.queryRow(ctx, `INSERT INTO accounts (username, display_name, password_hash, admin, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		a.Username, a.DisplayName, a.PasswordHash, a.Admin, FormatTime(a.CreatedAt)).Scan(&a.ID)
	if err != nil {
		return t.conflict(err, "account "+strconv.Quote(a.Username))
	}
	if err := t.track(ctx, "accounts", a.ID); err != nil {
		return err
	}
	return t.putStanding(ctx, a)
}

// putStanding stores an account's standing (its right to open talks and
// its disabled time) in account_standing, which 0005_admin.sql explains.
func (t *Tx) putStanding(ctx context.Context, a *parley.Account) error {
	disabled := ""
	if a.DisabledAt != nil {
		disabled = FormatTime(*a.DisabledAt)
	}
	_, err := t.exec(ctx, `INSERT INTO account_standing (account_id, may_create_talks, disabled_at) VALUES (?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET may_create_talks = excluded.may_create_talks, disabled_at = excluded.disabled_at`,
		a.ID, a.MayCreateTalks, disabled)
	if err != nil {
		return fmt.Errorf("storing the standing of account %d: %w", a.ID, err)
	}
	return t.track(ctx, "account_standing", a.ID)
}

// accountColumns and accountJoin read accounts (a) with their standing
// (st); an account without a row of standing is enabled and may open
// talks. scanAccount scans accountColumns; SessionByTokenHash reads the
// same columns, so that an account read ahead has its standing too.
const (
	accountColumns = `a.id, a.username, a.display_name, a.password_hash, a.admin, a.created_at,
	COALESCE(st.may_create_talks, TRUE), COALESCE(st.disabled_at, '')`
	accountJoin = `accounts a LEFT JOIN account_standing st ON st.account_id = a.id`
)

// accountSelect reads accounts with their standing.
const accountSelect = `SELECT ` + accountColumns + ` FROM ` + accountJoin

func scanAccount(row scanner) (*parley.Account, error) {
	var a parley.Account
	var created, disabled string
	if err := row.Scan(&a.ID, &a.Username, &a.DisplayName, &a.PasswordHash, &a.Admin, &created, &a.MayCreateTalks, &disabled); err != nil {
		return nil, err
	}
	var err error
	if a.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if disabled != "" {
		at, err := parseTime(disabled)
		if err != nil {
			return nil, err
		}
		a.DisabledAt = &at
	}
	return &a, nil
}

// AccountByID implements parley.Tx.
func (t *Tx) AccountByID(ctx context.Context, id int64) (*parley.Account, error) {
	if st := t.standing; st != nil && st.account != nil && st.account.ID == id {
		a := *st.account
		if a.DisabledAt != nil {
			at := *a.DisabledAt
			a.DisabledAt = &at
		}
		return &a, nil
	}
	a, err := scanAccount(t.queryRow(ctx, accountSelect+` WHERE a.id = ?`, id))
	return a, notFound(err, "account")
}

// AccountByUsername implements parley.Tx.
func (t *Tx) AccountByUsername(ctx context.Context, username string) (*parley.Account, error) {
	a, err := scanAccount(t.queryRow(ctx, accountSelect+` WHERE a.username = ?`, username))
	return a, notFound(err, "account")
}

// CountSignInAttempt implements parley.Tx.
func (t *Tx) CountSignInAttempt(ctx context.Context, key string, now, since time.Time) (int, time.Time, error) {
	var n int
	var start string
	err := t.queryRow(ctx, `INSERT INTO sign_in_attempts (key, attempts, since) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			attempts = CASE WHEN sign_in_attempts.since < ? THEN 1 ELSE sign_in_attempts.attempts + 1 END,
			since = CASE WHEN sign_in_attempts.since < ? THEN excluded.since ELSE sign_in_attempts.since END
		RETURNING attempts, since`, key, FormatTime(now), FormatTime(since), FormatTime(since)).Scan(&n, &start)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("counting a sign-in attempt: %w", err)
	}
	at, err := parseTime(start)
	return n, at, err
}

// UncountSignInAttempt implements parley.Tx.
func (t *Tx) UncountSignInAttempt(ctx context.Context, key string) error {
	_, err := t.exec(ctx, `UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = ? AND attempts > 0`, key)
	return err
}

// ClearSignInAttempts implements parley.Tx.
func (t *Tx) ClearSignInAttempts(ctx context.Context, key string) error {
	_, err := t.exec(ctx, `DELETE FROM sign_in_attempts WHERE key = ?`, key)
	return err
}

// PruneSignInAttempts implements parley.Tx.
func (t *Tx) PruneSignInAttempts(ctx context.Context, since time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM sign_in_attempts WHERE since < ?`, FormatTime(since))
	return err
}

// CreateSession implements parley.Tx.
func (t *Tx) CreateSession(ctx context.Context, s *parley.Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.AccountID, FormatTime(s.CreatedAt), FormatTime(s.ExpiresAt))
	if err == nil && s.Method != "" && s.Method != parley.SignedInWithPassword {
		// A session made otherwise than with a password says how in
		// session_methods (0009_passkeys.sql).
		_, err = t.exec(ctx, `INSERT INTO session_methods (token_hash, method) VALUES (?, ?)`, s.TokenHash, s.Method)
	}
	return t.conflict(err, "session")
}

// sessionSelect reads sessions with how they signed in.
const sessionSelect = `SELECT s.token_hash, s.account_id, s.created_at, s.expires_at, COALESCE(m.method, 'password')
	FROM sessions s LEFT JOIN session_methods m ON m.token_hash = s.token_hash`

// SessionByTokenHash implements parley.Tx. It reads the session, how it
// signed in, and its account with its standing in the same query, and
// answers the transaction's next AccountByID for it with it, until the
// transaction writes (see standing).
func (t *Tx) SessionByTokenHash(ctx context.Context, hash []byte) (*parley.Session, error) {
	if s, ok := t.cachedSession(hash); ok {
		return s, nil
	}
	var s parley.Session
	var created, expires string
	row := t.queryRow(ctx, `SELECT se.token_hash, se.account_id, se.created_at, se.expires_at, COALESCE(m.method, 'password'), `+accountColumns+`
		FROM `+accountJoin+` JOIN sessions se ON se.account_id = a.id
		LEFT JOIN session_methods m ON m.token_hash = se.token_hash WHERE se.token_hash = ?`, hash)
	a, err := scanAccount(prefixed{row, []any{&s.TokenHash, &s.AccountID, &created, &expires, &s.Method}})
	if err != nil {
		return nil, notFound(err, "session")
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if s.ExpiresAt, err = parseTime(expires); err != nil {
		return nil, err
	}
	if t.standing == nil {
		t.standing = &standing{}
	}
	t.standing.account = a
	t.readSession(&s, a)
	return &s, nil
}

// prefixed scans a row's first columns into its own destinations and the
// rest into the ones Scan is given.
type prefixed struct {
	row    scanner
	before []any
}

func (p prefixed) Scan(dest ...any) error {
	return p.row.Scan(append(append([]any(nil), p.before...), dest...)...)
}

// DeleteSession implements parley.Tx.
func (t *Tx) DeleteSession(ctx context.Context, hash []byte) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// DeleteSessionsOf implements parley.Tx.
func (t *Tx) DeleteSessionsOf(ctx context.Context, accountID int64) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = ?`, accountID)
	return err
}

// DeleteExpiredSessions implements parley.Tx.
func (t *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, FormatTime(now))
	return err
}

// UpdateAccount implements parley.Tx.
func (t *Tx) UpdateAccount(ctx context.Context, a *parley.Account) error {
	res, err := t.exec(ctx, `UPDATE accounts SET display_name = ?, password_hash = ?, admin = ? WHERE id = ?`,
		a.DisplayName, a.PasswordHash, a.Admin, a.ID)
	if err != nil {
		return fmt.Errorf("updating account %d: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return parley.NotFound("account")
	}
	if err := t.track(ctx, "accounts", a.ID); err != nil {
		return err
	}
	return t.putStanding(ctx, a)
}

// SessionsOf implements parley.Tx.
func (t *Tx) SessionsOf(ctx context.Context, accountID int64) ([]parley.Session, error) {
	rows, err := t.query(ctx, sessionSelect+`
		WHERE s.account_id = ? ORDER BY s.created_at, s.expires_at`, accountID)
	if err != nil {
		return nil, fmt.Errorf("listing the sessions of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []parley.Session
	for rows.Next() {
		var s parley.Session
		var created, expires string
		if err := rows.Scan(&s.TokenHash, &s.AccountID, &created, &expires, &s.Method); err != nil {
			return nil, err
		}
		if s.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if s.ExpiresAt, err = parseTime(expires); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteSessionsOfExcept implements parley.Tx.
func (t *Tx) DeleteSessionsOfExcept(ctx context.Context, accountID int64, keep []byte) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?`, accountID, keep)
	return err
}
