package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// amendmentAAD binds a sealed amendment field to its place.
func amendmentAAD(talksID, id int64, field string) []byte {
	return fmt.Appendf(nil, "amendment talks=%d amendment=%d field=%s", talksID, id, field)
}

// CreateAmendment implements parley.Tx. The row is inserted, then its
// sealed fields, bound to its ID, are set, then it is noted for the audit
// record.
func (t *Tx) CreateAmendment(ctx context.Context, a *parley.Amendment) (err error) {
	defer func() {
		err = failed(err, "storing an amendment to point %d of draft %d of talks %d", a.PointID, a.Draft, a.TalksID)
	}()
	key, err := t.dataKey(ctx, a.TalksID)
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO amendments (talks_id, draft_number, point_id, point_number, party_id, kind, text, justification,
		share_with_mediator, released_to_all, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.TalksID, a.Draft, a.PointID, a.PointNumber, a.PartyID, a.Kind, []byte{}, []byte{},
		a.ShareWithMediator, a.ReleasedToAll, a.ProposedBy, FormatTime(a.ProposedAt)).Scan(&a.ID)
	if err != nil {
		return err
	}
	text := seal.Seal(key, []byte(a.Text), amendmentAAD(a.TalksID, a.ID, "text"))
	just := seal.Seal(key, []byte(a.Justification), amendmentAAD(a.TalksID, a.ID, "justification"))
	if _, err = t.writeTracked(ctx, "amendments", `UPDATE amendments SET text = ?, justification = ? WHERE id = ? RETURNING *`, text, just, a.ID); err != nil {
		return err
	}
	a.State = parley.AmendmentProposed
	if a.Language == "" {
		return nil
	}
	_, err = t.writeTracked(ctx, "amendment_languages", `INSERT INTO amendment_languages (amendment_id, language) VALUES (?, ?) RETURNING *`,
		a.ID, a.Language)
	return err
}

// SetAmendmentOutcome implements parley.Tx.
func (t *Tx) SetAmendmentOutcome(ctx context.Context, a *parley.Amendment) (err error) {
	defer func() { err = failed(err, "recording the outcome of amendment %d of talks %d", a.ID, a.TalksID) }()
	if a.State == parley.AmendmentProposed || !a.State.Valid() || a.DecidedAt == nil {
		return fmt.Errorf("an outcome must be withdrawn, taken or declined, with its time; got %q", a.State)
	}
	key, err := t.dataKey(ctx, a.TalksID)
	if err != nil {
		return err
	}
	reason := seal.Seal(key, []byte(a.Reason), amendmentAAD(a.TalksID, a.ID, "reason"))
	_, err = t.writeTracked(ctx, "amendment_outcomes", `INSERT INTO amendment_outcomes (amendment_id, state, extent, reason, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING *`, a.ID, a.State, a.Extent, reason, a.DecidedBy, FormatTime(*a.DecidedAt))
	return t.conflict(err, "an outcome of the amendment")
}

// UntakeAmendment implements parley.Tx: the outcome row goes (noted
// as deleted for the audit record), which leaves the amendment proposed.
func (t *Tx) UntakeAmendment(ctx context.Context, talksID, id int64) (err error) {
	defer func() { err = failed(err, "undoing the take of amendment %d of talks %d", id, talksID) }()
	a, err := t.Amendment(ctx, talksID, id)
	if err != nil {
		return err
	}
	if a.IntoDraft != 0 {
		return parley.Errorf(parley.ECONFLICT, "amendment %d went into draft %d: its take cannot be undone", id, a.IntoDraft)
	}
	if a.State != parley.AmendmentTaken {
		return parley.Errorf(parley.ECONFLICT, "amendment %d is %s: only a take can be undone", id, a.State)
	}
	if err := t.trackDeletion(ctx, "amendment_outcomes", "amendment_id = ?", id); err != nil {
		return err
	}
	_, err = t.exec(ctx, `DELETE FROM amendment_outcomes WHERE amendment_id = ?`, id)
	return err
}

// PutAmendmentLineage implements parley.Tx.
func (t *Tx) PutAmendmentLineage(ctx context.Context, talksID int64, ids []int64, draft int) (err error) {
	defer func() { err = failed(err, "recording the amendments draft %d of talks %d took", draft, talksID) }()
	for _, id := range ids {
		_, err := t.writeTracked(ctx, "amendment_lineage", `INSERT INTO amendment_lineage (amendment_id, talks_id, draft_number)
			VALUES (?, ?, ?) RETURNING *`, id, talksID, draft)
		if err != nil {
			return t.conflict(err, "the draft amendment "+fmt.Sprint(id)+" went into")
		}
	}
	return nil
}

