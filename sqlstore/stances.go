package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// stanceAAD binds a sealed stance field to its place: "stance talks=%d
// draft=%d point=%d party=%d version=%d field=%s", written without fmt
// (stances_test.go checks it against fmt), as it is made for every field
// of every stance read or written.
func stanceAAD(s *parley.Stance, field string) []byte {
	b := make([]byte, 0, 96)
	b = append(b, "stance talks="...)
	b = strconv.AppendInt(b, s.TalksID, 10)
	b = append(b, " draft="...)
	b = strconv.AppendInt(b, int64(s.Draft), 10)
	b = append(b, " point="...)
	b = strconv.AppendInt(b, s.PointID, 10)
	b = append(b, " party="...)
	b = strconv.AppendInt(b, s.PartyID, 10)
	b = append(b, " version="...)
	b = strconv.AppendInt(b, int64(s.Version), 10)
	b = append(b, " field="...)
	return append(b, field...)
}

// PutStance implements parley.Tx.
func (t *Tx) PutStance(ctx context.Context, s *parley.Stance) (err error) {
	defer func() {
		err = failed(err, "storing a stance on point %d of draft %d of talks %d", s.PointID, s.Draft, s.TalksID)
	}()
	// The previous version stops being current, and says which version
	// this one is; both rows are noted for the audit record as written.
	prev, err := t.writeTracked(ctx, "stances", `UPDATE stances SET current = ?
		WHERE talks_id = ? AND draft_number = ? AND point_id = ? AND party_id = ? AND version = (
			SELECT MAX(version) FROM stances WHERE talks_id = ? AND draft_number = ? AND point_id = ? AND party_id = ?)
		RETURNING *`, false, s.TalksID, s.Draft, s.PointID, s.PartyID, s.TalksID, s.Draft, s.PointID, s.PartyID)
	if err != nil {
		return err
	}
	s.Version = 1
	if prev == nil {
		// A stance carried over by reference is version 1.
		at, err := t.carriedAt(ctx, s.TalksID, s.Draft, s.PointID)
		if err != nil {
			return err
		}
		if _, ok := at[s.PartyID]; ok {
			s.Version = 2
		}
	} else {
		v, ok := prev["version"].(int64)
		if !ok {
			return fmt.Errorf("the previous version of the stance is a %T", prev["version"])
		}
		s.Version = int(v) + 1
	}
	if s.Follows > 0 && s.Version-1 != s.Follows {
		// Another write stored a version after the one this writer read.
		return fmt.Errorf("%w: version %d follows %d, not the %d read", errRaced, s.Version, s.Version-1, s.Follows)
	}
	key, err := t.dataKey(ctx, s.TalksID)
	if err != nil {
		return err
	}
	return t.insertStance(ctx, key, s)
}

