package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/parley-talks/parley"
)

// UpdateMemberRole implements parley.Tx.
func (t *Tx) UpdateMemberRole(ctx context.Context, m *parley.Member) (err error) {
	defer func() { err = failed(err, "changing the role of member %d", m.ID) }()
	if err := t.expectOne(t.exec(ctx, `UPDATE members SET role = ? WHERE id = ? AND talks_id = ?`, m.Role, m.ID, m.TalksID))("member"); err != nil {
		return err
	}
	return t.track(ctx, "members", m.ID)
}

// DeleteMember implements parley.Tx.
func (t *Tx) DeleteMember(ctx context.Context, talksID, memberID int64) (err error) {
	defer func() { err = failed(err, "removing member %d of talks %d", memberID, talksID) }()
	if err := t.expectOne(t.exec(ctx, `DELETE FROM members WHERE id = ? AND talks_id = ?`, memberID, talksID))("member"); err != nil {
		return err
	}
	return t.track(ctx, "members", memberID)
}

// CreateInvitation implements parley.Tx.
func (t *Tx) CreateInvitation(ctx context.Context, inv *parley.Invitation) (err error) {
	defer func() { err = failed(err, "creating an invitation to talks %d", inv.TalksID) }()
	err = t.queryRow(ctx, `INSERT INTO invitations (talks_id, party_id, role, token_hash, note, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		inv.TalksID, inv.PartyID, inv.Role, inv.TokenHash, inv.Note, inv.CreatedBy, FormatTime(inv.CreatedAt), FormatTime(inv.ExpiresAt)).Scan(&inv.ID)
	if err != nil {
		return t.conflict(err, "invitation")
	}
	return t.track(ctx, "invitations", inv.ID)
}

const invitationQuery = `SELECT id, talks_id, party_id, role, token_hash, note, created_by, created_at, expires_at, accepted_by, accepted_at, revoked_at
	FROM invitations `

func scanInvitation(row scanner) (inv parley.Invitation, err error) {
	var created, expires string
	var acceptedBy sql.NullInt64
	var accepted, revoked sql.NullString
	if err := row.Scan(&inv.ID, &inv.TalksID, &inv.PartyID, &inv.Role, &inv.TokenHash, &inv.Note, &inv.CreatedBy,
		&created, &expires, &acceptedBy, &accepted, &revoked); err != nil {
		return inv, err
	}
	inv.AcceptedBy = acceptedBy.Int64
	if inv.CreatedAt, err = parseTime(created); err != nil {
		return inv, err
	}
	if inv.ExpiresAt, err = parseTime(expires); err != nil {
		return inv, err
	}
	if inv.AcceptedAt, err = optionalTime(accepted); err != nil {
		return inv, err
	}
	inv.RevokedAt, err = optionalTime(revoked)
	return inv, err
}

func optionalTime(s sql.NullString) (*time.Time, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	at, err := parseTime(s.String)
	return &at, err
}

// Invitation implements parley.Tx.
func (t *Tx) Invitation(ctx context.Context, talksID, id int64) (*parley.Invitation, error) {
	inv, err := scanInvitation(t.queryRow(ctx, invitationQuery+`WHERE talks_id = ? AND id = ?`, talksID, id))
	if err != nil {
		return nil, notFound(err, "invitation")
	}
	return &inv, nil
}

// InvitationByTokenHash implements parley.Tx.
func (t *Tx) InvitationByTokenHash(ctx context.Context, hash []byte) (*parley.Invitation, error) {
	inv, err := scanInvitation(t.queryRow(ctx, invitationQuery+`WHERE token_hash = ?`, hash))
	if err != nil {
		return nil, notFound(err, "invitation")
	}
	return &inv, nil
}

// Invitations implements parley.Tx.
func (t *Tx) Invitations(ctx context.Context, talksID int64) ([]parley.Invitation, error) {
	rows, err := t.query(ctx, invitationQuery+`WHERE talks_id = ? ORDER BY id`, talksID)
	return collect(rows, err, scanInvitation)
}

// AcceptInvitation implements parley.Tx.
func (t *Tx) AcceptInvitation(ctx context.Context, id, accountID int64, at time.Time) (err error) {
	defer func() { err = failed(err, "accepting invitation %d", id) }()
	if err := t.expectOne(t.exec(ctx, `UPDATE invitations SET accepted_by = ?, accepted_at = ?
		WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL`, accountID, FormatTime(at), id))("invitation"); err != nil {
		return err
	}
	return t.track(ctx, "invitations", id)
}

// RevokeInvitation implements parley.Tx.
func (t *Tx) RevokeInvitation(ctx context.Context, id int64, at time.Time) (err error) {
	defer func() { err = failed(err, "revoking invitation %d", id) }()
	if err := t.expectOne(t.exec(ctx, `UPDATE invitations SET revoked_at = ?
		WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL`, FormatTime(at), id))("invitation"); err != nil {
		return err
	}
	return t.track(ctx, "invitations", id)
}
