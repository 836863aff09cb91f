package workspace

import (
	"context"
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
	err := s.analyse(ctx, talksID, parley.RunAdjustedWinner, func(in *analysisInputs) (any, error) {
		if err := twoProfiles(in); err != nil {
			return nil, err
		}
		full, err := analysis.DivideScenario(in.sc)
		if err != nil {
			return nil, parley.Invalid("profiles", "%v", err)
		}
		d = full.WithoutPoints()
		return d, nil
	})
	if err != nil {
		return nil, failed(err, "dividing the issues of talks %d by Adjusted Winner", talksID)
	}
	return d, nil
}

// twoProfiles checks that the talks have exactly two negotiating parties
// (entered profiles, missing and outdated ones) and that neither's profile
// is missing or outdated.
func twoProfiles(in *analysisInputs) error {
	if n := len(in.sc.Profiles) + len(in.missing) + len(in.outdated); n != 2 {
		return parley.Errorf(parley.ECONFLICT, "Adjusted Winner divides between two parties; these talks have %d negotiating parties", n)
	}
	if len(in.missing) > 0 {
		return parley.Errorf(parley.ECONFLICT, "Adjusted Winner needs both parties' profiles; not yet entered by %s%s",
			strings.Join(in.missing, " and "), in.outdatedNote())
	}
	if len(in.outdated) > 0 {
		return parley.Errorf(parley.ECONFLICT, "Adjusted Winner needs both parties' profiles%s", in.outdatedNote())
	}
	return nil
}
