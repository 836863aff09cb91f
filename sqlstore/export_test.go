package sqlstore

import (
	"context"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// CarryStancesCopied carries stances over as CarryStances did before
// stances were carried by reference: a copy of each in stances, sealed
// anew, and a stance_carryovers row beside it; for the test that a
// database written so still reads and verifies.
func (t *Tx) CarryStancesCopied(ctx context.Context, ss []parley.Stance) error {
	key, err := t.dataKey(ctx, ss[0].TalksID)
	if err != nil {
		return err
	}
	for i := range ss {
		ss[i].Version = 1
	}
	err = t.insertBatched(ctx, "stances", `INSERT INTO stances (talks_id, draft_number, point_id, party_id, version, value, rationale,
		proposed_wording, share_with_mediator, released_to_all, recorded_by, recorded_at, current)`, 13, len(ss), func(i int) []any {
		s := &ss[i]
		return []any{s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.Value,
			seal.Seal(key, []byte(s.Rationale), stanceAAD(s, "rationale")), seal.Seal(key, []byte(s.ProposedWording), stanceAAD(s, "proposed_wording")),
			s.ShareWithMediator, s.ReleasedToAll, s.RecordedBy, FormatTime(s.RecordedAt), true}
	})
	if err != nil {
		return err
	}
	return t.insertBatched(ctx, "stance_carryovers", `INSERT INTO stance_carryovers (talks_id, draft_number, point_id, party_id, version,
		from_draft, from_point, from_number)`, 8, len(ss), func(i int) []any {
		s := &ss[i]
		return []any{s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.CarriedFrom.Draft, s.CarriedFrom.Point, s.CarriedFrom.Number}
	})
}

// ErrRaced is errRaced, for the tests of the retries.
var ErrRaced = errRaced

// Committed marks err as met after a write committed (see committed).
func Committed(err error) error { return committed{err} }
