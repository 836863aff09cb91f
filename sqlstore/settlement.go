package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/parley-talks/parley"
)

// PutImprovementShare implements parley.Tx.
func (t *Tx) PutImprovementShare(ctx context.Context, talksID int64, s *parley.ImprovementShare) error {
	err := t.queryRow(ctx, `INSERT INTO improvement_shares (talks_id, space_version, label, baseline, package, shared_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		talksID, s.SpaceVersion, s.Label, jsonText(s.Baseline), jsonText(s.Package), FormatTime(s.SharedAt)).Scan(&s.ID)
	if err != nil {
		return err
	}
	return t.track(ctx, "improvement_shares", s.ID)
}

// ImprovementShares implements parley.Tx.
func (t *Tx) ImprovementShares(ctx context.Context, talksID int64) ([]parley.ImprovementShare, error) {
	rows, err := t.query(ctx, `SELECT id, space_version, label, baseline, package, shared_at FROM improvement_shares
		WHERE talks_id = ? ORDER BY id`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []parley.ImprovementShare{}
	for rows.Next() {
		var s parley.ImprovementShare
		var base, pkg, at string
		if err := rows.Scan(&s.ID, &s.SpaceVersion, &s.Label, &base, &pkg, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(base), &s.Baseline); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(pkg), &s.Package); err != nil {
			return nil, err
		}
		if s.SharedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PutOptionWordings implements parley.Tx: the talks' wordings are deleted
// and ws inserted, every row noted for the audit record.
func (t *Tx) PutOptionWordings(ctx context.Context, talksID int64, ws []parley.OptionWording) error {
	if err := t.trackDeletion(ctx, "option_wordings", `talks_id = ?`, talksID); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM option_wordings WHERE talks_id = ?`, talksID); err != nil {
		return err
	}
	for _, w := range ws {
		_, err := t.writeTracked(ctx, "option_wordings", `INSERT INTO option_wordings (talks_id, issue_name, option_name, point_id, text)
			VALUES (?, ?, ?, ?, ?) RETURNING *`, talksID, w.Issue, w.Option, w.PointID, w.Text)
		if err != nil {
			return err
		}
	}
	return nil
}

// OptionWordings implements parley.Tx.
func (t *Tx) OptionWordings(ctx context.Context, talksID int64) ([]parley.OptionWording, error) {
	rows, err := t.query(ctx, `SELECT issue_name, option_name, point_id, text FROM option_wordings
		WHERE talks_id = ? ORDER BY issue_name, option_name, point_id`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []parley.OptionWording{}
	for rows.Next() {
		var w parley.OptionWording
		if err := rows.Scan(&w.Issue, &w.Option, &w.PointID, &w.Text); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
