package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
)

// Every analysis that reads the parties' profiles goes through analyse:
// it uses only the profiles entered for the issue space as it is, and it
// records each run (kind, version of the space, whose profiles) in the
// audit log and among the talks' analysis runs before the caller sees a
// result. The parties whose profiles a run used see that it ran, never
// its result.

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
	OutdatedFrom     []string        `json:"outdated_profiles,omitempty"`
	SpaceVersion     int64           `json:"space_version"`
	// Reservations are the reservation values of the parties that share
	// theirs with the mediator (ProfileInput.ShareReservation), by party.
	Reservations map[string]float64 `json:"reservations,omitempty"`
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
// entered for it as it is. Mediators may; they see utilities and packages,
// never weights. The run is recorded (see analyse).
func (s *Service) RunAnalysis(ctx context.Context, talksID int64, epsilon float64) (*AnalysisResult, error) {
	if epsilon < 0 || epsilon >= 1 || math.IsNaN(epsilon) {
		return nil, parley.Invalid("epsilon", "epsilon lies from 0 (exact) to below 1")
	}
	var res *AnalysisResult
	err := s.analyse(ctx, talksID, parley.RunFrontier, func(in *analysisInputs) (any, error) {
		if len(in.sc.Profiles) < 2 {
			return nil, parley.Errorf(parley.ECONFLICT, "at least two parties must enter their profiles first%s", in.outdatedNote())
		}
		m, _, err := analysis.NewModel(in.sc)
		if err != nil {
			return nil, parley.Invalid("profiles", "%v", err)
		}
		a, err := m.Analyze(ctx, epsilon)
		if errors.Is(err, analysis.ErrTooLarge) {
			return nil, parley.Invalid("epsilon", "%v: run it with an ε of 0.01 or more", err)
		}
		if err != nil {
			return nil, err
		}
		sc := in.sc
		res = &AnalysisResult{Parties: a.Parties, Outcomes: a.Outcomes.String(), Epsilon: epsilon, FrontierSize: len(a.Frontier),
			ZOPA: ZOPA{Exists: len(a.ZOPA) > 0, FrontierPoints: len(a.ZOPA)}, MissingFrom: in.missing, OutdatedFrom: in.outdated,
			SpaceVersion: in.space.Version, Reservations: in.shared,
			Nash: resultPoint(a, sc, a.Nash), KalaiSmorodinsky: resultPoint(a, sc, a.KalaiSmorodinsky),
			Egalitarian: resultPoint(a, sc, a.Egalitarian), Utilitarian: resultPoint(a, sc, a.Utilitarian)}
		for i := range a.Frontier[:min(len(a.Frontier), MaxFrontierShown)] {
			res.Frontier = append(res.Frontier, *resultPoint(a, sc, &a.Frontier[i]))
		}
		return res, nil
	})
	if err != nil {
		return nil, failed(err, "analysing talks %d", talksID)
	}
	return res, nil
}

// analysisInputs is what an analysis reads: the issue space, the profiles
// entered for its current version as the analysis takes them, the parties
// they are of, and the negotiating parties without one (missing) or with
// one entered for an earlier version of the space (outdated).
type analysisInputs struct {
	space    *parley.IssueSpace
	sc       analysis.Scenario
	used     []int64 // in increasing order
	missing  []string
	outdated []string
	shared   map[string]float64 // the reservation values shared with the mediator
}

// outdatedNote says, after a refusal, whose profiles are outdated.
func (in *analysisInputs) outdatedNote() string {
	if len(in.outdated) == 0 {
		return ""
	}
	return fmt.Sprintf("; the issue space changed since %s entered theirs, and they must enter them again", strings.Join(in.outdated, " and "))
}

// analyse runs an analysis of kind on the talks' profiles: it reads the
// issue space and the profiles entered for its current version (no other
// profile is ever read for an analysis), runs compute on them outside any
// transaction, and records the run with compute's result before returning.
// Mediators may. A run is refused if the space changed while it ran; a
// computation that fails records nothing.
func (s *Service) analyse(ctx context.Context, talksID int64, kind string, compute func(*analysisInputs) (any, error)) error {
	var in *analysisInputs
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, runAnalysis); err != nil {
			return err
		}
		var err error
		in, err = readInputs(ctx, tx, talksID)
		return err
	})
	if err != nil {
		return err
	}
	result, err := compute(in)
	if err != nil {
		return err
	}
	body, err := json.Marshal(result)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, runAnalysis); err != nil {
			return err
		}
		space, err := tx.IssueSpace(ctx, talksID)
		if err != nil {
			return err
		}
		if space.Version != in.space.Version {
			return parley.Errorf(parley.ECONFLICT, "the issue space changed while the analysis ran; run it again")
		}
		actor, err := s.actorName(ctx, tx)
		if err != nil {
			return err
		}
		run := &parley.AnalysisRun{TalksID: talksID, Kind: kind, SpaceVersion: space.Version, Parties: in.used,
			RunBy: actor, RunAt: s.now(), Result: body}
		if err := tx.PutAnalysisRun(ctx, run); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, parties: in.used, action: "analysis.run",
			object:  fmt.Sprintf("talks/%d/analysis/runs/%d", talksID, run.ID),
			details: map[string]any{"kind": kind, "space_version": space.Version}})
	})
}

