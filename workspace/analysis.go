package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
)

// AnalysisView is what a member sees of the talks' analysis: the issue
// space, the member's own party's profile, and the packages the mediator
// shared. The mediator's team also learns which parties entered a profile.
type AnalysisView struct {
	Space          *parley.IssueSpace     `json:"space"`
	MyProfile      *parley.Profile        `json:"my_profile,omitempty"`
	Shared         []parley.SharedPackage `json:"shared"`
	ProfilesFrom   []string               `json:"profiles_from,omitempty"`
	CanRun         bool                   `json:"can_run"`
	CanEditProfile bool                   `json:"can_edit_profile"`
}

// GetAnalysis returns the analysis as the caller may see it.
func (s *Service) GetAnalysis(ctx context.Context, talksID int64) (*AnalysisView, error) {
	view := &AnalysisView{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		view.Space, err = tx.IssueSpace(ctx, talksID)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			view.Space, err = &parley.IssueSpace{Issues: []parley.SpaceIssue{}}, nil
		}
		if err != nil {
			return err
		}
		party := v.Party
		view.CanRun, view.CanEditProfile = v.CanManageTalks(), v.CanMarkFor(party)
		profiles, err := tx.Profiles(ctx, talksID)
		if err != nil {
			return err
		}
		parties, err := tx.Parties(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range profiles {
			if profiles[i].PartyID == v.Member.PartyID {
				view.MyProfile = &profiles[i]
			}
			if v.InMediatorParty() {
				for _, p := range parties {
					if p.ID == profiles[i].PartyID {
						view.ProfilesFrom = append(view.ProfilesFrom, p.Name)
					}
				}
			}
		}
		view.Shared, err = tx.Shares(ctx, talksID)
		return err
	})
	return view, failed(err, "reading the analysis of talks %d", talksID)
}

// SetIssueSpace defines the talks' issues and options. Mediators may. An
// issue may name the points of the latest draft it concerns.
func (s *Service) SetIssueSpace(ctx context.Context, talksID int64, in *parley.IssueSpace) error {
	if err := in.Validate(); err != nil {
		return err
	}
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, defineIssues); err != nil {
			return err
		}
		drafts, err := tx.Drafts(ctx, talksID)
		if err != nil {
			return err
		}
		var latest *parley.Draft
		if len(drafts) > 0 {
			if latest, err = tx.Draft(ctx, talksID, drafts[len(drafts)-1].Number); err != nil {
				return err
			}
		}
		for i, is := range in.Issues {
			for _, p := range is.Points {
				if latest == nil || latest.Point(p) == nil {
					return parley.Invalid(fmt.Sprintf("issues[%d].points", i), "point %d is not in the latest draft", p)
				}
			}
		}
		if err := tx.PutIssueSpace(ctx, talksID, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "analysis.space", object: fmt.Sprintf("talks/%d/analysis/space", talksID),
			digest: digestOf(in), details: map[string]any{"issues": len(in.Issues)}})
	})
	return failed(err, "setting the issues of talks %d", talksID)
}

// ProfileInput is a party's preferences as its member enters them:
// weights by issue name (stored as entered; the analysis normalises them to
// sum to 1), evaluations by issue and option name (any non-negative scale
// per issue, as GENIUS: each is divided by the issue's largest), and the
// reservation value in [0, 1].
type ProfileInput struct {
	Weights     map[string]float64            `json:"weights"`
	Evaluations map[string]map[string]float64 `json:"evaluations"`
	Reservation float64                       `json:"reservation"`
}

// SetProfile records the caller's party's profile, confidentially.
func (s *Service) SetProfile(ctx context.Context, talksID int64, in ProfileInput) (*parley.Profile, error) {
	var p *parley.Profile
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, enterProfile)
		if err != nil {
			return err
		}
		party := v.Party
		space, err := tx.IssueSpace(ctx, talksID)
		if err != nil {
			return err
		}
		if err := checkProfile(space, in); err != nil {
			return err
		}
		p = &parley.Profile{PartyID: party.ID, Weights: in.Weights, Evaluations: in.Evaluations, Reservation: in.Reservation, UpdatedAt: s.now()}
		if err := tx.PutProfile(ctx, talksID, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: party.ID, action: "analysis.profile",
			object: fmt.Sprintf("talks/%d/analysis/profiles/%d", talksID, party.ID)})
	})
	return p, failed(err, "entering a profile in talks %d", talksID)
}

