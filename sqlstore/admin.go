package sqlstore

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/parley-talks/parley"
)

// Administration: the list of accounts, their last sign-ins, one-time
// password links and the sign-in counts an administrator reads and clears.

// Accounts implements parley.Tx.
func (t *Tx) Accounts(ctx context.Context) ([]parley.Account, error) {
	rows, err := t.query(ctx, accountSelect+` ORDER BY a.username`)
	out, err := collect(rows, err, func(row scanner) (parley.Account, error) {
		a, err := scanAccount(row)
		if err != nil {
			return parley.Account{}, err
		}
		return *a, nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing the accounts: %w", err)
	}
	return out, nil
}

// SetLastSignIn implements parley.Tx.
func (t *Tx) SetLastSignIn(ctx context.Context, accountID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO account_sign_ins (account_id, last_at) VALUES (?, ?)
		ON CONFLICT (account_id) DO UPDATE SET last_at = excluded.last_at`, accountID, FormatTime(at))
	if err != nil {
		return fmt.Errorf("recording the sign-in of account %d: %w", accountID, err)
	}
	return nil
}

// LastSignIns implements parley.Tx.
func (t *Tx) LastSignIns(ctx context.Context) (map[int64]time.Time, error) {
	type last struct {
		id int64
		at time.Time
	}
	rows, err := t.query(ctx, `SELECT account_id, last_at FROM account_sign_ins`)
	all, err := collect(rows, err, func(row scanner) (l last, err error) {
		var at string
		if err := row.Scan(&l.id, &at); err != nil {
			return l, err
		}
		l.at, err = parseTime(at)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the last sign-ins: %w", err)
	}
	out := make(map[int64]time.Time, len(all))
	for _, l := range all {
		out[l.id] = l.at
	}
	return out, nil
}

// CreatePasswordLink implements parley.Tx.
func (t *Tx) CreatePasswordLink(ctx context.Context, l *parley.PasswordLink) error {
	_, err := t.exec(ctx, `INSERT INTO password_links (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		l.TokenHash, l.AccountID, FormatTime(l.CreatedAt), FormatTime(l.ExpiresAt))
	return t.conflict(err, "password link")
}

// PasswordLink implements parley.Tx.
func (t *Tx) PasswordLink(ctx context.Context, hash []byte) (*parley.PasswordLink, error) {
	return scanPasswordLink(t.queryRow(ctx, `SELECT token_hash, account_id, created_at, expires_at FROM password_links WHERE token_hash = ?`, hash))
}

// TakePasswordLink implements parley.Tx.
func (t *Tx) TakePasswordLink(ctx context.Context, hash []byte) (*parley.PasswordLink, error) {
	return scanPasswordLink(t.queryRow(ctx, `DELETE FROM password_links WHERE token_hash = ? RETURNING token_hash, account_id, created_at, expires_at`, hash))
}

func scanPasswordLink(row scanner) (*parley.PasswordLink, error) {
	var l parley.PasswordLink
	var created, expires string
	err := row.Scan(&l.TokenHash, &l.AccountID, &created, &expires)
	if err != nil {
		return nil, notFound(err, "password link")
	}
	if l.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	l.ExpiresAt, err = parseTime(expires)
	return &l, err
}

// DeletePasswordLinksOf implements parley.Tx.
func (t *Tx) DeletePasswordLinksOf(ctx context.Context, accountID int64) error {
	_, err := t.exec(ctx, `DELETE FROM password_links WHERE account_id = ?`, accountID)
	return err
}

// DeleteExpiredPasswordLinks implements parley.Tx.
func (t *Tx) DeleteExpiredPasswordLinks(ctx context.Context, now time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM password_links WHERE expires_at < ?`, FormatTime(now))
	return err
}

// SignInCounts implements parley.Tx. The prefix is compared as a prefix,
// not a LIKE pattern, so that '_' in a user name matches only itself.
func (t *Tx) SignInCounts(ctx context.Context, key, prefix string, since time.Time) ([]parley.SignInCount, error) {
	rows, err := t.query(ctx, `SELECT key, attempts, since FROM sign_in_attempts
		WHERE (key = ? OR substr(key, 1, ?) = ?) AND since >= ? ORDER BY key`,
		key, utf8.RuneCountInString(prefix), prefix, FormatTime(since))
	out, err := collect(rows, err, func(row scanner) (c parley.SignInCount, err error) {
		var at string
		if err := row.Scan(&c.Key, &c.Attempts, &at); err != nil {
			return c, err
		}
		c.Since, err = parseTime(at)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading sign-in counts: %w", err)
	}
	return out, nil
}

// ClearSignInAttemptsPrefix implements parley.Tx.
func (t *Tx) ClearSignInAttemptsPrefix(ctx context.Context, prefix string) error {
	if prefix == "" {
		return parley.Invalid("prefix", "an empty prefix would forget every count")
	}
	_, err := t.exec(ctx, `DELETE FROM sign_in_attempts WHERE substr(key, 1, ?) = ?`, utf8.RuneCountInString(prefix), prefix)
	return err
}
