package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/parley-talks/parley"
)

// NewPointID implements parley.Tx.
func (t *Tx) NewPointID(ctx context.Context, talksID int64) (_ int64, err error) {
	defer func() { err = failed(err, "a new point of talks %d", talksID) }()
	var id int64
	if err := t.queryRow(ctx, `INSERT INTO points (talks_id) VALUES (?) RETURNING id`, talksID).Scan(&id); err != nil {
		return 0, err
	}
	return id, t.track(ctx, "points", id)
}

// PutDraft implements parley.Tx.
func (t *Tx) PutDraft(ctx context.Context, d *parley.Draft) (err error) {
	defer func() { err = failed(err, "storing draft %d of talks %d", d.Number, d.TalksID) }()
	if d.Number == 0 {
		if err := t.DeleteWorkingDraft(ctx, d.TalksID); err != nil {
			return err
		}
	}
	removed := d.Removed
	if removed == nil {
		removed = []parley.RemovedPoint{}
	}
	_, err = t.exec(ctx, `INSERT INTO drafts (talks_id, number, tabled, title, note, tabled_at, tabled_by, removed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.TalksID, d.Number, d.Tabled, d.Title, d.Note, FormatTime(d.TabledAt), d.TabledBy, jsonText(removed))
	if err != nil {
		return t.conflict(err, "draft "+strconv.Itoa(d.Number))
	}
	if err := t.track(ctx, "drafts", d.TalksID, d.Number); err != nil {
		return err
	}
	for i, p := range d.Points {
		from := p.From
		if from == nil {
			from = []int64{}
		}
		_, err := t.exec(ctx, `INSERT INTO draft_points (talks_id, draft_number, position, point_id, kind, number,
			title, text, depth, parent_id, from_ids, change, moved, amended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.TalksID, d.Number, i, p.ID, p.Kind, p.Number, p.Title, p.Text, p.Depth, p.Parent, jsonText(from),
			p.Change, p.Moved, p.Amended)
		if err != nil {
			return t.conflict(err, "point "+strconv.FormatInt(p.ID, 10)+" in this draft")
		}
		if err := t.track(ctx, "draft_points", d.TalksID, d.Number, i); err != nil {
			return err
		}
	}
	return nil
}

// DeleteWorkingDraft implements parley.Tx.
func (t *Tx) DeleteWorkingDraft(ctx context.Context, talksID int64) (err error) {
	defer func() { err = failed(err, "deleting the working draft of talks %d", talksID) }()
	if err := t.trackDeletion(ctx, "draft_points", "talks_id = ? AND draft_number = 0", talksID); err != nil {
		return err
	}
	if err := t.trackDeletion(ctx, "drafts", "talks_id = ? AND number = 0", talksID); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM draft_points WHERE talks_id = ? AND draft_number = 0`, talksID); err != nil {
		return err
	}
	_, err = t.exec(ctx, `DELETE FROM drafts WHERE talks_id = ? AND number = 0`, talksID)
	return err
}

func scanDraft(row scanner) (*parley.Draft, error) {
	var d parley.Draft
	var tabledAt sql.NullString
	var removed string
	if err := row.Scan(&d.TalksID, &d.Number, &d.Tabled, &d.Title, &d.Note, &tabledAt, &d.TabledBy, &removed); err != nil {
		return nil, err
	}
	var err error
	if d.TabledAt, err = parseTime(tabledAt.String); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(removed), &d.Removed); err != nil {
		return nil, err
	}
	if len(d.Removed) == 0 {
		d.Removed = nil
	}
	return &d, nil
}

const draftColumns = `talks_id, number, tabled, title, note, tabled_at, tabled_by, removed`

// Draft implements parley.Tx.
func (t *Tx) Draft(ctx context.Context, talksID int64, number int) (_ *parley.Draft, err error) {
	defer func() { err = failed(err, "reading draft %d of talks %d", number, talksID) }()
	d, err := scanDraft(t.queryRow(ctx, `SELECT `+draftColumns+` FROM drafts WHERE talks_id = ? AND number = ?`, talksID, number))
	if err != nil {
		return nil, notFound(err, "draft")
	}
	rows, err := t.query(ctx, `SELECT point_id, kind, number, title, text, depth, parent_id, from_ids, change, moved, amended
		FROM draft_points WHERE talks_id = ? AND draft_number = ? ORDER BY position`, talksID, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p parley.Point
		var from string
		if err := rows.Scan(&p.ID, &p.Kind, &p.Number, &p.Title, &p.Text, &p.Depth, &p.Parent, &from,
			&p.Change, &p.Moved, &p.Amended); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(from), &p.From); err != nil {
			return nil, err
		}
		if len(p.From) == 0 {
			p.From = nil
		}
		d.Points = append(d.Points, p)
	}
	return d, rows.Err()
}

// Drafts implements parley.Tx.
func (t *Tx) Drafts(ctx context.Context, talksID int64) (_ []parley.Draft, err error) {
	defer func() { err = failed(err, "reading the drafts of talks %d", talksID) }()
	rows, err := t.query(ctx, `SELECT `+draftColumns+` FROM drafts WHERE talks_id = ? AND number > 0 ORDER BY number`, talksID)
	return collect(rows, err, func(row scanner) (parley.Draft, error) {
		d, err := scanDraft(row)
		if err != nil {
			return parley.Draft{}, err
		}
		return *d, nil
	})
}

// WorkingDraftVersion implements parley.Tx.
func (t *Tx) WorkingDraftVersion(ctx context.Context, talksID int64) (_ int, err error) {
	defer func() { err = failed(err, "reading the working draft's version in talks %d", talksID) }()
	var v int
	err = t.queryRow(ctx, `SELECT version FROM working_draft_versions WHERE talks_id = ?`, talksID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// NextWorkingDraftVersion implements parley.Tx.
func (t *Tx) NextWorkingDraftVersion(ctx context.Context, talksID int64) (_ int, err error) {
	defer func() { err = failed(err, "counting a change to the working draft of talks %d", talksID) }()
	var v int
	err = t.queryRow(ctx, `INSERT INTO working_draft_versions (talks_id, version) VALUES (?, 1)
		ON CONFLICT (talks_id) DO UPDATE SET version = working_draft_versions.version + 1 RETURNING version`, talksID).Scan(&v)
	if err != nil {
		return 0, err
	}
	return v, t.track(ctx, "working_draft_versions", talksID)
}

// PutTablingKey implements parley.Tx.
func (t *Tx) PutTablingKey(ctx context.Context, talksID int64, key string, draft int) (err error) {
	defer func() { err = failed(err, "recording a tabling key in talks %d", talksID) }()
	_, err = t.exec(ctx, `INSERT INTO tabling_keys (talks_id, key, draft_number) VALUES (?, ?, ?)`, talksID, key, draft)
	if err != nil {
		return t.conflict(err, "a tabling with this key")
	}
	return t.track(ctx, "tabling_keys", talksID, key)
}

// TablingKey implements parley.Tx.
func (t *Tx) TablingKey(ctx context.Context, talksID int64, key string) (_ int, err error) {
	defer func() { err = failed(err, "reading a tabling key in talks %d", talksID) }()
	var n int
	err = t.queryRow(ctx, `SELECT draft_number FROM tabling_keys WHERE talks_id = ? AND key = ?`, talksID, key).Scan(&n)
	return n, notFound(err, "tabling key")
}
