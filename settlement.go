package parley

import (
	"fmt"
	"slices"
	"time"
)

// RunImprovement is the kind of analysis run that lists the packages
// leaving every party at least as well off as a baseline (a
// post-settlement settlement, after Raiffa).
const RunImprovement = "improvement"

// ImprovementShare is a package the mediator shared as an improvement on a
// baseline package: both choose an option on every issue of the issue
// space as it was (SpaceVersion). Every member sees it; each negotiating
// party is shown its own gain, from its own profile, and never another's.
type ImprovementShare struct {
	ID           int64             `json:"id"`
	SpaceVersion int64             `json:"space_version"`
	Label        string            `json:"label"`
	Baseline     map[string]string `json:"baseline"`
	Package      map[string]string `json:"package"`
	SharedAt     time.Time         `json:"shared_at"`
}

// CheckPackage checks that pkg chooses one option of the space on each of
// its issues; field names the input in the error.
func (s *IssueSpace) CheckPackage(field string, pkg map[string]string) error {
	if len(pkg) != len(s.Issues) {
		return Invalid(field, "a package chooses one option on each of the %d issues", len(s.Issues))
	}
	for _, is := range s.Issues {
		if !slices.Contains(is.Options, pkg[is.Name]) {
			return Invalid(field, "issue %q has no option %q", is.Name, pkg[is.Name])
		}
	}
	return nil
}

// OptionWording is the wording that a point of the text reads when an
// option of an issue is chosen: a package of the analysis then becomes a
// draft whose linked points read its options' wording. It is the
// mediator's drafting material, as the working draft is.
type OptionWording struct {
	Issue   string `json:"issue"`
	Option  string `json:"option"`
	PointID int64  `json:"point"`
	Text    string `json:"text"`
}

// CheckWordings checks a set of option wordings against the space: each
// names an issue and one of its options, a point the issue concerns, and
// has a text; no option words the same point twice.
func (s *IssueSpace) CheckWordings(ws []OptionWording) error {
	seen := map[string]bool{}
	for i, w := range ws {
		field := fmt.Sprintf("wordings[%d]", i)
		at := slices.IndexFunc(s.Issues, func(is SpaceIssue) bool { return is.Name == w.Issue })
		if at < 0 {
			return Invalid(field+".issue", "no issue named %q", w.Issue)
		}
		is := s.Issues[at]
		if !slices.Contains(is.Options, w.Option) {
			return Invalid(field+".option", "issue %q has no option %q", w.Issue, w.Option)
		}
		if !slices.Contains(is.Points, w.PointID) {
			return Invalid(field+".point", "issue %q does not concern point %d; link the point to the issue first", w.Issue, w.PointID)
		}
		if err := CheckText(field+".text", w.Text, 1, MaxPointText); err != nil {
			return err
		}
		key := fmt.Sprintf("%q/%q/%d", w.Issue, w.Option, w.PointID)
		if seen[key] {
			return Invalid(field, "option %q of %q words point %d twice", w.Option, w.Issue, w.PointID)
		}
		seen[key] = true
	}
	return nil
}
