package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
)

// Preferences people can give: a guided form ranks the issues, weighs the
// swing from the worst to the best option of each against the swing of
// the issue ranked first, and rates each option on a labelled scale from 0
// to 100. It makes the additive profile the analysis takes; before it is
// saved the party sees the packages its profile ranks highest and lowest,
// and what looks degenerate or inconsistent is pointed out.

// GuidedInput is what the guided form gathers: the rank of each issue (1
// for the most important, each rank once), the weight of each issue's
// swing from 0 to 100 (the issue ranked first usually 100), each option's
// rating from 0 (the worst) to 100 (the best), the value of no agreement
// from 0 to 100, and the version of the issue space the form was made for.
type GuidedInput struct {
	Rank             map[string]int                `json:"rank"`
	Swing            map[string]float64            `json:"swing"`
	Ratings          map[string]map[string]float64 `json:"ratings"`
	Reservation      float64                       `json:"reservation"`
	ShareReservation bool                          `json:"share_reservation,omitempty"`
	SpaceVersion     int64                         `json:"space_version"`
}

// GuidedPreview is the profile the guided form makes, with the packages it
// ranks highest (best first) and lowest (worst first) for the party to
// confirm, and notes on what looks degenerate or inconsistent.
type GuidedPreview struct {
	Profile ProfileInput    `json:"profile"`
	Best    []RankedPackage `json:"best"`
	Worst   []RankedPackage `json:"worst"`
	Notes   []string        `json:"notes"`
}

// RankedPackage is a package with the party's utility of it, 0 to 1.
type RankedPackage struct {
	Package map[string]string `json:"package"`
	Utility float64           `json:"utility"`
}

// ConfirmPackages is how many packages the preview shows at each end.
const ConfirmPackages = 5

// PreviewGuidedProfile turns the guided form's answers into a profile and
// shows what it says, saving nothing. Those who may enter the party's
// profile may.
func (s *Service) PreviewGuidedProfile(ctx context.Context, talksID int64, in GuidedInput) (*GuidedPreview, error) {
	var space *parley.IssueSpace
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, enterProfile); err != nil {
			return err
		}
		var err error
		space, err = tx.IssueSpace(ctx, talksID)
		return err
	})
	if err != nil {
		return nil, failed(err, "previewing a profile in talks %d", talksID)
	}
	if in.SpaceVersion != space.Version {
		return nil, parley.Errorf(parley.ECONFLICT, "%s: the form was made for version %d of the issues, which are now at version %d",
			ReEnterNotice, in.SpaceVersion, space.Version)
	}
	prof, err := guidedProfile(space, in)
	if err != nil {
		return nil, err
	}
	if err := checkProfile(space, prof); err != nil {
		return nil, err
	}
	pv := &GuidedPreview{Profile: prof, Notes: guidedNotes(space, in)}
	m, _, err := analysis.NewModel(analysis.Scenario{Space: analysisSpace(space),
		Profiles: []analysis.Profile{analysisProfile("party", space, &parley.Profile{Weights: prof.Weights, Evaluations: prof.Evaluations})}})
	if err != nil {
		return nil, parley.Invalid("swing", "%v", err)
	}
	best, worst := m.Extremes(0, ConfirmPackages)
	for _, r := range best {
		pv.Best = append(pv.Best, RankedPackage{Package: packageNames(m.Space(), r.Package), Utility: r.Utility})
	}
	for _, r := range worst {
		pv.Worst = append(pv.Worst, RankedPackage{Package: packageNames(m.Space(), r.Package), Utility: r.Utility})
	}
	if len(best) > 0 && best[0].Utility < prof.Reservation {
		pv.Notes = append(pv.Notes, fmt.Sprintf("No package reaches your value of no agreement (%.0f): even the best is worth %.0f to you.",
			100*prof.Reservation, 100*best[0].Utility))
	}
	return pv, nil
}

// SetGuidedProfile saves the profile the guided form makes, as SetProfile.
func (s *Service) SetGuidedProfile(ctx context.Context, talksID int64, in GuidedInput) (*parley.Profile, error) {
	pv, err := s.PreviewGuidedProfile(ctx, talksID, in)
	if err != nil {
		return nil, err
	}
	pv.Profile.SpaceVersion = in.SpaceVersion
	return s.SetProfile(ctx, talksID, pv.Profile)
}

