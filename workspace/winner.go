package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
)

// AdjustedWinner divides the talks' issues between their two negotiating
// parties by Brams and Taylor's Adjusted Winner procedure, each party
// spreading 100 points over the issues in proportion to the weights of its
// confidential profile. Mediators may, as they run the analysis. The
// division says who receives each issue, the split of the one divided and
// the equal final points; it never holds the points each party gave an
// issue, which are its weights. The run is recorded in the audit log.
//
// Without an issue space it is not found; unless the talks have exactly
// two negotiating parties and both entered a profile it conflicts, saying
// which.
func (s *Service) AdjustedWinner(ctx context.Context, talksID int64) (*analysis.TwoPartyDivision, error) {
	var d *analysis.TwoPartyDivision
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, runAnalysis); err != nil {
			return err
		}
		sc, missing, err := scenario(ctx, tx, talksID)
		if err != nil {
			return err
		}
		if err := twoProfiles(len(sc.Profiles), missing); err != nil {
			return err
		}
		full, err := analysis.DivideScenario(sc)
		if err != nil {
			return parley.Invalid("profiles", "%v", err)
		}
		d = full.WithoutPoints()
		return s.audit(ctx, tx, change{talks: talksID, action: "analysis.adjusted_winner",
			object: fmt.Sprintf("talks/%d/analysis/adjusted-winner", talksID)})
	})
	if err != nil {
		return nil, failed(err, "dividing the issues of talks %d by Adjusted Winner", talksID)
	}
	return d, nil
}

// twoProfiles checks that the talks have exactly two negotiating parties
// (entered profiles plus those missing) and that neither is missing.
func twoProfiles(entered int, missing []string) error {
	if n := entered + len(missing); n != 2 {
		return parley.Errorf(parley.ECONFLICT, "Adjusted Winner divides between two parties; these talks have %d negotiating parties", n)
	}
	if len(missing) > 0 {
		return parley.Errorf(parley.ECONFLICT, "Adjusted Winner needs both parties' profiles; not yet entered by %s", strings.Join(missing, " and "))
	}
	return nil
}