func checkProfile(space *parley.IssueSpace, in ProfileInput) error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	sum := 0.0
	for name, w := range in.Weights {
		if !slices.ContainsFunc(space.Issues, func(is parley.SpaceIssue) bool { return is.Name == name }) {
			return parley.Invalid("weights", "no issue named %q", name)
		}
		if bad(w) {
			return parley.Invalid("weights", "the weight of %q must be a non-negative number", name)
		}
		sum += w
	}
	if sum <= 0 {
		return parley.Invalid("weights", "give at least one issue a weight above 0")
	}
	if bad(in.Reservation) || in.Reservation > 1 {
		return parley.Invalid("reservation", "the reservation value lies from 0 to 1")
	}
	for name, w := range in.Weights {
		if w > 0 && len(in.Evaluations[name]) == 0 {
			return parley.Invalid("evaluations", "issue %q has a weight but no evaluations of its options", name)
		}
	}
	for name, evals := range in.Evaluations {
		i := slices.IndexFunc(space.Issues, func(is parley.SpaceIssue) bool { return is.Name == name })
		if i < 0 {
			return parley.Invalid("evaluations", "no issue named %q", name)
		}
		for o, e := range evals {
			if !slices.Contains(space.Issues[i].Options, o) {
				return parley.Invalid("evaluations", "issue %q has no option %q", name, o)
			}
			if bad(e) {
				return parley.Invalid("evaluations", "the evaluation of %q on %q must be a non-negative number", o, name)
			}
		}
	}
	return nil
}

// AnalysisResult is the mediator's analysis: the frontier with each
// party's utility and the package, the zone of possible agreement, and the
// bargaining solutions. It never holds a party's weights.
type AnalysisResult struct {
	Parties          []string        `json:"parties"`
	Outcomes         string          `json:"outcomes"`
	Epsilon          float64         `json:"epsilon,omitempty"`
	FrontierSize     int             `json:"frontier_points"`
	Frontier         []AnalysisPoint `json:"frontier"`
	ZOPA             ZOPA            `json:"zopa"`
	Nash             *AnalysisPoint  `json:"nash"`
	KalaiSmorodinsky *AnalysisPoint  `json:"kalai_smorodinsky"`
	Egalitarian      *AnalysisPoint  `json:"egalitarian"`
	Utilitarian      *AnalysisPoint  `json:"utilitarian"`
	MissingFrom      []string        `json:"missing_profiles,omitempty"`
}

// AnalysisPoint is one frontier point: utilities by party, the package,
// and how many packages share the utilities.
type AnalysisPoint struct {
	Utility  map[string]float64 `json:"utility"`
	Package  map[string]string  `json:"package"`
	Packages string             `json:"packages"`
}

// ZOPA says whether the zone of possible agreement exists and how many
// frontier points lie in it.
type ZOPA struct {
	Exists         bool `json:"exists"`
	FrontierPoints int  `json:"frontier_points"`
}

// MaxFrontierShown bounds the frontier points an analysis result lists.
const MaxFrontierShown = 2000

// RunAnalysis analyses the issue space with the profiles the parties
// entered. Mediators may; they see utilities and packages, never weights.
func (s *Service) RunAnalysis(ctx context.Context, talksID int64, epsilon float64) (*AnalysisResult, error) {
	if epsilon < 0 || epsilon >= 1 || math.IsNaN(epsilon) {
		return nil, parley.Invalid("epsilon", "epsilon lies from 0 (exact) to below 1")
	}
	var sc analysis.Scenario
	var missing []string
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, runAnalysis); err != nil {
			return err
		}
		var err error
		sc, missing, err = scenario(ctx, tx, talksID)
		return err
	})
	if err != nil {
		return nil, failed(err, "reading the analysis of talks %d", talksID)
	}
	if len(sc.Profiles) < 2 {
		return nil, parley.Errorf(parley.ECONFLICT, "at least two parties must enter their profiles first")
	}
	m, _, err := analysis.NewModel(sc)
	if err != nil {
		return nil, parley.Invalid("profiles", "%v", err)
	}
	a, err := m.Analyze(ctx, epsilon)
	if err != nil {
		return nil, failed(err, "analysing talks %d", talksID)
	}
	res := &AnalysisResult{Parties: a.Parties, Outcomes: a.Outcomes.String(), Epsilon: epsilon, FrontierSize: len(a.Frontier),
		ZOPA: ZOPA{Exists: len(a.ZOPA) > 0, FrontierPoints: len(a.ZOPA)}, MissingFrom: missing,
		Nash: resultPoint(a, sc, a.Nash), KalaiSmorodinsky: resultPoint(a, sc, a.KalaiSmorodinsky),
		Egalitarian: resultPoint(a, sc, a.Egalitarian), Utilitarian: resultPoint(a, sc, a.Utilitarian)}
	for i := range a.Frontier[:min(len(a.Frontier), MaxFrontierShown)] {
		res.Frontier = append(res.Frontier, *resultPoint(a, sc, &a.Frontier[i]))
	}
	return res, nil
}

