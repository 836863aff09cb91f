package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/parley-talks/parley"
)

// AnalysisView is what a member sees of the talks' analysis: the issue
// space, the member's own party's profile (outdated, with a notice, when
// the space changed since it was entered), the packages the mediator
// shared, and the runs of the analysis the member may know of (what ran,
// never the results). The mediator's team also learns which parties
// entered a profile for the space as it is, and whose are outdated.
type AnalysisView struct {
	Space             *parley.IssueSpace     `json:"space"`
	MyProfile         *parley.Profile        `json:"my_profile,omitempty"`
	MyProfileOutdated bool                   `json:"my_profile_outdated,omitempty"`
	Notice            string                 `json:"notice,omitempty"`
	Shared            []parley.SharedPackage `json:"shared"`
	Improvements      []SharedImprovement    `json:"improvements"`
	ProfilesFrom      []string               `json:"profiles_from,omitempty"`
	ProfilesOutdated  []string               `json:"profiles_outdated,omitempty"`
	Runs              []RunView              `json:"runs"`
	CanRun            bool                   `json:"can_run"`
	CanEditProfile    bool                   `json:"can_edit_profile"`
}

// ReEnterNotice is what a party whose profile is outdated is told.
const ReEnterNotice = "the issue space changed; re-enter your preferences"

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
		view.CanRun, view.CanEditProfile = v.CanManageTalks(), v.CanMarkFor(v.Party)
		profiles, err := tx.Profiles(ctx, talksID)
		if err != nil {
			return err
		}
		parties, err := tx.Parties(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range profiles {
			p := &profiles[i]
			if p.PartyID == v.Member.PartyID {
				view.MyProfile, view.MyProfileOutdated = p, !p.Current(view.Space)
				if view.MyProfileOutdated {
					view.Notice = ReEnterNotice
				}
			}
			if v.InMediatorParty() {
				if p.Current(view.Space) {
					view.ProfilesFrom = append(view.ProfilesFrom, partyName(parties, p.PartyID))
				} else {
					view.ProfilesOutdated = append(view.ProfilesOutdated, partyName(parties, p.PartyID))
				}
			}
		}
		if view.Runs, err = runViews(ctx, tx, v, talksID, parties); err != nil {
			return err
		}
		if view.Improvements, err = sharedImprovements(ctx, tx, v, talksID, view.Space, view.MyProfile); err != nil {
			return err
		}
		view.Shared, err = tx.Shares(ctx, talksID)
		return err
	})
	return view, failed(err, "reading the analysis of talks %d", talksID)
}

// partyName is the name of party id among parties.
func partyName(parties []parley.Party, id int64) string {
	for _, p := range parties {
		if p.ID == id {
			return p.Name
		}
	}
	return fmt.Sprintf("party %d", id)
}

// SetIssueSpace defines the talks' issues and options. Mediators may. An
// issue may name the points of the latest draft it concerns. A space that
// asks other questions of a profile (other issues or options) is a new
// version: the profiles entered for the earlier one are outdated, no
// analysis uses them, and their parties are told to enter them again.
func (s *Service) SetIssueSpace(ctx context.Context, talksID int64, in *parley.IssueSpace) error {
	if err := in.Validate(); err != nil {
		return err
	}
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, defineIssues); err != nil {
			return err
		}
		if err := checkIssuePoints(ctx, tx, talksID, in); err != nil {
			return err
		}
		in.Version = 1
		switch old, err := tx.IssueSpace(ctx, talksID); {
		case err == nil:
			in.Version = old.Version
			if !old.SameQuestions(in) {
				in.Version++
			}
		case parley.ErrorCode(err) != parley.ENOTFOUND:
			return err
		}
		if err := tx.PutIssueSpace(ctx, talksID, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "analysis.space", object: fmt.Sprintf("talks/%d/analysis/space", talksID),
			digest: digestOf(in), details: map[string]any{"issues": len(in.Issues), "version": in.Version}})
	})
	if err != nil {
		return failed(err, "setting the issues of talks %d", talksID)
	}
	s.publish(ctx, parley.Event{Talks: talksID, Kind: "analysis"})
	return nil
}

// checkIssuePoints checks that the points the issues name are in the
// latest draft.
func checkIssuePoints(ctx context.Context, tx parley.Tx, talksID int64, in *parley.IssueSpace) error {
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
	return nil
}

// ProfileInput is a party's preferences as its member enters them:
// weights by issue name (stored as entered; the analysis normalises them to
// sum to 1), evaluations by issue and option name (any non-negative scale
// per issue, as GENIUS: each is divided by the issue's largest), and the
// reservation value in [0, 1], which the mediator sees only if
// ShareReservation is set. SpaceVersion, when set, is the version of
// the issue space the preferences were entered for: if the space has
// changed since, they are refused, since they answer other questions.
type ProfileInput struct {
	Weights          map[string]float64            `json:"weights"`
	Evaluations      map[string]map[string]float64 `json:"evaluations"`
	Reservation      float64                       `json:"reservation"`
	ShareReservation bool                          `json:"share_reservation,omitempty"`
	SpaceVersion     int64                         `json:"space_version,omitempty"`
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
		if in.SpaceVersion != 0 && in.SpaceVersion != space.Version {
			return parley.Errorf(parley.ECONFLICT, "%s: these preferences were entered for version %d of the issues, which are now at version %d",
				ReEnterNotice, in.SpaceVersion, space.Version)
		}
		if err := checkProfile(space, in); err != nil {
			return err
		}
		p = &parley.Profile{PartyID: party.ID, SpaceVersion: space.Version, Weights: in.Weights, Evaluations: in.Evaluations,
			Reservation: in.Reservation, ShareReservation: in.ShareReservation, UpdatedAt: s.now()}
		if err := tx.PutProfile(ctx, talksID, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: party.ID, action: "analysis.profile",
			object: fmt.Sprintf("talks/%d/analysis/profiles/%d", talksID, party.ID), details: map[string]any{"space_version": space.Version}})
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