// insertStance inserts stance s, its confidential fields sealed with key,
// as the current version, with its origin if it was carried over; both
// rows are noted for the audit record as written, as RETURNING gives them.
func (t *Tx) insertStance(ctx context.Context, key seal.Key, s *parley.Stance) error {
	rationale := seal.Seal(key, []byte(s.Rationale), stanceAAD(s, "rationale"))
	wording := seal.Seal(key, []byte(s.ProposedWording), stanceAAD(s, "proposed_wording"))
	_, err := t.writeTracked(ctx, "stances", `INSERT INTO stances (talks_id, draft_number, point_id, party_id, version, value, rationale,
		proposed_wording, share_with_mediator, released_to_all, recorded_by, recorded_at, current)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
		s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.Value, rationale, wording,
		s.ShareWithMediator, s.ReleasedToAll, s.RecordedBy, FormatTime(s.RecordedAt), true)
	if err != nil {
		return t.conflict(err, "stance version")
	}
	c := s.CarriedFrom
	if c == nil {
		return nil
	}
	_, err = t.writeTracked(ctx, "stance_carryovers", `INSERT INTO stance_carryovers (talks_id, draft_number, point_id, party_id, version,
		from_draft, from_point, from_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
		s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, c.Draft, c.Point, c.Number)
	return err
}

const stanceQuery = `SELECT s.talks_id, s.draft_number, s.point_id, s.party_id, p.name, s.version, s.value, s.rationale,
	s.proposed_wording, ` + stanceQueryRest

// markQuery is stanceQuery without the sealed fields, for StanceMarks.
const markQuery = `SELECT s.talks_id, s.draft_number, s.point_id, s.party_id, p.name, s.version, s.value, NULL, NULL, ` + stanceQueryRest

const stanceQueryRest = `s.share_with_mediator, s.released_to_all, s.recorded_by, s.recorded_at,
	c.from_draft, c.from_point, c.from_number
	FROM stances s JOIN parties p ON p.id = s.party_id
	LEFT JOIN stance_carryovers c ON c.talks_id = s.talks_id AND c.draft_number = s.draft_number
		AND c.point_id = s.point_id AND c.party_id = s.party_id AND c.version = s.version `

func (t *Tx) scanStances(ctx context.Context, rows *sql.Rows) ([]parley.Stance, error) {
	return t.scanStancesSealed(ctx, rows, true)
}

// scanStancesSealed scans rows of stanceQuery, opening the sealed fields,
// or of markQuery, leaving them empty, as sealed says.
func (t *Tx) scanStancesSealed(ctx context.Context, rows *sql.Rows, sealed bool) ([]parley.Stance, error) {
	raw, err := scanStanceRows(rows)
	if err != nil || !sealed {
		return raw.stances, err
	}
	if err := t.openStances(ctx, &raw); err != nil {
		return nil, err
	}
	return raw.stances, nil
}

// rawStances are stances as scanned, with their sealed fields as stored.
type rawStances struct {
	stances              []parley.Stance
	rationales, wordings [][]byte
}

func (r *rawStances) add(s parley.Stance, rationale, wording []byte) {
	r.stances = append(r.stances, s)
	r.rationales, r.wordings = append(r.rationales, rationale), append(r.wordings, wording)
}

// scanStanceRows scans rows of stanceQuery or markQuery, and closes them.
func scanStanceRows(rows *sql.Rows) (rawStances, error) {
	defer rows.Close()
	var out rawStances
	for rows.Next() {
		var s parley.Stance
		var at string
		var rationale, wording []byte
		var fromDraft, fromPoint sql.NullInt64
		var fromNumber sql.NullString
		if err := rows.Scan(&s.TalksID, &s.Draft, &s.PointID, &s.PartyID, &s.PartyName, &s.Version, &s.Value,
			&rationale, &wording, &s.ShareWithMediator, &s.ReleasedToAll, &s.RecordedBy, &at,
			&fromDraft, &fromPoint, &fromNumber); err != nil {
			return out, err
		}
		if fromDraft.Valid {
			s.CarriedFrom = &parley.StanceOrigin{Draft: int(fromDraft.Int64), Point: fromPoint.Int64, Number: fromNumber.String}
		}
		var err error
		if s.RecordedAt, err = parseTime(at); err != nil {
			return out, err
		}
		out.add(s, rationale, wording)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	return out, rows.Close()
}

// openStances opens the sealed fields of r's stances, as sealed for the
// rows they were read from.
func (t *Tx) openStances(ctx context.Context, r *rawStances) error {
	for i := range r.stances {
		s := &r.stances[i]
		key, err := t.dataKey(ctx, s.TalksID)
		if err != nil {
			return err
		}
		rat, err := seal.Open(key, r.rationales[i], stanceAAD(s, "rationale"))
		if err != nil {
			return fmt.Errorf("opening the rationale of a stance on point %d: %w", s.PointID, err)
		}
		w, err := seal.Open(key, r.wordings[i], stanceAAD(s, "proposed_wording"))
		if err != nil {
			return fmt.Errorf("opening the proposed wording of a stance on point %d: %w", s.PointID, err)
		}
		s.Rationale, s.ProposedWording = string(rat), string(w)
	}
	return nil
}

// Stances implements parley.Tx.
func (t *Tx) Stances(ctx context.Context, talksID int64, draft int) (_ []parley.Stance, err error) {
	defer func() { err = failed(err, "reading the stances on draft %d of talks %d", draft, talksID) }()
	rows, err := t.query(ctx, stanceQuery+`WHERE s.talks_id = ? AND s.draft_number = ? AND s.current
		ORDER BY s.point_id, s.party_id`, talksID, draft)
	if err != nil {
		return nil, err
	}
	stored, err := t.scanStances(ctx, rows)
	if err != nil {
		return nil, err
	}
	return t.withCarried(ctx, talksID, draft, stored, 0, 0, true, func(carriedKey) bool { return true })
}

// StanceMarks implements parley.Tx.
func (t *Tx) StanceMarks(ctx context.Context, talksID int64, draft int, party int64) (_ []parley.Stance, err error) {
	defer func() { err = failed(err, "reading the marks on draft %d of talks %d", draft, talksID) }()
	rows, err := t.query(ctx, markQuery+`WHERE s.talks_id = ? AND s.draft_number = ? AND s.current AND (? = 0 OR s.party_id = ?)
		ORDER BY s.point_id, s.party_id`, talksID, draft, party, party)
	if err != nil {
		return nil, err
	}
	stored, err := t.scanStancesSealed(ctx, rows, false)
	if err != nil {
		return nil, err
	}
	return t.withCarried(ctx, talksID, draft, stored, 0, party, false, func(k carriedKey) bool { return party == 0 || k.party == party })
}

// PointStances implements parley.Tx.
func (t *Tx) PointStances(ctx context.Context, talksID int64, draft int, pointID int64) (_ []parley.Stance, err error) {
	defer func() {
		err = failed(err, "reading the stances on point %d of draft %d of talks %d", pointID, draft, talksID)
	}()
	rows, err := t.query(ctx, stanceQuery+`WHERE s.talks_id = ? AND s.draft_number = ? AND s.point_id = ? AND s.current
		ORDER BY s.party_id`, talksID, draft, pointID)
	if err != nil {
		return nil, err
	}
	stored, err := t.scanStances(ctx, rows)
	if err != nil {
		return nil, err
	}
	return t.withCarried(ctx, talksID, draft, stored, pointID, 0, true, func(k carriedKey) bool { return k.point == pointID })
}

// StanceHistory implements parley.Tx.
func (t *Tx) StanceHistory(ctx context.Context, talksID int64, draft int, pointID, partyID int64) (_ []parley.Stance, err error) {
	defer func() {
		err = failed(err, "reading the stance history on point %d of draft %d of talks %d", pointID, draft, talksID)
	}()
	rows, err := t.query(ctx, stanceQuery+`WHERE s.talks_id = ? AND s.draft_number = ? AND s.point_id = ? AND s.party_id = ?
		ORDER BY s.version`, talksID, draft, pointID, partyID)
	if err != nil {
		return nil, err
	}
	stored, err := t.scanStances(ctx, rows)
	if err != nil {
		return nil, err
	}
	// A stance carried over by reference is version 1.
	at, err := t.carriedAt(ctx, talksID, draft, pointID)
	c, ok := at[partyID]
	if err != nil || !ok {
		return stored, err
	}
	first, err := t.resolveCarried(ctx, talksID, draft, []carried{c}, pointID, true)
	if err != nil {
		return nil, err
	}
	return append(first, stored...), nil
}
