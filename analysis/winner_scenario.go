package analysis

import "math"

// TwoPartyDivision is the Adjusted Winner division of a two-party
// scenario's issues (see [DivideScenario]), by party and issue name.
type TwoPartyDivision struct {
	// Parties names the two parties; every pair below is in their order.
	Parties [2]string `json:"parties"`
	// Issues holds, per issue of the space, the points and the division.
	Issues []IssueDivision `json:"issues"`
	// Split names the one issue that is divided ("" if none is).
	Split string `json:"split_issue"`
	// Scores holds each party's points for what it receives: equal.
	Scores [2]float64 `json:"scores"`
}

// IssueDivision is one issue of a [TwoPartyDivision].
type IssueDivision struct {
	Issue string `json:"issue"`
	// Points holds the points each party gives the issue (its weight,
	// scaled so that the party's points sum to 100). A holder of
	// confidential profiles clears it (see [TwoPartyDivision.WithoutPoints]).
	Points [2]float64 `json:"points,omitzero"`
	// Share holds the fraction of the issue each party receives.
	Share [2]float64 `json:"share"`
	// Winner names the party that receives all of the issue ("" when it is
	// split).
	Winner string `json:"winner"`
}

// DivideScenario divides the issues of a two-party scenario by
// [AdjustedWinner]: each party spreads 100 points over the issues in
// proportion to its weights. It returns an error wrapping [ErrInvalid] if
// the scenario does not have exactly two profiles (naming how many it has)
// or if a party's weights do not give every issue a non-negative finite
// weight with a positive sum.
func DivideScenario(sc Scenario) (*TwoPartyDivision, error) {
	if len(sc.Profiles) != 2 {
		return nil, invalidf("adjusted winner divides between two parties; the scenario has %d", len(sc.Profiles))
	}
	n := len(sc.Space.Issues)
	var pts [2][]float64
	for p, pr := range sc.Profiles {
		if len(pr.Weights) != n {
			return nil, invalidf("adjusted winner: party %q: %d weights for %d issues", pr.Party, len(pr.Weights), n)
		}
		sum := 0.0
		for _, w := range pr.Weights {
			if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				return nil, invalidf("adjusted winner: party %q: weight %v is not a non-negative number", pr.Party, w)
			}
			sum += w
		}
		if sum <= 0 {
			return nil, invalidf("adjusted winner: party %q weighs no issue", pr.Party)
		}
		pts[p] = make([]float64, n)
		for i, w := range pr.Weights {
			pts[p][i] = 100 * w / sum
		}
	}
	d, err := AdjustedWinner(pts[0], pts[1])
	if err != nil {
		return nil, err
	}
	out := &TwoPartyDivision{Parties: [2]string{sc.Profiles[0].Party, sc.Profiles[1].Party}, Scores: d.Totals}
	for i, is := range sc.Space.Issues {
		id := IssueDivision{Issue: is.Name, Points: [2]float64{pts[0][i], pts[1][i]}, Share: [2]float64{d.Share[i], 1 - d.Share[i]}}
		switch {
		case i == d.Split:
			out.Split = is.Name
		case d.Share[i] == 1:
			id.Winner = out.Parties[0]
		default:
			id.Winner = out.Parties[1]
		}
		out.Issues = append(out.Issues, id)
	}
	return out, nil
}

// WithoutPoints returns a copy of d without the points each party gives
// each issue, which are its weights: what may be shown to someone who may
// not see a party's weights.
func (d *TwoPartyDivision) WithoutPoints() *TwoPartyDivision {
	out := *d
	out.Issues = make([]IssueDivision, len(d.Issues))
	for i, is := range d.Issues {
		is.Points = [2]float64{}
		out.Issues[i] = is
	}
	return &out
}
