package sqlstore

import (
	"context"
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
	return t.track(ctx, "accounts", a.ID)
}

const accountColumns = `id, username, display_name, password_hash, admin, created_at`

func scanAccount(row scanner) (*parley.Account, error) {
	var a parley.Account
	var created string
	if err := row.Scan(&a.ID, &a.Username, &a.DisplayName, &a.PasswordHash, &a.Admin, &created); err != nil {
		return nil, err
	}
	var err error
	a.CreatedAt, err = parseTime(created)
	return &a, err
}

// AccountByID implements parley.Tx.
func (t *Tx) AccountByID(ctx context.Context, id int64) (*parley.Account, error) {
	a, err := scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	return a, notFound(err, "account")
}

// AccountByUsername implements parley.Tx.
func (t *Tx) AccountByUsername(ctx context.Context, username string) (*parley.Account, error) {
	a, err := scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE username = ?`, username))
	return a, notFound(err, "account")
}

// RecordSignInFailure implements parley.Tx.
func (t *Tx) RecordSignInFailure(ctx context.Context, key string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO sign_in_failures (key, at) VALUES (?, ?)`, key, FormatTime(at))
	return err
}

// CountSignInFailures implements parley.Tx.
func (t *Tx) CountSignInFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM sign_in_failures WHERE key = ? AND at >= ?`, key, FormatTime(since)).Scan(&n)
	return n, err
}

// ClearSignInFailures implements parley.Tx.
func (t *Tx) ClearSignInFailures(ctx context.Context, key string) error {
	_, err := t.exec(ctx, `DELETE FROM sign_in_failures WHERE key = ?`, key)
	return err
}

// CreateSession implements parley.Tx.
func (t *Tx) CreateSession(ctx context.Context, s *parley.Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.AccountID, FormatTime(s.CreatedAt), FormatTime(s.ExpiresAt))
	return t.conflict(err, "session")
}

// SessionByTokenHash implements parley.Tx.
func (t *Tx) SessionByTokenHash(ctx context.Context, hash []byte) (*parley.Session, error) {
	var s parley.Session
	var created, expires string
	err := t.queryRow(ctx, `SELECT token_hash, account_id, created_at, expires_at FROM sessions WHERE token_hash = ?`, hash).
		Scan(&s.TokenHash, &s.AccountID, &created, &expires)
	if err != nil {
		return nil, notFound(err, "session")
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	s.ExpiresAt, err = parseTime(expires)
	return &s, err
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
