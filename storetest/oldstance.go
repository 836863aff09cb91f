package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// PutOldStance stores st as stances were stored before proposed wording
// became an amendment: the stance row, wording included, with the
// stance.set record its party sees, as the workspace wrote them. It is
// for the tests of the conversion (workspace.Service.ConvertStanceWordings),
// which the workspace no longer lets anyone write otherwise.
func PutOldStance(tb testing.TB, s parley.Store, st parley.Stance) {
	tb.Helper()
	ctx := context.Background()
	err := s.Update(ctx, func(tx parley.Tx) error {
		if err := tx.PutStance(ctx, &st); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: st.RecordedAt, Actor: st.RecordedBy, Talks: st.TalksID, Party: st.PartyID,
			Action: "stance.set", Details: map[string]any{"version": st.Version},
			Object: fmt.Sprintf("talks/%d/drafts/%d/points/%d/stances/%d", st.TalksID, st.Draft, st.PointID, st.PartyID)})
	})
	if err != nil {
		tb.Fatal(err)
	}
}
