package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// PutIssueSpace implements parley.Tx. The version is kept in the body.
func (t *Tx) PutIssueSpace(ctx context.Context, talksID int64, s *parley.IssueSpace) error {
	if s.Version < 1 {
		return fmt.Errorf("storing the issue space of talks %d: version %d, want 1 or more", talksID, s.Version)
	}
	_, err := t.exec(ctx, `INSERT INTO issue_spaces (talks_id, body) VALUES (?, ?)
		ON CONFLICT (talks_id) DO UPDATE SET body = excluded.body`, talksID, jsonText(s))
	if err != nil {
		return err
	}
	return t.track(ctx, "issue_spaces", talksID)
}

// IssueSpace implements parley.Tx.
func (t *Tx) IssueSpace(ctx context.Context, talksID int64) (*parley.IssueSpace, error) {
	var body string
	if err := t.queryRow(ctx, `SELECT body FROM issue_spaces WHERE talks_id = ?`, talksID).Scan(&body); err != nil {
		return nil, notFound(err, "issue space")
	}
	var s parley.IssueSpace
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return nil, err
	}
	s.Version = max(s.Version, 1) // stored before versions were kept
	return &s, nil
}

func profileAAD(talksID, partyID int64) []byte {
	return fmt.Appendf(nil, "profile talks=%d party=%d", talksID, partyID)
}

// PutProfile implements parley.Tx.
func (t *Tx) PutProfile(ctx context.Context, talksID int64, p *parley.Profile) (err error) {
	defer func() { err = failed(err, "storing the profile of party %d in talks %d", p.PartyID, talksID) }()
	key, err := t.dataKey(ctx, talksID)
	if err != nil {
		return err
	}
	body := seal.Seal(key, []byte(jsonText(p)), profileAAD(talksID, p.PartyID))
	_, err = t.exec(ctx, `INSERT INTO profiles (talks_id, party_id, body, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (talks_id, party_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		talksID, p.PartyID, body, FormatTime(p.UpdatedAt))
	if err != nil {
		return err
	}
	return t.track(ctx, "profiles", talksID, p.PartyID)
}

// Profiles implements parley.Tx.
func (t *Tx) Profiles(ctx context.Context, talksID int64) ([]parley.Profile, error) {
	rows, err := t.query(ctx, `SELECT party_id, body FROM profiles WHERE talks_id = ? ORDER BY party_id`, talksID)
	all, err := collect(rows, err, scanSealedRow) // id: the party's
	if err != nil {
		return nil, err
	}
	var out []parley.Profile
	for _, s := range all {
		key, err := t.dataKey(ctx, talksID)
		if err != nil {
			return nil, err
		}
		raw, err := seal.Open(key, s.body, profileAAD(talksID, s.id))
		if err != nil {
			return nil, fmt.Errorf("opening the profile of party %d: %w", s.id, err)
		}
		var p parley.Profile
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PutShare implements parley.Tx.
func (t *Tx) PutShare(ctx context.Context, talksID int64, s *parley.SharedPackage) error {
	err := t.queryRow(ctx, `INSERT INTO shared_packages (talks_id, label, package, shared_at) VALUES (?, ?, ?, ?) RETURNING id`,
		talksID, s.Label, jsonText(s.Package), FormatTime(s.SharedAt)).Scan(&s.ID)
	if err != nil {
		return err
	}
	return t.track(ctx, "shared_packages", s.ID)
}

// Shares implements parley.Tx.
func (t *Tx) Shares(ctx context.Context, talksID int64) ([]parley.SharedPackage, error) {
	rows, err := t.query(ctx, `SELECT id, label, package, shared_at FROM shared_packages WHERE talks_id = ? ORDER BY id`, talksID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []parley.SharedPackage{}
	for rows.Next() {
		var s parley.SharedPackage
		var pkg, at string
		if err := rows.Scan(&s.ID, &s.Label, &pkg, &at); err != nil {
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
