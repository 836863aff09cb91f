package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/parley-talks/parley"
)

// Preferences implements parley.Tx.
func (t *Tx) Preferences(ctx context.Context, accountID int64) (_ parley.Preferences, err error) {
	defer func() { err = failed(err, "reading the preferences of account %d", accountID) }()
	p := parley.Preferences{DraftView: "auto"}
	err = t.queryRow(ctx, `SELECT draft_view FROM account_preferences WHERE account_id = ?`, accountID).Scan(&p.DraftView)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, err
	}
	err = t.queryRow(ctx, `SELECT language FROM account_languages WHERE account_id = ?`, accountID).Scan(&p.Language)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return p, err
}

// SetPreferences implements parley.Tx.
func (t *Tx) SetPreferences(ctx context.Context, accountID int64, p parley.Preferences) (err error) {
	defer func() { err = failed(err, "storing the preferences of account %d", accountID) }()
	if _, err := t.exec(ctx, `INSERT INTO account_preferences (account_id, draft_view) VALUES (?, ?)
		ON CONFLICT (account_id) DO UPDATE SET draft_view = excluded.draft_view`, accountID, p.DraftView); err != nil {
		return err
	}
	if err := t.track(ctx, "account_preferences", accountID); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `INSERT INTO account_languages (account_id, language) VALUES (?, ?)
		ON CONFLICT (account_id) DO UPDATE SET language = excluded.language`, accountID, p.Language); err != nil {
		return err
	}
	return t.track(ctx, "account_languages", accountID)
}
