package parley

import (
	"slices"
	"strconv"
	"time"
)

// IssueSpace is the analysis view of some talks: the issues under
// negotiation, each with its options and the points of the text it
// concerns. The mediator defines it; every member may see it.
//
// Version counts the definitions: the store sets it, 1 for the first and
// one more for each redefinition. A profile is bound to the version it was
// entered for (Profile.SpaceVersion), so that redefining the space, after
// the profiles are in, cannot make them answer questions their parties
// never saw (one issue alone, then pairs, to recover the weights).
type IssueSpace struct {
	Version int64        `json:"version"`
	Issues  []SpaceIssue `json:"issues"`
}

// SpaceIssue is one issue of an IssueSpace.
type SpaceIssue struct {
	Name    string   `json:"name"`
	Options []string `json:"options"`
	Points  []int64  `json:"points,omitempty"`
}

// Validate checks the space's shape.
func (s *IssueSpace) Validate() error {
	if len(s.Issues) == 0 || len(s.Issues) > 500 {
		return Invalid("issues", "an issue space has 1 to 500 issues")
	}
	names := map[string]bool{}
	for i, is := range s.Issues {
		field := "issues[" + strconv.Itoa(i) + "]"
		if err := CheckText(field+".name", is.Name, 1, 200); err != nil {
			return err
		}
		if names[is.Name] {
			return Invalid(field+".name", "issue %q appears twice", is.Name)
		}
		names[is.Name] = true
		if len(is.Options) < 2 || len(is.Options) > 100 {
			return Invalid(field+".options", "an issue has 2 to 100 options")
		}
		opts := map[string]bool{}
		for _, o := range is.Options {
			if err := CheckText(field+".options", o, 1, 200); err != nil {
				return err
			}
			if opts[o] {
				return Invalid(field+".options", "option %q appears twice", o)
			}
			opts[o] = true
		}
	}
	return nil
}

// SameQuestions reports whether the spaces ask the same questions of a
// profile: the same issues with the same options, in the same order. The
// points of the text an issue concerns do not matter.
func (s *IssueSpace) SameQuestions(o *IssueSpace) bool {
	return slices.EqualFunc(s.Issues, o.Issues, func(a, b SpaceIssue) bool {
		return a.Name == b.Name && slices.Equal(a.Options, b.Options)
	})
}

// Profile is one party's preferences over the issue space: how much each
// issue weighs for it, how it values each option, and what it gets with no
// agreement. It is the party's own: sealed at rest, never shown to another
// party or to the mediator.
//
// SpaceVersion is the version of the issue space the profile was entered
// for; once the space is redefined the profile is outdated (see Current):
// no analysis uses it and the party is asked to enter it again.
type Profile struct {
	PartyID      int64                         `json:"party"`
	SpaceVersion int64                         `json:"space_version"`
	Weights      map[string]float64            `json:"weights"`
	Evaluations  map[string]map[string]float64 `json:"evaluations"`
	Reservation  float64                       `json:"reservation"`
	// ShareReservation: the party lets the mediator see its reservation
	// value, drawn as its walk-away line on the mediator's frontier plot.
	ShareReservation bool      `json:"share_reservation,omitempty"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Current reports whether the profile was entered for the issue space as
// it now is. A profile entered before versions were kept (version 0) is
// current for no space.
func (p *Profile) Current(s *IssueSpace) bool {
	return p.SpaceVersion != 0 && s != nil && p.SpaceVersion == s.Version
}

// The kinds of analysis run on the parties' profiles.
const (
	RunFrontier       = "frontier"        // the frontier, zone and bargaining solutions
	RunAdjustedWinner = "adjusted_winner" // Brams and Taylor's division of two parties' issues
)

// AnalysisRun is one run of an analysis on the parties' confidential
// profiles: what kind, on which version of the issue space, with whose
// profiles, by whom and when. The parties whose profiles it used see that
// it ran (see Viewer.CanSeeAnalysisRun); only the mediator's team sees
// its result, which is kept, sealed, for the latest run of each kind.
type AnalysisRun struct {
	ID           int64     `json:"id"`
	TalksID      int64     `json:"-"`
	Kind         string    `json:"kind"`
	SpaceVersion int64     `json:"space_version"`
	Parties      []int64   `json:"parties"`
	RunBy        string    `json:"run_by"`
	RunAt        time.Time `json:"run_at"`
	// Result is the result as JSON; nil on every run but the latest of
	// its kind.
	Result []byte `json:"-"`
}

// SharedPackage is a package of the analysis that the mediator shared with
// every party: the option chosen on each issue, and the mediator's label.
type SharedPackage struct {
	ID       int64             `json:"id"`
	Label    string            `json:"label"`
	Package  map[string]string `json:"package"`
	SharedAt time.Time         `json:"shared_at"`
}
