package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

func answerAAD(decisionID, partyID int64) []byte {
	return fmt.Appendf(nil, "decision answer decision=%d party=%d field=reasons", decisionID, partyID)
}

// CreateDecision implements parley.Tx.
func (t *Tx) CreateDecision(ctx context.Context, d *parley.Decision) (err error) {
	defer func() { err = failed(err, "storing a decision in talks %d", d.TalksID) }()
	err = t.queryRow(ctx, `INSERT INTO decisions (talks_id, kind, draft_number, confidentiality, proposed_by, proposed_at, status, closed_at, parties)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.TalksID, d.Kind, d.Draft, d.Confidentiality, d.ProposedBy, FormatTime(d.ProposedAt), d.Status, FormatTime(d.ClosedAt), jsonText(d.Parties)).Scan(&d.ID)
	if err != nil {
		return err
	}
	return t.track(ctx, "decisions", d.ID)
}

// PutAnswer implements parley.Tx.
func (t *Tx) PutAnswer(ctx context.Context, decisionID int64, a *parley.Answer) (err error) {
	defer func() { err = failed(err, "storing an answer to decision %d", decisionID) }()
	var talksID int64
	if err := t.queryRow(ctx, `SELECT talks_id FROM decisions WHERE id = ?`, decisionID).Scan(&talksID); err != nil {
		return notFound(err, "decision")
	}
	key, err := t.dataKey(ctx, talksID)
	if err != nil {
		return err
	}
	reasons := seal.Seal(key, []byte(a.Reasons), answerAAD(decisionID, a.PartyID))
	_, err = t.exec(ctx, `INSERT INTO decision_answers (decision_id, party_id, yes, reasons, answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (decision_id, party_id) DO UPDATE SET yes = excluded.yes, reasons = excluded.reasons,
		answered_by = excluded.answered_by, answered_at = excluded.answered_at`,
		decisionID, a.PartyID, a.Yes, reasons, a.AnsweredBy, FormatTime(a.AnsweredAt))
	if err != nil {
		return err
	}
	return t.track(ctx, "decision_answers", decisionID, a.PartyID)
}

// CloseDecision implements parley.Tx.
func (t *Tx) CloseDecision(ctx context.Context, d *parley.Decision) (err error) {
	defer func() { err = failed(err, "closing decision %d", d.ID) }()
	if err := t.expectOne(t.exec(ctx, `UPDATE decisions SET status = ?, closed_at = ? WHERE id = ?`,
		d.Status, FormatTime(d.ClosedAt), d.ID))("decision"); err != nil {
		return err
	}
	return t.track(ctx, "decisions", d.ID)
}

const decisionQuery = `SELECT id, talks_id, kind, draft_number, confidentiality, proposed_by, proposed_at, status, closed_at, parties FROM decisions `

func (t *Tx) scanDecisions(ctx context.Context, rows *sql.Rows) ([]parley.Decision, error) {
	var out []parley.Decision
	for rows.Next() {
		var d parley.Decision
		var proposed, closed, parties string
		if err := rows.Scan(&d.ID, &d.TalksID, &d.Kind, &d.Draft, &d.Confidentiality, &d.ProposedBy, &proposed, &d.Status, &closed, &parties); err != nil {
			rows.Close()
			return nil, err
		}
		var err error
		if d.ProposedAt, err = parseTime(proposed); err == nil {
			d.ClosedAt, err = parseTime(closed)
		}
		if err == nil {
			err = json.Unmarshal([]byte(parties), &d.Parties)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		d := &out[i]
		d.Answers = []parley.Answer{}
		key, err := t.dataKey(ctx, d.TalksID)
		if err != nil {
			return nil, err
		}
		rs, err := t.query(ctx, `SELECT a.party_id, p.name, a.yes, a.reasons, a.answered_by, a.answered_at
			FROM decision_answers a JOIN parties p ON p.id = a.party_id WHERE a.decision_id = ? ORDER BY a.party_id`, d.ID)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var a parley.Answer
			var sealed []byte
			var at string
			if err := rs.Scan(&a.PartyID, &a.PartyName, &a.Yes, &sealed, &a.AnsweredBy, &at); err != nil {
				rs.Close()
				return nil, err
			}
			if a.AnsweredAt, err = parseTime(at); err != nil {
				rs.Close()
				return nil, err
			}
			reasons, err := seal.Open(key, sealed, answerAAD(d.ID, a.PartyID))
			if err != nil {
				rs.Close()
				return nil, fmt.Errorf("opening the reasons of party %d on decision %d: %w", a.PartyID, d.ID, err)
			}
			a.Reasons = string(reasons)
			d.Answers = append(d.Answers, a)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Decisions implements parley.Tx.
func (t *Tx) Decisions(ctx context.Context, talksID int64) ([]parley.Decision, error) {
	rows, err := t.query(ctx, decisionQuery+`WHERE talks_id = ? ORDER BY id`, talksID)
	if err != nil {
		return nil, err
	}
	return t.scanDecisions(ctx, rows)
}

// Decision implements parley.Tx.
func (t *Tx) Decision(ctx context.Context, talksID, id int64) (*parley.Decision, error) {
	rows, err := t.query(ctx, decisionQuery+`WHERE talks_id = ? AND id = ?`, talksID, id)
	if err != nil {
		return nil, err
	}
	ds, err := t.scanDecisions(ctx, rows)
	return only(ds, err, "decision")
}
