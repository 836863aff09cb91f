package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
	err = t.insertBatched(ctx, "draft_points", `INSERT INTO draft_points (talks_id, draft_number, position, point_id, kind, number,
		title, text, depth, parent_id, from_ids, change, moved, amended)`, 14, len(d.Points), func(i int) []any {
		p := &d.Points[i]
		from := p.From
		if from == nil {
			from = []int64{}
		}
		return []any{d.TalksID, d.Number, i, p.ID, p.Kind, p.Number, p.Title, p.Text, p.Depth, p.Parent, jsonText(from),
			p.Change, p.Moved, p.Amended}
	})
	return t.conflict(err, "a point twice in this draft")
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
	return &d, finishDraft(&d, tabledAt, removed)
}

func finishDraft(d *parley.Draft, tabledAt sql.NullString, removed string) error {
	var err error
	if d.TabledAt, err = parseTime(tabledAt.String); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(removed), &d.Removed); err != nil {
		return err
	}
	if len(d.Removed) == 0 {
		d.Removed = nil
	}
	return nil
}

const draftColumns = `talks_id, number, tabled, title, note, tabled_at, tabled_by, removed`

// Draft implements parley.Tx. It reads the list of the talks' drafts in
// the same query, and answers the transaction's next Drafts call for the
// talks with it until the transaction writes (see standing): a stance
// checks the draft it is on and that it is the latest.
func (t *Tx) Draft(ctx context.Context, talksID int64, number int) (_ *parley.Draft, err error) {
	defer func() { err = failed(err, "reading draft %d of talks %d", number, talksID) }()
	// The drafts' rows, then the points' rows of draft number, each
	// after its draft's.
	rows, err := t.query(ctx, `SELECT talks_id, number, tabled, title, note, tabled_at, tabled_by, removed,
			NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
		FROM drafts WHERE talks_id = ? AND (number > 0 OR number = ?)
		UNION ALL
		SELECT talks_id, draft_number, NULL, NULL, NULL, NULL, NULL, NULL,
			point_id, kind, number, title, text, depth, parent_id, from_ids, change, moved, amended, position
		FROM draft_points WHERE talks_id = ? AND draft_number = ?
		ORDER BY 2, 20 NULLS FIRST`, talksID, number, talksID, number)
	if err != nil {
		return nil, err
	}
	all, err := scanDraftsWithPoints(rows)
	if err != nil {
		return nil, err
	}
	var found *parley.Draft
	list := []parley.Draft{}
	for i := range all {
		if all[i].Number == number {
			d := all[i]
			found = &d
		}
		if all[i].Number > 0 {
			d := all[i]
			d.Points = nil
			list = append(list, d)
		}
	}
	if t.standing == nil {
		t.standing = &standing{}
	}
	t.standing.drafts, t.standing.draftsOf = list, talksID
	if found == nil {
		return nil, parley.NotFound("draft")
	}
	return found, nil
}

// scanDraftsWithPoints reads drafts, each on a row followed by a row for
// each of its points (if any are read), and closes rows.
func scanDraftsWithPoints(rows *sql.Rows) ([]parley.Draft, error) {
	defer rows.Close()
	var out []parley.Draft
	for rows.Next() {
		var d parley.Draft
		var tabled sql.NullBool
		var dTitle, note, tabledAt, tabledBy, removed sql.RawBytes
		var id, depth, parent, position sql.NullInt64
		var kind, num, title, text, from, change sql.NullString
		var moved, amended sql.NullBool
		if err := rows.Scan(&d.TalksID, &d.Number, &tabled, &dTitle, &note, &tabledAt, &tabledBy, &removed,
			&id, &kind, &num, &title, &text, &depth, &parent, &from, &change, &moved, &amended, &position); err != nil {
			return nil, err
		}
		if !id.Valid {
			d.Tabled, d.Title, d.Note, d.TabledBy = tabled.Bool, string(dTitle), string(note), string(tabledBy)
			at := sql.NullString{String: string(tabledAt), Valid: tabledAt != nil}
			if err := finishDraft(&d, at, string(removed)); err != nil {
				return nil, err
			}
			out = append(out, d)
			continue
		}
		if len(out) == 0 || out[len(out)-1].Number != d.Number {
			return nil, fmt.Errorf("point %d of draft %d read before its draft", id.Int64, d.Number)
		}
		p := parley.Point{ID: id.Int64, Kind: parley.PointKind(kind.String), Number: num.String, Title: title.String,
			Text: text.String, Depth: int(depth.Int64), Parent: parent.Int64, Change: parley.Change(change.String),
			Moved: moved.Bool, Amended: amended.Bool}
		if err := json.Unmarshal([]byte(from.String), &p.From); err != nil {
			return nil, err
		}
		if len(p.From) == 0 {
			p.From = nil
		}
		last := &out[len(out)-1]
		last.Points = append(last.Points, p)
	}
	return out, rows.Err()
}

// Drafts implements parley.Tx.
func (t *Tx) Drafts(ctx context.Context, talksID int64) (out []parley.Draft, err error) {
	if st := t.standing; st != nil && st.drafts != nil && st.draftsOf == talksID {
		return append([]parley.Draft(nil), st.drafts...), nil
	}
	if list, ok := t.cachedDrafts(talksID); ok {
		return list, nil
	}
	defer func() {
		if err == nil {
			t.readDrafts(talksID, out)
		}
	}()
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
