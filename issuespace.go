package parley

import (
	"strconv"
	"time"
)

// IssueSpace is the analysis view of some talks: the issues under
// negotiation, each with its options and the points of the text it
// concerns. The mediator defines it; every member may see it.
type IssueSpace struct {
	Issues []SpaceIssue `json:"issues"`
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

// Profile is one party's preferences over the issue space: how much each
// issue weighs for it, how it values each option, and what it gets with no
// agreement. It is the party's own: sealed at rest, never shown to another
// party or to the mediator.
type Profile struct {
	PartyID     int64                         `json:"party"`
	Weights     map[string]float64            `json:"weights"`
	Evaluations map[string]map[string]float64 `json:"evaluations"`
	Reservation float64                       `json:"reservation"`
	UpdatedAt   time.Time                     `json:"updated_at"`
}

// SharedPackage is a package of the analysis that the mediator shared with
// every party: the option chosen on each issue, and the mediator's label.
type SharedPackage struct {
	ID       int64             `json:"id"`
	Label    string            `json:"label"`
	Package  map[string]string `json:"package"`
	SharedAt time.Time         `json:"shared_at"`
}
