package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

func runAAD(talksID, runID int64) []byte {
	return fmt.Appendf(nil, "analysis run talks=%d run=%d", talksID, runID)
}

// PutAnalysisRun implements parley.Tx. The result is sealed under the
// run's own identity, so it is inserted first and sealed after.
func (t *Tx) PutAnalysisRun(ctx context.Context, r *parley.AnalysisRun) (err error) {
	defer func() { err = failed(err, "recording an analysis run in talks %d", r.TalksID) }()
	rows, err := t.query(ctx, `SELECT id FROM analysis_runs WHERE talks_id = ? AND kind = ? AND result IS NOT NULL`, r.TalksID, r.Kind)
	earlier, err := collect(rows, err, func(row scanner) (id int64, err error) { return id, row.Scan(&id) })
	if err != nil {
		return err
	}
	for _, id := range earlier {
		if _, err := t.exec(ctx, `UPDATE analysis_runs SET result = NULL WHERE id = ?`, id); err != nil {
			return err
		}
		if err := t.track(ctx, "analysis_runs", id); err != nil {
			return err
		}
	}
	err = t.queryRow(ctx, `INSERT INTO analysis_runs (talks_id, kind, space_version, parties, run_by, run_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		r.TalksID, r.Kind, r.SpaceVersion, jsonText(r.Parties), r.RunBy, FormatTime(r.RunAt)).Scan(&r.ID)
	if err != nil {
		return err
	}
	if r.Result != nil {
		key, err := t.dataKey(ctx, r.TalksID)
		if err != nil {
			return err
		}
		sealed := seal.Seal(key, r.Result, runAAD(r.TalksID, r.ID))
		if _, err := t.exec(ctx, `UPDATE analysis_runs SET result = ? WHERE id = ?`, sealed, r.ID); err != nil {
			return err
		}
	}
	return t.track(ctx, "analysis_runs", r.ID)
}

// AnalysisRuns implements parley.Tx.
func (t *Tx) AnalysisRuns(ctx context.Context, talksID int64) ([]parley.AnalysisRun, error) {
	rows, err := t.query(ctx, `SELECT id, kind, space_version, parties, run_by, run_at, result
		FROM analysis_runs WHERE talks_id = ? ORDER BY id`, talksID)
	out, err := collect(rows, err, func(row scanner) (r parley.AnalysisRun, err error) {
		var parties, at string
		if err := row.Scan(&r.ID, &r.Kind, &r.SpaceVersion, &parties, &r.RunBy, &at, &r.Result); err != nil {
			return r, err
		}
		r.TalksID = talksID
		if err := json.Unmarshal([]byte(parties), &r.Parties); err != nil {
			return r, err
		}
		r.RunAt, err = parseTime(at)
		return r, err
	})
	if err != nil {
		return nil, failed(err, "reading the analysis runs of talks %d", talksID)
	}
	for i := range out {
		if out[i].Result == nil {
			continue
		}
		key, err := t.dataKey(ctx, talksID)
		if err != nil {
			return nil, err
		}
		if out[i].Result, err = seal.Open(key, out[i].Result, runAAD(talksID, out[i].ID)); err != nil {
			return nil, fmt.Errorf("opening the result of analysis run %d: %w", out[i].ID, err)
		}
	}
	if out == nil {
		out = []parley.AnalysisRun{}
	}
	return out, nil
}
