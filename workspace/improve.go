package workspace

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
)

// Improving on an agreement: the mediator names a baseline package (the
// one agreed, or any other) and the analysis lists, from the parties'
// confidential profiles, the packages that leave every party at least as
// well off, the one that raises the smallest gain most first. The mediator
// may share some of them; each party then sees its own gain, from its own
// profile, and never another's.

// ImproveInput asks for the improvements on a baseline package: an option
// per issue, by name. Epsilon, when above 0, searches the ε-Pareto set
// instead of every package; Limit caps the proposals listed (10 when 0, at
// most MaxProposals).
type ImproveInput struct {
	Baseline map[string]string `json:"baseline"`
	Epsilon  float64           `json:"epsilon,omitempty"`
	Limit    int               `json:"limit,omitempty"`
}

// MaxProposals bounds the proposals an improvement run lists.
const MaxProposals = 100

// ImprovementResult is the mediator's list of improvements on a baseline:
// the packages, best first, and no party's utility or gain. Utilities of
// packages the mediator chooses — a baseline is any package — would give
// away each party's profile after a few runs (issue 13, finding 3), where
// the frontier shows only what an efficient package is worth.
type ImprovementResult struct {
	Parties      []string          `json:"parties"`
	SpaceVersion int64             `json:"space_version"`
	Baseline     map[string]string `json:"baseline"`
	Proposals    []Proposal        `json:"proposals"`
	// Total counts the improvements, of which Proposals holds the best.
	Total   int64   `json:"total"`
	Epsilon float64 `json:"epsilon,omitempty"`
}

// Proposal is one improvement on the baseline: a package.
type Proposal struct {
	Package map[string]string `json:"package"`
}

// ImproveAgreement lists the packages that leave every negotiating party
// at least as well off as the baseline, by their profiles for the issue
// space as it is. Mediators may; every party must have entered its
// profile. The run is recorded (see analyse).
func (s *Service) ImproveAgreement(ctx context.Context, talksID int64, in ImproveInput) (*ImprovementResult, error) {
	if in.Epsilon < 0 || in.Epsilon >= 1 || math.IsNaN(in.Epsilon) {
		return nil, parley.Invalid("epsilon", "epsilon lies from 0 (exact) to below 1")
	}
	if in.Limit < 0 || in.Limit > MaxProposals {
		return nil, parley.Invalid("limit", "the limit lies from 1 to %d (0: 10)", MaxProposals)
	}
	if in.Limit == 0 {
		in.Limit = 10
	}
	var res *ImprovementResult
	err := s.analyse(ctx, talksID, parley.RunImprovement, func(ai *analysisInputs) (any, error) {
		var err error
		res, err = improve(ctx, ai, in)
		return res, err
	})
	if err != nil {
		return nil, failed(err, "improving on a package in talks %d", talksID)
	}
	return res, nil
}

// improve runs the engine's Improve on the inputs of an analysis.
func improve(ctx context.Context, ai *analysisInputs, in ImproveInput) (*ImprovementResult, error) {
	if err := ai.space.CheckPackage("baseline", in.Baseline); err != nil {
		return nil, err
	}
	switch {
	case len(ai.missing) > 0:
		return nil, parley.Errorf(parley.ECONFLICT, "improving on a package needs every party's preferences; not yet entered by %s%s",
			strings.Join(ai.missing, " and "), ai.outdatedNote())
	case len(ai.outdated) > 0:
		return nil, parley.Errorf(parley.ECONFLICT, "improving on a package needs every party's preferences%s", ai.outdatedNote())
	case len(ai.sc.Profiles) < 2:
		return nil, parley.Errorf(parley.ECONFLICT, "improving on a package needs two negotiating parties or more")
	}
	m, _, err := analysis.NewModel(ai.sc)
	if err != nil {
		return nil, parley.Invalid("profiles", "%v", err)
	}
	base := packageIndices(ai.sc.Space, in.Baseline)
	im, err := m.Improve(ctx, base, analysis.ImproveOptions{Limit: in.Limit, Epsilon: in.Epsilon})
	if errors.Is(err, analysis.ErrImproveTooLarge) {
		return nil, parley.Invalid("epsilon", "too many packages improve on this one to list them exactly; give an epsilon, such as 0.01")
	}
	if err != nil {
		return nil, err
	}
	parties := m.Parties()
	res := &ImprovementResult{Parties: parties, SpaceVersion: ai.space.Version, Baseline: in.Baseline,
		Proposals: []Proposal{}, Total: im.Total, Epsilon: in.Epsilon}
	for _, p := range im.List {
		res.Proposals = append(res.Proposals, Proposal{Package: packageNames(ai.sc.Space, p.Package)})
	}
	return res, nil
}

// packageIndices is a package by issue and option name as option indices;
// the package must fit the space.
func packageIndices(sp analysis.Space, pkg map[string]string) []int {
	out := make([]int, len(sp.Issues))
	for i, is := range sp.Issues {
		out[i] = sp.OptionIndex(i, pkg[is.Name])
	}
	return out
}

// packageNames is a package of option indices by issue and option name.
func packageNames(sp analysis.Space, pkg []int) map[string]string {
	out := map[string]string{}
	for i, is := range sp.Issues {
		out[is.Name] = is.Options[pkg[i]]
	}
	return out
}

func byParty(parties []string, v []float64) map[string]float64 {
	out := map[string]float64{}
	for i, p := range parties {
		out[p] = v[i]
	}
	return out
}

// ShareImprovementsInput shares proposals on a baseline with every member,
// under a label ("Improvement on the agreed package").
type ShareImprovementsInput struct {
	Label    string              `json:"label"`
	Baseline map[string]string   `json:"baseline"`
	Packages []map[string]string `json:"packages"`
}

// ShareImprovements shares packages as improvements on a baseline with
// every member: each negotiating party then sees its own gain (see
// GetAnalysis). Mediators may; 1 to MaxProposals packages at a time.
func (s *Service) ShareImprovements(ctx context.Context, talksID int64, in ShareImprovementsInput) ([]parley.ImprovementShare, error) {
	if err := parley.CheckText("label", in.Label, 1, 200); err != nil {
		return nil, err
	}
	if len(in.Packages) == 0 || len(in.Packages) > MaxProposals {
		return nil, parley.Invalid("packages", "share 1 to %d packages", MaxProposals)
	}
	var out []parley.ImprovementShare
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		out = nil // afresh on each attempt: the store may run fn again
		if _, _, err := s.open(ctx, tx, talksID, shareImprovements); err != nil {
			return err
		}
		space, err := tx.IssueSpace(ctx, talksID)
		if err != nil {
			return err
		}
		if err := space.CheckPackage("baseline", in.Baseline); err != nil {
			return err
		}
		for i, pkg := range in.Packages {
			if err := space.CheckPackage(fmt.Sprintf("packages[%d]", i), pkg); err != nil {
				return err
			}
			sh := parley.ImprovementShare{SpaceVersion: space.Version, Label: in.Label, Baseline: in.Baseline, Package: pkg, SharedAt: s.now()}
			if err := tx.PutImprovementShare(ctx, talksID, &sh); err != nil {
				return err
			}
			out = append(out, sh)
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "analysis.improvements.share", object: fmt.Sprintf("talks/%d/analysis/improvements", talksID),
			digest: digestOf(out), details: map[string]any{"label": in.Label, "packages": len(out)}})
	})
	return out, failed(err, "sharing improvements in talks %d", talksID)
}
