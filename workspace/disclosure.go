package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/guard"
)

// guardIndex indexes the confidential material v may see, and what is
// public already, for the disclosure guard.
func (s *Service) guardIndex(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64) (*guard.Index, error) {
	var src []guard.Source
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	decisions, err := tx.Decisions(ctx, talksID)
	if err != nil {
		return nil, err
	}
	disclosed := map[int]bool{}
	for _, d := range decisions {
		if d.Kind == parley.DiscloseDraft && d.Status == parley.DecisionApproved {
			disclosed[d.Draft] = true
		}
	}
	numbers := []int{}
	for _, d := range drafts {
		numbers = append(numbers, d.Number)
	}
	if v.CanSeeWorkingDraft() {
		numbers = append(numbers, 0)
	}
	for _, n := range numbers {
		d, err := tx.Draft(ctx, talksID, n)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		for _, p := range d.Points {
			src = append(src, guard.Source{ID: fmt.Sprintf("draft %d, point %s", n, p.Number), Kind: "draft", Title: p.Title,
				Text: strings.TrimSpace(p.Title + ". " + p.Text), Public: disclosed[n]})
		}
	}
	parties, err := partySources(ctx, tx, v, talksID, drafts)
	if err != nil {
		return nil, err
	}
	src = append(src, parties...)
	meetings, err := tx.Meetings(ctx, talksID)
	if err != nil {
		return nil, err
	}
	for _, m := range meetings {
		if v.CanSeeMeetingNotes(&m) && m.Notes != "" {
			src = append(src, guard.Source{ID: "notes of " + m.Title, Kind: "meeting notes", Text: m.Notes})
		}
		if m.Disclosure != "" {
			src = append(src, guard.Source{ID: "agreed disclosure, " + m.Title, Kind: "disclosure", Text: m.Disclosure, Public: true})
		}
		if m.Outcome != "" {
			src = append(src, guard.Source{ID: "outcome, " + m.Title, Kind: "outcome", Text: m.Outcome, Public: true})
		}
	}
	statements, err := tx.Statements(ctx, talksID)
	if err != nil {
		return nil, err
	}
	for _, st := range statements {
		src = append(src, guard.Source{ID: fmt.Sprintf("statement %d", st.ID), Kind: "statement", Text: st.Text, Public: true})
	}
	return guard.NewIndex(src, guard.DefaultOptions()), nil
}

// partySources returns, for the disclosure guard, the parties' material v
// may see: the rationales (and former proposed wording) of stances on
// drafts, and the amendments' texts and justifications.
func partySources(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, drafts []parley.Draft) ([]guard.Source, error) {
	var src []guard.Source
	for _, d := range drafts {
		stances, err := visibleStances(ctx, tx, v, talksID, d.Number)
		if err != nil {
			return nil, err
		}
		for _, st := range stances {
			for kind, text := range map[string]string{"rationale": st.Rationale, "proposed wording": st.ProposedWording} {
				if text != "" {
					src = append(src, guard.Source{ID: fmt.Sprintf("%s's %s, draft %d", st.PartyName, kind, d.Number), Kind: kind, Text: text})
				}
			}
		}
	}
	// Proposed wording is an amendment now: its text and justification.
	amendments, err := visibleAmendments(ctx, tx, v, talksID, 0)
	if err != nil {
		return nil, err
	}
	for _, a := range amendments {
		id := fmt.Sprintf("%s's amendment %d, draft %d", a.PartyName, a.ID, a.Draft)
		src = append(src, guard.Source{ID: id, Kind: "proposed wording", Text: a.Text},
			guard.Source{ID: id + ", justification", Kind: "rationale", Text: a.Justification})
	}
	return src, nil
}

// Disclosure is a passage of a statement that reproduces confidential
// material its author may see.
type Disclosure struct {
	Source  string `json:"source"`
	Kind    string `json:"kind"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Passage string `json:"passage"`
	Excerpt string `json:"excerpt"`
}

// CheckStatement runs the disclosure guard on a statement the caller is
// about to record: every passage that reproduces confidential material
// the caller may see (untabled or undisclosed drafts, rationales and
// proposed wording, meeting notes). Sealed messages are outside its reach:
// the server cannot read them.
func (s *Service) CheckStatement(ctx context.Context, talksID int64, text string) ([]Disclosure, error) {
	var out []Disclosure
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		ix, err := s.guardIndex(ctx, tx, v, talksID)
		if err != nil {
			return err
		}
		out = disclosures(ix, text)
		return nil
	})
	return out, failed(err, "checking a statement in talks %d", talksID)
}

// disclosures runs the guard; a passage found in several sources (a
// rationale repeated on every draft) is reported once, with its first.
func disclosures(ix *guard.Index, text string) []Disclosure {
	out := []Disclosure{}
	seen := map[[2]int]bool{}
	for _, m := range ix.Check(text) {
		if seen[m.StatementSpan] {
			continue
		}
		seen[m.StatementSpan] = true
		out = append(out, Disclosure{Source: m.SourceID, Kind: m.SourceKind, Start: m.StatementSpan[0], End: m.StatementSpan[1],
			Passage: text[m.StatementSpan[0]:m.StatementSpan[1]], Excerpt: m.Excerpt})
	}
	return out
}
