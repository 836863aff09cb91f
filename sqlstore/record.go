package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// CreateMeeting implements parley.Tx.
func (t *Tx) CreateMeeting(ctx context.Context, m *parley.Meeting) (err error) {
	defer func() { err = failed(err, "storing a meeting in talks %d", m.TalksID) }()
	key, err := t.dataKey(ctx, m.TalksID)
	if err != nil {
		return err
	}
	pub := *m
	pub.Notes = ""
	err = t.queryRow(ctx, `INSERT INTO meetings (talks_id, body, notes, recorded_by, starts_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		m.TalksID, jsonText(pub), []byte{}, m.RecordedBy, FormatTime(m.StartsAt)).Scan(&m.ID)
	if err != nil {
		return err
	}
	notes := seal.Seal(key, []byte(m.Notes), fmt.Appendf(nil, "meeting notes talks=%d meeting=%d", m.TalksID, m.ID))
	if _, err := t.exec(ctx, `UPDATE meetings SET notes = ? WHERE id = ?`, notes, m.ID); err != nil {
		return err
	}
	return t.track(ctx, "meetings", m.ID)
}

// Meetings implements parley.Tx.
func (t *Tx) Meetings(ctx context.Context, talksID int64) ([]parley.Meeting, error) {
	rows, err := t.query(ctx, `SELECT id, body, notes FROM meetings WHERE talks_id = ? ORDER BY starts_at, id`, talksID)
	if err != nil {
		return nil, err
	}
	type raw struct {
		id    int64
		body  string
		notes []byte
	}
	var all []raw
	for rows.Next() {
		var r raw
		if err := rows.Scan(&r.id, &r.body, &r.notes); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []parley.Meeting{}
	for _, r := range all {
		var m parley.Meeting
		if err := json.Unmarshal([]byte(r.body), &m); err != nil {
			return nil, err
		}
		m.ID = r.id
		key, err := t.dataKey(ctx, talksID)
		if err != nil {
			return nil, err
		}
		notes, err := seal.Open(key, r.notes, fmt.Appendf(nil, "meeting notes talks=%d meeting=%d", talksID, r.id))
		if err != nil {
			return nil, fmt.Errorf("opening the notes of meeting %d: %w", r.id, err)
		}
		m.Notes = string(notes)
		out = append(out, m)
	}
	return out, nil
}

// CreateStatement implements parley.Tx.
func (t *Tx) CreateStatement(ctx context.Context, s *parley.Statement) error {
	err := t.queryRow(ctx, `INSERT INTO statements (talks_id, party_id, body, made_at) VALUES (?, ?, ?, ?) RETURNING id`,
		s.TalksID, s.PartyID, jsonText(s), FormatTime(s.MadeAt)).Scan(&s.ID)
	if err != nil {
		return err
	}
	return t.track(ctx, "statements", s.ID)
}

// Statements implements parley.Tx.
func (t *Tx) Statements(ctx context.Context, talksID int64) ([]parley.Statement, error) {
	rows, err := t.query(ctx, `SELECT id, body FROM statements WHERE talks_id = ? ORDER BY made_at, id`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []parley.Statement{}
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		var s parley.Statement
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			return nil, err
		}
		s.ID = id
		out = append(out, s)
	}
	return out, rows.Err()
}

func legAAD(talksID, id int64) []byte { return fmt.Appendf(nil, "leg talks=%d leg=%d", talksID, id) }

// CreateLeg implements parley.Tx.
func (t *Tx) CreateLeg(ctx context.Context, l *parley.Leg) (err error) {
	defer func() { err = failed(err, "storing a travel leg in talks %d", l.TalksID) }()
	key, err := t.dataKey(ctx, l.TalksID)
	if err != nil {
		return err
	}
	if err := t.queryRow(ctx, `INSERT INTO legs (talks_id, party_id, body) VALUES (?, ?, ?) RETURNING id`,
		l.TalksID, l.PartyID, []byte{}).Scan(&l.ID); err != nil {
		return err
	}
	body := seal.Seal(key, []byte(jsonText(l)), legAAD(l.TalksID, l.ID))
	if _, err := t.exec(ctx, `UPDATE legs SET body = ? WHERE id = ?`, body, l.ID); err != nil {
		return err
	}
	return t.track(ctx, "legs", l.ID)
}

// Legs implements parley.Tx.
func (t *Tx) Legs(ctx context.Context, talksID int64) ([]parley.Leg, error) {
	rows, err := t.query(ctx, `SELECT id, body FROM legs WHERE talks_id = ? ORDER BY id`, talksID)
	all, err := collect(rows, err, scanSealedRow)
	if err != nil {
		return nil, err
	}
	out := []parley.Leg{}
	for _, r := range all {
		key, err := t.dataKey(ctx, talksID)
		if err != nil {
			return nil, err
		}
		raw, err := seal.Open(key, r.body, legAAD(talksID, r.id))
		if err != nil {
			return nil, fmt.Errorf("opening leg %d: %w", r.id, err)
		}
		var l parley.Leg
		if err := json.Unmarshal(raw, &l); err != nil {
			return nil, err
		}
		l.ID = r.id
		out = append(out, l)
	}
	return out, nil
}
