package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// From a package to a text: each option of an issue may carry the wording
// of the points the issue concerns; a package of the analysis then becomes
// a working draft whose linked points read its options' wording, shown as
// a comparison with the current working draft before anything is saved.

// OptionWordings returns the wording linked to the options of the issues.
// The mediator's team may read it (it is drafting material, as the working
// draft is); for anyone else it does not exist.
func (s *Service) OptionWordings(ctx context.Context, talksID int64) ([]parley.OptionWording, error) {
	var out []parley.OptionWording
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if !v.CanSeeOptionWordings() {
			return parley.NotFound("option wordings")
		}
		out, err = tx.OptionWordings(ctx, talksID)
		return err
	})
	return out, failed(err, "reading the option wordings of talks %d", talksID)
}

// SetOptionWordings replaces the wording linked to the options: each names
// an issue of the space, one of its options and one of the points the
// issue concerns. Mediators may, while the talks are open.
func (s *Service) SetOptionWordings(ctx context.Context, talksID int64, ws []parley.OptionWording) ([]parley.OptionWording, error) {
	if len(ws) > parley.MaxPoints {
		return nil, parley.Invalid("wordings", "at most %d wordings", parley.MaxPoints)
	}
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, wordOptions); err != nil {
			return err
		}
		space, err := tx.IssueSpace(ctx, talksID)
		if err != nil {
			return err
		}
		if err := space.CheckWordings(ws); err != nil {
			return err
		}
		if err := tx.PutOptionWordings(ctx, talksID, ws); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: mediatorPartyOf(ctx, tx, talksID), action: "analysis.wordings",
			object: fmt.Sprintf("talks/%d/analysis/wordings", talksID), digest: digestOf(ws), details: map[string]any{"wordings": len(ws)}})
	})
	if err != nil {
		return nil, failed(err, "setting the option wordings of talks %d", talksID)
	}
	if ws == nil {
		ws = []parley.OptionWording{}
	}
	return ws, nil
}

// PackageDraftInput asks for the working draft a package makes. Without
// Save it is a preview and nothing is written; with Save the draft is saved
// as the working draft. Version, when set, is the version of the working
// draft the preview showed (0: none yet): if it changed since, saving is a
// conflict and nothing is written.
type PackageDraftInput struct {
	Package map[string]string `json:"package"`
	Save    bool              `json:"save,omitempty"`
	Version *int              `json:"version,omitempty"`
}

// PackageDraft is the working draft a package makes: the points whose
// wording changes, each with its text before and after and the word-level
// edits between them, compared with the draft it starts from (the working
// draft, or the latest tabled draft when there is none).
type PackageDraft struct {
	Package map[string]string `json:"package"`
	// FromDraft is 0 when the package was applied to the working draft,
	// else the number of the tabled draft it started from.
	FromDraft int `json:"from_draft"`
	// Version is the version of the working draft it was compared with.
	Version int                `json:"version"`
	Changes []WordedPoint      `json:"changes"`
	Draft   *parley.Draft      `json:"draft,omitempty"` // the saved working draft
	Input   *parley.DraftInput `json:"-"`
}

// WordedPoint is a point of the text that a package words.
type WordedPoint struct {
	Point  int64     `json:"point"`
	Label  string    `json:"label"`
	Issue  string    `json:"issue"`
	Option string    `json:"option"`
	Before string    `json:"before"`
	After  string    `json:"after"`
	Edits  []diff.Op `json:"edits"`
}

// DraftFromPackage makes the working draft in which the points linked to
// the package's options read their wording, every other point unchanged.
// Mediators may, while the talks are open. It is a preview unless in.Save.
func (s *Service) DraftFromPackage(ctx context.Context, talksID int64, in PackageDraftInput) (*PackageDraft, error) {
	var pd *PackageDraft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, wordOptions); err != nil {
			return err
		}
		var err error
		pd, err = packageDraft(ctx, tx, talksID, in.Package)
		return err
	})
	if err != nil || !in.Save {
		return pd, failed(err, "making a draft of a package in talks %d", talksID)
	}
	if in.Version != nil && *in.Version != pd.Version {
		return nil, parley.Errorf(parley.ECONFLICT, "the working draft has changed since the preview (version %d, the preview showed version %d): nothing was saved; preview again", pd.Version, *in.Version)
	}
	pd.Input.Version = &pd.Version
	if pd.Draft, err = s.SaveWorkingDraft(ctx, talksID, pd.Input); err != nil {
		return nil, err
	}
	return pd, nil
}

