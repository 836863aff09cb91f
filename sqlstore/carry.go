package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// carryBatches are the sizes of the multi-row inserts CarryStances
// makes, largest first: a few fixed sizes, so that the statement cache
// holds a few statements for them whatever the number of stances, and
// each well under both databases' limits on a statement's parameters.
var carryBatches = []int{256, 64, 16, 4, 1}

// CarryStances implements parley.Tx. It inserts the stances, and their
// origins, many rows to a statement; each row is noted for the audit
// record as its insert returns it. The party's rows on the new draft are
// the carried ones alone, since a carried stance cannot land on one
// already there.
func (t *Tx) CarryStances(ctx context.Context, ss []parley.Stance) (err error) {
	if len(ss) == 0 {
		return nil
	}
	first := ss[0]
	defer func() {
		err = failed(err, "carrying party %d's stances over to draft %d of talks %d", first.PartyID, first.Draft, first.TalksID)
	}()
	key, err := t.dataKey(ctx, first.TalksID)
	if err != nil {
		return err
	}
	for i := range ss {
		s := &ss[i]
		if s.TalksID != first.TalksID || s.Draft != first.Draft || s.PartyID != first.PartyID || s.CarriedFrom == nil {
			return fmt.Errorf("stances carried over in one go must be one party's on one draft, each with its origin")
		}
		s.Version = 1
	}
	for rest := ss; len(rest) > 0; {
		n := 1
		for _, b := range carryBatches {
			if b <= len(rest) {
				n = b
				break
			}
		}
		if err := t.insertCarried(ctx, key, rest[:n]); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// insertCarried inserts carried stances, their confidential fields sealed
// with key, and their origins: two statements, whatever their number.
func (t *Tx) insertCarried(ctx context.Context, key seal.Key, ss []parley.Stance) error {
	stances := make([]any, 0, 13*len(ss))
	origins := make([]any, 0, 8*len(ss))
	for i := range ss {
		s := &ss[i]
		rationale := seal.Seal(key, []byte(s.Rationale), stanceAAD(s, "rationale"))
		wording := seal.Seal(key, []byte(s.ProposedWording), stanceAAD(s, "proposed_wording"))
		stances = append(stances, s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.Value, rationale, wording,
			s.ShareWithMediator, s.ReleasedToAll, s.RecordedBy, FormatTime(s.RecordedAt), true)
		c := s.CarriedFrom
		origins = append(origins, s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, c.Draft, c.Point, c.Number)
	}
	err := t.writeTrackedRows(ctx, "stances", `INSERT INTO stances (talks_id, draft_number, point_id, party_id, version, value, rationale,
		proposed_wording, share_with_mediator, released_to_all, recorded_by, recorded_at, current)
		VALUES `+valueRows(len(ss), 13)+` RETURNING *`, len(ss), stances...)
	if err != nil {
		return t.conflict(err, "stance version")
	}
	return t.writeTrackedRows(ctx, "stance_carryovers", `INSERT INTO stance_carryovers (talks_id, draft_number, point_id, party_id, version,
		from_draft, from_point, from_number) VALUES `+valueRows(len(ss), 8)+` RETURNING *`, len(ss), origins...)
}

// valueRows writes the VALUES list of a multi-row insert: rows of cols
// placeholders each.
func valueRows(rows, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}