// scenario reads the talks' issue space and the profiles the negotiating
// parties entered, as the analysis takes them, and names the parties that
// entered none.
func scenario(ctx context.Context, tx parley.Tx, talksID int64) (sc analysis.Scenario, missing []string, err error) {
	space, err := tx.IssueSpace(ctx, talksID)
	if err != nil {
		return sc, nil, err
	}
	profiles, err := tx.Profiles(ctx, talksID)
	if err != nil {
		return sc, nil, err
	}
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return sc, nil, err
	}
	for _, is := range space.Issues {
		sc.Space.Issues = append(sc.Space.Issues, analysis.Issue{Name: is.Name, Options: is.Options})
	}
	for _, party := range parties {
		if party.Kind != parley.PartyParty {
			continue
		}
		i := slices.IndexFunc(profiles, func(p parley.Profile) bool { return p.PartyID == party.ID })
		if i < 0 {
			missing = append(missing, party.Name)
			continue
		}
		sc.Profiles = append(sc.Profiles, analysisProfile(party.Name, space, &profiles[i]))
	}
	return sc, missing, nil
}

// analysisProfile is a party's profile as the analysis takes it: weights
// and evaluations in the order of the issue space's issues and options.
func analysisProfile(party string, space *parley.IssueSpace, pr *parley.Profile) analysis.Profile {
	ap := analysis.Profile{Party: party, Reservation: pr.Reservation}
	for _, is := range space.Issues {
		ap.Weights = append(ap.Weights, pr.Weights[is.Name])
		var evals []float64
		for _, o := range is.Options {
			evals = append(evals, pr.Evaluations[is.Name][o])
		}
		ap.Evaluations = append(ap.Evaluations, evals)
	}
	return ap
}

// resultPoint is frontier point p of analysis a of scenario sc, by party
// and issue name (nil for nil).
func resultPoint(a *analysis.Analysis, sc analysis.Scenario, p *analysis.Point) *AnalysisPoint {
	if p == nil {
		return nil
	}
	ap := &AnalysisPoint{Utility: map[string]float64{}, Package: map[string]string{}, Packages: p.Count.String()}
	for i, name := range a.Parties {
		ap.Utility[name] = p.Utility[i]
	}
	for i, is := range sc.Space.Issues {
		ap.Package[is.Name] = is.Options[p.Package[i]]
	}
	return ap
}

// SharePackage shares a package of the analysis with every party, under a
// label ("Nash bargaining solution"). Mediators may.
func (s *Service) SharePackage(ctx context.Context, talksID int64, label string, pkg map[string]string) (*parley.SharedPackage, error) {
	if err := parley.CheckText("label", label, 1, 200); err != nil {
		return nil, err
	}
	var sp *parley.SharedPackage
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, sharePackage); err != nil {
			return err
		}
		space, err := tx.IssueSpace(ctx, talksID)
		if err != nil {
			return err
		}
		if len(pkg) != len(space.Issues) {
			return parley.Invalid("package", "a package chooses one option on each of the %d issues", len(space.Issues))
		}
		for _, is := range space.Issues {
			if !slices.Contains(is.Options, pkg[is.Name]) {
				return parley.Invalid("package", "issue %q has no option %q", is.Name, pkg[is.Name])
			}
		}
		sp = &parley.SharedPackage{Label: label, Package: pkg, SharedAt: s.now()}
		if err := tx.PutShare(ctx, talksID, sp); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "analysis.share", object: fmt.Sprintf("talks/%d/analysis/shares/%d", talksID, sp.ID),
			digest: digestOf(pkg), details: map[string]any{"label": label}})
	})
	return sp, failed(err, "sharing a package in talks %d", talksID)
}
