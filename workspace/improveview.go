package workspace

import (
	"context"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
)

// SharedImprovement is an improvement the mediator shared, as a member
// sees it: the baseline and the proposed package and, for a member of a
// negotiating party whose profile is current, the party's own gain from
// the baseline to the package by its own profile (MyGain); never another
// party's. Outdated says the issue space changed since it was shared.
type SharedImprovement struct {
	parley.ImprovementShare
	MyGain   *float64 `json:"my_gain,omitempty"`
	Outdated bool     `json:"outdated,omitempty"`
}

// sharedImprovements lists the improvements shared in the talks as v sees
// them, each with v's party's own gain by its profile mine (nil: none).
func sharedImprovements(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, space *parley.IssueSpace, mine *parley.Profile) ([]SharedImprovement, error) {
	shares, err := tx.ImprovementShares(ctx, talksID)
	if err != nil {
		return nil, err
	}
	var m *analysis.Model
	if mine != nil && mine.Current(space) && v.CanSeeGainOf(mine.PartyID) {
		sc := analysis.Scenario{Profiles: []analysis.Profile{analysisProfile("mine", space, mine)}}
		for _, is := range space.Issues {
			sc.Space.Issues = append(sc.Space.Issues, analysis.Issue{Name: is.Name, Options: is.Options})
		}
		m, _, _ = analysis.NewModel(sc) // nil if the profile weighs nothing
	}
	out := []SharedImprovement{}
	for _, sh := range shares {
		si := SharedImprovement{ImprovementShare: sh, Outdated: sh.SpaceVersion != space.Version}
		if m != nil && !si.Outdated {
			if g, err := m.Gain(0, packageIndices(m.Space(), sh.Baseline), packageIndices(m.Space(), sh.Package)); err == nil {
				si.MyGain = &g
			}
		}
		out = append(out, si)
	}
	return out, nil
}