// analysisSpace is the issue space as the analysis takes it.
func analysisSpace(space *parley.IssueSpace) analysis.Space {
	var sp analysis.Space
	for _, is := range space.Issues {
		sp.Issues = append(sp.Issues, analysis.Issue{Name: is.Name, Options: is.Options})
	}
	return sp
}

// guidedProfile checks the guided answers and makes the profile: weights
// are the swings, evaluations and the reservation the ratings, all over 100.
func guidedProfile(space *parley.IssueSpace, in GuidedInput) (ProfileInput, error) {
	p := ProfileInput{Weights: map[string]float64{}, Evaluations: map[string]map[string]float64{}, Reservation: in.Reservation / 100,
		ShareReservation: in.ShareReservation}
	bad := func(v float64) bool { return math.IsNaN(v) || v < 0 || v > 100 }
	n := len(space.Issues)
	seen := map[int]string{}
	for _, is := range space.Issues {
		r, ok := in.Rank[is.Name]
		switch {
		case !ok || r < 1 || r > n:
			return p, parley.Invalid("rank", "rank %q from 1 (the most important) to %d", is.Name, n)
		case seen[r] != "":
			return p, parley.Invalid("rank", "%q and %q have the same rank, %d: give each issue its own", seen[r], is.Name, r)
		}
		seen[r] = is.Name
		w, ok := in.Swing[is.Name]
		if !ok || bad(w) {
			return p, parley.Invalid("swing", "weigh the swing of %q from 0 to 100", is.Name)
		}
		p.Weights[is.Name] = w / 100
		p.Evaluations[is.Name] = map[string]float64{}
		for _, o := range is.Options {
			e, ok := in.Ratings[is.Name][o]
			if !ok || bad(e) {
				return p, parley.Invalid("ratings", "rate %q on %q from 0 to 100", o, is.Name)
			}
			p.Evaluations[is.Name][o] = e / 100
		}
	}
	if bad(in.Reservation) {
		return p, parley.Invalid("reservation", "the value of no agreement lies from 0 to 100")
	}
	return p, nil
}

// guidedNotes points out what in the guided answers looks degenerate or
// inconsistent: issues that all weigh the same, one issue that alone
// counts, a rank that the swings contradict, an issue whose options are
// all rated alike, an issue with no option rated 100.
func guidedNotes(space *parley.IssueSpace, in GuidedInput) []string {
	notes := []string{}
	n := len(space.Issues)
	byRank := slices.Clone(space.Issues)
	slices.SortFunc(byRank, func(a, b parley.SpaceIssue) int { return in.Rank[a.Name] - in.Rank[b.Name] })
	weighed := 0
	for _, is := range space.Issues {
		if in.Swing[is.Name] > 0 {
			weighed++
		}
	}
	switch {
	case n > 1 && weighed == 1:
		for _, is := range space.Issues {
			if in.Swing[is.Name] > 0 {
				notes = append(notes, fmt.Sprintf("Only %q counts: every other issue weighs 0, so packages differ for you only by their option on %q.", is.Name, is.Name))
			}
		}
	case n > 1 && slices.IndexFunc(space.Issues, func(is parley.SpaceIssue) bool { return in.Swing[is.Name] != in.Swing[space.Issues[0].Name] }) < 0:
		notes = append(notes, "All issues weigh the same: if some matter more to you than others, give their swings more weight.")
	}
	for t := 1; t < n; t++ {
		hi, lo := byRank[t-1].Name, byRank[t].Name
		if in.Swing[hi] < in.Swing[lo] {
			notes = append(notes, fmt.Sprintf("You ranked %q above %q but weighed its swing less (%.0f against %.0f).", hi, lo, in.Swing[hi], in.Swing[lo]))
		}
	}
	for _, is := range space.Issues {
		var ratings []float64
		for _, o := range is.Options {
			ratings = append(ratings, in.Ratings[is.Name][o])
		}
		switch {
		case slices.Min(ratings) == slices.Max(ratings):
			notes = append(notes, fmt.Sprintf("All options of %q are rated %.0f: %q makes no difference to you, whatever its weight.", is.Name, ratings[0], is.Name))
		case slices.Max(ratings) < 100:
			notes = append(notes, fmt.Sprintf("No option of %q is rated 100: its best, rated %.0f, counts as 100 (the best of each issue does).", is.Name, slices.Max(ratings)))
		}
	}
	return notes
}
