package sqlstore

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
)

// CreatePasskey implements parley.Tx.
func (t *Tx) CreatePasskey(ctx context.Context, p *parley.Passkey) (err error) {
	defer func() { err = failed(err, "storing a passkey of account %d", p.AccountID) }()
	err = t.queryRow(ctx, `INSERT INTO passkeys (account_id, credential_id, public_key, sign_count, credential, name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.AccountID, p.CredentialID, p.PublicKey, p.SignCount, p.Credential, p.Name, FormatTime(p.CreatedAt)).Scan(&p.ID)
	if err != nil {
		return t.conflict(err, "passkey")
	}
	return t.track(ctx, "passkeys", p.ID)
}

const passkeySelect = `SELECT id, account_id, credential_id, public_key, sign_count, credential, name, created_at, last_used_at FROM passkeys`

func scanPasskey(row scanner) (*parley.Passkey, error) {
	var p parley.Passkey
	var created, used string
	if err := row.Scan(&p.ID, &p.AccountID, &p.CredentialID, &p.PublicKey, &p.SignCount, &p.Credential, &p.Name, &created, &used); err != nil {
		return nil, err
	}
	var err error
	if p.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if used != "" {
		at, err := parseTime(used)
		if err != nil {
			return nil, err
		}
		p.LastUsedAt = &at
	}
	return &p, nil
}

// Passkeys implements parley.Tx.
func (t *Tx) Passkeys(ctx context.Context, accountID int64) ([]parley.Passkey, error) {
	rows, err := t.query(ctx, passkeySelect+` WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("listing the passkeys of account %d: %w", accountID, err)
	}
	defer rows.Close()
	out := []parley.Passkey{}
	for rows.Next() {
		p, err := scanPasskey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// PasskeyByCredentialID implements parley.Tx.
func (t *Tx) PasskeyByCredentialID(ctx context.Context, credentialID []byte) (*parley.Passkey, error) {
	p, err := scanPasskey(t.queryRow(ctx, passkeySelect+` WHERE credential_id = ?`, credentialID))
	return p, notFound(err, "passkey")
}

// UsePasskey implements parley.Tx.
func (t *Tx) UsePasskey(ctx context.Context, p *parley.Passkey) error {
	used := ""
	if p.LastUsedAt != nil {
		used = FormatTime(*p.LastUsedAt)
	}
	if err := t.expectOne(t.exec(ctx, `UPDATE passkeys SET sign_count = ?, credential = ?, last_used_at = ? WHERE id = ?`,
		p.SignCount, p.Credential, used, p.ID))("passkey"); err != nil {
		return failed(err, "recording the use of passkey %d", p.ID)
	}
	return t.track(ctx, "passkeys", p.ID)
}

// DeletePasskey implements parley.Tx.
func (t *Tx) DeletePasskey(ctx context.Context, accountID, id int64) error {
	if err := t.expectOne(t.exec(ctx, `DELETE FROM passkeys WHERE id = ? AND account_id = ?`, id, accountID))("passkey"); err != nil {
		return failed(err, "removing passkey %d", id)
	}
	return t.track(ctx, "passkeys", id)
}

// SetAccountRequiresPasskey implements parley.Tx.
func (t *Tx) SetAccountRequiresPasskey(ctx context.Context, accountID int64, on bool) error {
	return t.setFlagRow(ctx, "account_passkey_required", "account_id", accountID, on)
}

// AccountRequiresPasskey implements parley.Tx.
func (t *Tx) AccountRequiresPasskey(ctx context.Context, accountID int64) (bool, error) {
	return t.flagRow(ctx, "account_passkey_required", "account_id", accountID)
}

// SetTalksRequirePasskey implements parley.Tx.
func (t *Tx) SetTalksRequirePasskey(ctx context.Context, talksID int64, on bool) error {
	return t.setFlagRow(ctx, "talks_passkey_required", "talks_id", talksID, on)
}

// TalksRequirePasskey implements parley.Tx.
func (t *Tx) TalksRequirePasskey(ctx context.Context, talksID int64) (bool, error) {
	if st := t.standing; st != nil && st.parties != nil && st.talks.ID == talksID {
		return st.passkeys, nil // read with the member (MemberOf)
	}
	return t.flagRow(ctx, "talks_passkey_required", "talks_id", talksID)
}

// setFlagRow stores a yes-or-no as the presence of a row keyed by id in
// a tracked table of one column.
func (t *Tx) setFlagRow(ctx context.Context, table, col string, id int64, on bool) error {
	var err error
	if on {
		_, err = t.exec(ctx, `INSERT INTO `+table+` (`+col+`) VALUES (?) ON CONFLICT (`+col+`) DO NOTHING`, id)
	} else {
		_, err = t.exec(ctx, `DELETE FROM `+table+` WHERE `+col+` = ?`, id)
	}
	if err != nil {
		return fmt.Errorf("storing %s of %d: %w", table, id, err)
	}
	return t.track(ctx, table, id)
}

func (t *Tx) flagRow(ctx context.Context, table, col string, id int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE `+col+` = ?`, id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("reading %s of %d: %w", table, id, err)
	}
	return n > 0, nil
}