// packageDraft applies the wording of pkg's options to the working draft
// (or the latest tabled draft when there is none).
func packageDraft(ctx context.Context, tx parley.Tx, talksID int64, pkg map[string]string) (*PackageDraft, error) {
	space, err := tx.IssueSpace(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if err := space.CheckPackage("package", pkg); err != nil {
		return nil, err
	}
	pd := &PackageDraft{Package: pkg, Changes: []WordedPoint{}}
	if pd.Version, err = tx.WorkingDraftVersion(ctx, talksID); err != nil {
		return nil, err
	}
	base, err := tx.Draft(ctx, talksID, 0)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		base, err = latestTabled(ctx, tx, talksID)
	}
	if err != nil {
		return nil, err
	}
	pd.FromDraft = base.Number
	wordings, err := tx.OptionWordings(ctx, talksID)
	if err != nil {
		return nil, err
	}
	chosen := map[int64]parley.OptionWording{}
	for _, w := range linkedWordings(space, wordings) {
		if pkg[w.Issue] == w.Option {
			chosen[w.PointID] = w
		}
	}
	for _, p := range base.Points {
		if w, ok := chosen[p.ID]; ok {
			pd.Changes = append(pd.Changes, WordedPoint{Point: p.ID, Label: p.Label(), Issue: w.Issue, Option: w.Option,
				Before: p.Text, After: w.Text, Edits: diff.Words(p.Text, w.Text)})
			delete(chosen, p.ID)
		}
	}
	for id, w := range chosen {
		return nil, parley.Errorf(parley.ECONFLICT, "point %d, which option %q of %q words, is not in draft %d; link the issue to points of the current text", id, w.Option, w.Issue, base.Number)
	}
	pd.Input = InputOf(base)
	reword(pd.Input.Points, pd.Changes, base.Number != 0)
	return pd, nil
}

// latestTabled returns the latest tabled draft (ENOTFOUND when none).
func latestTabled(ctx context.Context, tx parley.Tx, talksID int64) (*parley.Draft, error) {
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if len(drafts) == 0 {
		return nil, parley.NotFound("draft")
	}
	return tx.Draft(ctx, talksID, drafts[len(drafts)-1].Number)
}

// reword sets the text of the points that changes word; with fromTabled it
// also drops the splits and merges a tabled draft records against the one
// before it, which a working draft made from it does not repeat.
func reword(points []parley.PointInput, changes []WordedPoint, fromTabled bool) {
	for i := range points {
		p := &points[i]
		if fromTabled {
			p.From = nil
		}
		for _, c := range changes {
			if c.Point == p.ID {
				p.Text = c.After
			}
		}
		reword(p.Points, changes, fromTabled)
	}
}

// TextPackage is the package a draft reads: per issue, the option whose
// wording each of the issue's linked points reads in that draft.
type TextPackage struct {
	// Draft is the draft read: the agreed draft once the talks concluded
	// in agreement, else the latest tabled draft.
	Draft int `json:"draft"`
	// Package holds the issues whose option the text reads; Complete says
	// whether it holds every issue.
	Package  map[string]string `json:"package"`
	Complete bool              `json:"complete"`
}

// PackageOfText returns the package the agreed draft (or else the latest
// tabled draft) reads, by the options' wording (see readPackage): the
// baseline to improve on after an agreement. The mediator's team may, as for the wordings; without a tabled draft or an
// issue space it is not found.
func (s *Service) PackageOfText(ctx context.Context, talksID int64) (*TextPackage, error) {
	var tp *TextPackage
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, talks, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if !v.CanSeeOptionWordings() {
			return parley.NotFound("option wordings")
		}
		space, err := tx.IssueSpace(ctx, talksID)
		if err != nil {
			return err
		}
		var d *parley.Draft
		if talks.AgreedDraft > 0 {
			d, err = tx.Draft(ctx, talksID, talks.AgreedDraft)
		} else {
			d, err = latestTabled(ctx, tx, talksID)
		}
		if err != nil {
			return err
		}
		wordings, err := tx.OptionWordings(ctx, talksID)
		if err != nil {
			return err
		}
		tp = &TextPackage{Draft: d.Number, Package: readPackage(space, d, linkedWordings(space, wordings))}
		tp.Complete = len(tp.Package) == len(space.Issues)
		return nil
	})
	return tp, failed(err, "reading the package of the text of talks %d", talksID)
}

// readPackage returns, per issue, the option the text d reads: of the
// options with wording, all of it read in d, the one with the most (the
// first of equals). An option leaves the points it has no wording for as
// they are.
func readPackage(space *parley.IssueSpace, d *parley.Draft, wordings []parley.OptionWording) map[string]string {
	pkg := map[string]string{}
	for _, is := range space.Issues {
		most := 0
		for _, o := range is.Options {
			n, all := 0, true
			for _, w := range wordings {
				if w.Issue == is.Name && w.Option == o {
					p := d.Point(w.PointID)
					n, all = n+1, all && p != nil && p.Text == w.Text
				}
			}
			if all && n > most {
				pkg[is.Name], most = o, n
			}
		}
	}
	return pkg
}

// linkedWordings keeps the wordings of points their issue still concerns:
// unlinking a point from an issue leaves its wording stored but unused.
func linkedWordings(space *parley.IssueSpace, ws []parley.OptionWording) []parley.OptionWording {
	var out []parley.OptionWording
	for _, w := range ws {
		for _, is := range space.Issues {
			if is.Name == w.Issue && slices.Contains(is.Points, w.PointID) {
				out = append(out, w)
			}
		}
	}
	return out
}