// readInputs reads the talks' issue space and the profiles the
// negotiating parties entered for its current version, as the analysis
// takes them.
func readInputs(ctx context.Context, tx parley.Tx, talksID int64) (*analysisInputs, error) {
	space, err := tx.IssueSpace(ctx, talksID)
	if err != nil {
		return nil, err
	}
	profiles, err := tx.Profiles(ctx, talksID)
	if err != nil {
		return nil, err
	}
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return nil, err
	}
	in := &analysisInputs{space: space}
	for _, is := range space.Issues {
		in.sc.Space.Issues = append(in.sc.Space.Issues, analysis.Issue{Name: is.Name, Options: is.Options})
	}
	slices.SortFunc(parties, func(a, b parley.Party) int { return int(a.ID - b.ID) })
	for _, party := range parties {
		if party.Kind != parley.PartyParty {
			continue
		}
		i := slices.IndexFunc(profiles, func(p parley.Profile) bool { return p.PartyID == party.ID })
		switch {
		case i < 0:
			in.missing = append(in.missing, party.Name)
		case !profiles[i].Current(space):
			in.outdated = append(in.outdated, party.Name)
		default:
			in.sc.Profiles = append(in.sc.Profiles, analysisProfile(party.Name, space, &profiles[i]))
			in.used = append(in.used, party.ID)
			if profiles[i].ShareReservation {
				if in.shared == nil {
					in.shared = map[string]float64{}
				}
				in.shared[party.Name] = profiles[i].Reservation
			}
		}
	}
	return in, nil
}

// RunView is a run of the analysis as a member sees it: what ran, on
// which version of the issue space, with whose profiles, by whom and
// when; never its result.
type RunView struct {
	ID           int64     `json:"id"`
	Kind         string    `json:"kind"`
	SpaceVersion int64     `json:"space_version"`
	Parties      []string  `json:"parties"`
	RunBy        string    `json:"run_by"`
	RunAt        time.Time `json:"run_at"`
}

// runViews lists the talks' analysis runs that v may know of, oldest
// first.
func runViews(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, parties []parley.Party) ([]RunView, error) {
	runs, err := tx.AnalysisRuns(ctx, talksID)
	if err != nil {
		return nil, err
	}
	out := []RunView{}
	for i := range runs {
		r := &runs[i]
		if !v.CanSeeAnalysisRun(r) {
			continue
		}
		out = append(out, *runView(r, parties))
	}
	return out, nil
}

// runView is run r as a member sees it.
func runView(r *parley.AnalysisRun, parties []parley.Party) *RunView {
	rv := &RunView{ID: r.ID, Kind: r.Kind, SpaceVersion: r.SpaceVersion, Parties: []string{}, RunBy: r.RunBy, RunAt: r.RunAt}
	for _, id := range r.Parties {
		rv.Parties = append(rv.Parties, partyName(parties, id))
	}
	return rv
}

// LastResults are the results of the latest run of each kind, kept for
// the mediator's page, when that run was on the issue space as it is.
type LastResults struct {
	Frontier    *AnalysisResult
	FrontierRun *RunView
	Division    *analysis.TwoPartyDivision
	DivisionRun *RunView
	// Improvement is the latest list of improvements on a baseline.
	Improvement    *ImprovementResult
	ImprovementRun *RunView
}

// LastResults returns the kept results of the talks' latest runs for
// those who may run the analysis. Reading them runs nothing.
func (s *Service) LastResults(ctx context.Context, talksID int64) (*LastResults, error) {
	last := &LastResults{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, runAnalysis)
		if err != nil {
			return err
		}
		space, err := tx.IssueSpace(ctx, talksID)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		runs, err := tx.AnalysisRuns(ctx, talksID)
		if err != nil {
			return err
		}
		parties, err := tx.Parties(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range runs {
			r := &runs[i]
			if r.Result == nil || r.SpaceVersion != space.Version || !v.CanSeeAnalysisResult() {
				continue
			}
			switch r.Kind {
			case parley.RunFrontier:
				last.Frontier, last.FrontierRun = &AnalysisResult{}, runView(r, parties)
				err = json.Unmarshal(r.Result, last.Frontier)
			case parley.RunAdjustedWinner:
				last.Division, last.DivisionRun = &analysis.TwoPartyDivision{}, runView(r, parties)
				err = json.Unmarshal(r.Result, last.Division)
			case parley.RunImprovement:
				last.Improvement, last.ImprovementRun = &ImprovementResult{}, runView(r, parties)
				err = json.Unmarshal(r.Result, last.Improvement)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	return last, failed(err, "reading the latest analysis of talks %d", talksID)
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
		ap.Package[is.Name] = is.Options[p.Package.At(i)]
	}
	return ap
}