const amendmentQuery = `SELECT a.id, a.talks_id, a.draft_number, a.point_id, a.point_number, a.party_id, p.name, a.kind,
	a.text, a.justification, a.share_with_mediator, a.released_to_all, a.proposed_by, a.proposed_at,
	o.state, o.extent, o.reason, o.decided_by, o.decided_at, l.draft_number, g.language
	FROM amendments a JOIN parties p ON p.id = a.party_id
	LEFT JOIN amendment_languages g ON g.amendment_id = a.id
	LEFT JOIN amendment_outcomes o ON o.amendment_id = a.id
	LEFT JOIN amendment_lineage l ON l.amendment_id = a.id `

// sealedAmendment is an amendment as read, its sealed fields still closed.
type sealedAmendment struct {
	a                  parley.Amendment
	text, just, reason []byte
}

func scanAmendment(rows *sql.Rows) (sealedAmendment, error) {
	var r sealedAmendment
	a := &r.a
	var proposedAt string
	var state, extent, decidedBy, decidedAt, lang sql.NullString
	var into sql.NullInt64
	err := rows.Scan(&a.ID, &a.TalksID, &a.Draft, &a.PointID, &a.PointNumber, &a.PartyID, &a.PartyName, &a.Kind,
		&r.text, &r.just, &a.ShareWithMediator, &a.ReleasedToAll, &a.ProposedBy, &proposedAt,
		&state, &extent, &r.reason, &decidedBy, &decidedAt, &into, &lang)
	if err != nil {
		return r, err
	}
	if a.ProposedAt, err = parseTime(proposedAt); err != nil {
		return r, err
	}
	a.State = parley.AmendmentProposed
	if state.Valid {
		a.State, a.Extent, a.DecidedBy = parley.AmendmentState(state.String), parley.Extent(extent.String), decidedBy.String
		at, err := parseTime(decidedAt.String)
		if err != nil {
			return r, err
		}
		a.DecidedAt = &at
	}
	a.IntoDraft, a.Language = int(into.Int64), lang.String
	return r, nil
}

// readAmendments reads the amendments a query over amendmentQuery finds
// and opens their sealed fields.
func (t *Tx) readAmendments(ctx context.Context, q string, args ...any) ([]parley.Amendment, error) {
	rows, err := t.query(ctx, amendmentQuery+q, args...)
	if err != nil {
		return nil, err
	}
	var raw []sealedAmendment
	for rows.Next() {
		r, err := scanAmendment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		raw = append(raw, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]parley.Amendment, 0, len(raw))
	for _, r := range raw {
		a := r.a
		key, err := t.dataKey(ctx, a.TalksID)
		if err != nil {
			return nil, err
		}
		fields := []struct {
			name   string
			sealed []byte
			into   *string
		}{{"text", r.text, &a.Text}, {"justification", r.just, &a.Justification}, {"reason", r.reason, &a.Reason}}
		for _, f := range fields {
			if f.sealed == nil {
				continue
			}
			plain, err := seal.Open(key, f.sealed, amendmentAAD(a.TalksID, a.ID, f.name))
			if err != nil {
				return nil, fmt.Errorf("opening the %s of amendment %d: %w", f.name, a.ID, err)
			}
			*f.into = string(plain)
		}
		out = append(out, a)
	}
	return out, nil
}

// Amendments implements parley.Tx.
func (t *Tx) Amendments(ctx context.Context, talksID int64) (_ []parley.Amendment, err error) {
	defer func() { err = failed(err, "reading the amendments of talks %d", talksID) }()
	return t.readAmendments(ctx, `WHERE a.talks_id = ? ORDER BY a.id`, talksID)
}

// Amendment implements parley.Tx.
func (t *Tx) Amendment(ctx context.Context, talksID, id int64) (_ *parley.Amendment, err error) {
	defer func() { err = failed(err, "reading amendment %d of talks %d", id, talksID) }()
	as, err := t.readAmendments(ctx, `WHERE a.talks_id = ? AND a.id = ?`, talksID, id)
	return only(as, err, "amendment")
}
