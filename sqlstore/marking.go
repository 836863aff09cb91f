package sqlstore

import (
	"context"

	"github.com/parley-talks/parley"
)

// PutMarkingFinished implements parley.Tx.
func (t *Tx) PutMarkingFinished(ctx context.Context, f *parley.MarkingFinished) (err error) {
	defer func() {
		err = failed(err, "recording that party %d finished marking draft %d of talks %d", f.PartyID, f.Draft, f.TalksID)
	}()
	res, err := t.exec(ctx, `INSERT INTO marking_finished (talks_id, draft_number, party_id, declared_by, declared_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (talks_id, draft_number, party_id) DO NOTHING`,
		f.TalksID, f.Draft, f.PartyID, f.DeclaredBy, FormatTime(f.DeclaredAt))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return t.track(ctx, "marking_finished", f.TalksID, f.Draft, f.PartyID)
}

// DeleteMarkingFinished implements parley.Tx.
func (t *Tx) DeleteMarkingFinished(ctx context.Context, talksID int64, draft int, partyID int64) (err error) {
	defer func() {
		err = failed(err, "withdrawing that party %d finished marking draft %d of talks %d", partyID, draft, talksID)
	}()
	where := `talks_id = ? AND draft_number = ? AND party_id = ?`
	if err := t.trackDeletion(ctx, "marking_finished", where, talksID, draft, partyID); err != nil {
		return err
	}
	_, err = t.exec(ctx, `DELETE FROM marking_finished WHERE `+where, talksID, draft, partyID)
	return err
}

// MarkingFinished implements parley.Tx.
func (t *Tx) MarkingFinished(ctx context.Context, talksID int64, draft int) (out []parley.MarkingFinished, err error) {
	defer func() { err = failed(err, "reading who finished marking draft %d of talks %d", draft, talksID) }()
	if t.members != nil { // the generation first (see writeCache)
		if _, err := t.begun(ctx); err != nil {
			return nil, err
		}
	}
	if list, ok := t.cachedFinished(talksID, draft); ok {
		return list, nil
	}
	defer func() {
		if err == nil {
			t.readFinished(talksID, draft, out)
		}
	}()
	rows, err := t.query(ctx, `SELECT talks_id, draft_number, party_id, declared_by, declared_at FROM marking_finished
		WHERE talks_id = ? AND draft_number = ? ORDER BY party_id`, talksID, draft)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f parley.MarkingFinished
		var at string
		if err := rows.Scan(&f.TalksID, &f.Draft, &f.PartyID, &f.DeclaredBy, &at); err != nil {
			return nil, err
		}
		if f.DeclaredAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
