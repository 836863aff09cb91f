package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// batchSizes are the sizes of the multi-row inserts insertBatched
// makes, largest first: a few fixed sizes, so that the statement cache
// holds a few statements for each table whatever the number of rows, and
// each well under both databases' limits on a statement's parameters.
var batchSizes = []int{256, 64, 16, 4, 1}

// insertBatched inserts n rows into table, many to a statement: head is
// the statement up to VALUES, row(i) the values of row i (cols of them).
// Every row is noted for the audit record as the statement's RETURNING *
// gives it.
func (t *Tx) insertBatched(ctx context.Context, table, head string, cols, n int, row func(i int) []any) error {
	for done := 0; done < n; {
		size := 1
		for _, b := range batchSizes {
			if b <= n-done {
				size = b
				break
			}
		}
		args := make([]any, 0, size*cols)
		for i := done; i < done+size; i++ {
			args = append(args, row(i)...)
		}
		if err := t.writeTrackedRows(ctx, table, head+" VALUES "+valueRows(size, cols)+" RETURNING *", size, args...); err != nil {
			return err
		}
		done += size
	}
	return nil
}

// CarryStances implements parley.Tx. It inserts the stances, and then
// their origins, many rows to a statement (insertBatched). The party's
// rows on the new draft are the carried ones alone, since a carried
// stance cannot land on one already there.
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
	err = t.insertBatched(ctx, "stances", `INSERT INTO stances (talks_id, draft_number, point_id, party_id, version, value, rationale,
		proposed_wording, share_with_mediator, released_to_all, recorded_by, recorded_at, current)`, 13, len(ss), func(i int) []any {
		s := &ss[i]
		return []any{s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.Value,
			seal.Seal(key, []byte(s.Rationale), stanceAAD(s, "rationale")), seal.Seal(key, []byte(s.ProposedWording), stanceAAD(s, "proposed_wording")),
			s.ShareWithMediator, s.ReleasedToAll, s.RecordedBy, FormatTime(s.RecordedAt), true}
	})
	if err != nil {
		return t.conflict(err, "stance version")
	}
	return t.insertBatched(ctx, "stance_carryovers", `INSERT INTO stance_carryovers (talks_id, draft_number, point_id, party_id, version,
		from_draft, from_point, from_number)`, 8, len(ss), func(i int) []any {
		s := &ss[i]
		return []any{s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, s.CarriedFrom.Draft, s.CarriedFrom.Point, s.CarriedFrom.Number}
	})
}

// valueRows writes the VALUES list of a multi-row insert: rows of cols
// placeholders each.
func valueRows(rows, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}
