package http

import (
	"net/http"
	"slices"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/workspace"
)

// The amendment pages: a point's amendments with the form to propose one,
// the list of every amendment the viewer may see (its party's with their
// outcome and, if declined, the reason), and the mediator's desk.

// amendmentView is an amendment as a page shows it: with its word-level
// change to the point's text, whether the viewer may withdraw it, and on
// the desk the amendments it collides with.
type amendmentView struct {
	parley.Amendment
	Words      []diff.Op
	Withdraw   bool
	Collides   []collisionView
	KindName   string
	Decide     bool
	FormReason string // a refused decision's reason, kept
	FormError  string

	// Proposer and Decider name who proposed and who decided it.
	Proposer, Decider string
}

// collisionView is another amendment one collides with, and the words in
// which their texts differ.
type collisionView struct {
	Other parley.Amendment
	Words []diff.Op
}

// changeWords is the word-level change amendment a makes to text.
func changeWords(text string, a *parley.Amendment) []diff.Op {
	switch a.Kind {
	case parley.AmendReplace:
		return diff.Words(text, a.Text)
	case parley.AmendSplit:
		return diff.Words(text, strings.Join(a.Parts(), " ¶ "))
	case parley.AmendDelete:
		return []diff.Op{{Kind: diff.Delete, Text: text}}
	}
	return []diff.Op{{Kind: diff.Insert, Text: a.Text}}
}

// viewOf lays out amendment a, to a point whose text is text, for t's
// viewer.
func viewOf(t *workspace.TalksView, text string, a parley.Amendment) amendmentView {
	v := amendmentView{Amendment: a, Words: changeWords(text, &a), KindName: term("amendment", a.Kind),
		Proposer: personName(t, a.ProposedBy), Decider: personName(t, a.DecidedBy)}
	v.Withdraw = a.State == parley.AmendmentProposed && t.You != nil && t.You.PartyID == a.PartyID && t.State == parley.TalksOpen &&
		(t.Can.Mark || t.Can.SeeWorking)
	return v
}

// pointAmendmentsData is the page of one point's amendments.
type pointAmendmentsData struct {
	Talks      *workspace.TalksView
	Draft      int
	Point      parley.Point
	Amendments []amendmentView
	CanPropose bool
	Form       parley.AmendmentInput
	Share      bool
	Error      string
	Field      string
}

func (s *Server) pointAmendmentsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderPointAmendments(w, r, p, http.StatusOK, nil)
}

// renderPointAmendments renders a point's amendments page; form, if set,
// is a refused proposal to show again with its error.
func (s *Server) renderPointAmendments(w http.ResponseWriter, r *http.Request, p *page, status int, form *pointAmendmentsData) error {
	tp, err := s.talksPointOf(r)
	if err != nil {
		return err
	}
	ctx, t, n, pt := r.Context(), tp.Talks, tp.Draft, &tp.Point
	id, pointID := t.ID, pt.ID
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return err
	}
	as, err := s.ws.ListAmendments(ctx, id, n)
	if err != nil {
		return err
	}
	data := pointAmendmentsData{Talks: t, Draft: n, Point: *pt, Form: parley.AmendmentInput{Kind: parley.AmendReplace, Text: pt.Text}}
	data.CanPropose = (t.Can.Mark || t.Can.SeeWorking) && t.State == parley.TalksOpen && pt.Kind == parley.KindPoint &&
		len(drafts) > 0 && drafts[len(drafts)-1].Number == n
	if form != nil {
		data.Form, data.Share, data.Error, data.Field = form.Form, form.Share, form.Error, form.Field
	} else if data.Share = shareDefault(t); data.CanPropose && t.Can.Mark {
		// New wording shared as the party's stance on the point is.
		if err := s.shareAsStance(r, &data); err != nil {
			return err
		}
	}
	texts, err := s.pointTexts(ctx, id, n, pointID, as)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.PointID == pointID {
			text := pt.Text
			if a.Correction() {
				text = texts[a.Language]
			}
			data.Amendments = append(data.Amendments, viewOf(t, text, a))
		}
	}
	p.Title, p.Data, p.Talks = p.tr("Amendments to point %s", pt.Number), data, id
	s.render(w, r, status, "amendments", *p)
	return nil
}

// shareAsStance sets the form's sharing to that of the viewer's party's
// stance on the point, if it has one.
func (s *Server) shareAsStance(r *http.Request, data *pointAmendmentsData) error {
	ps, err := s.ws.StancesOnPoint(r.Context(), data.Talks.ID, data.Draft, data.Point.ID)
	if err != nil {
		return err
	}
	for _, st := range ps.Stances {
		if st.PartyID == data.Talks.Can.MarkAsParty {
			data.Share, data.Form.ReleasedToAll = st.ShareWithMediator, st.ReleasedToAll
		}
	}
	return nil
}

// shareDefault is the viewer's party's default for sharing with the
// mediator.
func shareDefault(t *workspace.TalksView) bool {
	for _, party := range t.Parties {
		if t.You != nil && party.ID == t.You.PartyID {
			return party.ShareByDefault
		}
	}
	return false
}

// proposeSubmit proposes an amendment from the point's form; a refused
// one comes back with the input kept and the reason beside its field.
func (s *Server) proposeSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return err
	}
	share := r.PostFormValue("share_with_mediator") == "on"
	in := parley.AmendmentInput{Kind: parley.AmendmentKind(r.PostFormValue("kind")), Text: r.PostFormValue("text"),
		Justification: r.PostFormValue("justification"), ShareWithMediator: &share, ReleasedToAll: r.PostFormValue("released_to_all") == "on"}
	if in.Kind == parley.AmendDelete {
		in.Text = "" // the form keeps the point's text in the field
	}
	if _, err := s.ws.ProposeAmendment(r.Context(), id, n, pointID, in); err != nil {
		code := parley.ErrorCode(err)
		if code != parley.EINVALID && code != parley.ECONFLICT {
			return err
		}
		field := parley.ErrorField(err)
		if field == "" {
			field = "kind"
		}
		return s.renderPointAmendments(w, r, p, statusOf[code], &pointAmendmentsData{Form: in, Share: share,
			Error: p.message(err), Field: field})
	}
	redirect(w, r, "/talks/%d/drafts/%d/points/%d/amendments", id, n, pointID)
	return nil
}

// amendmentsData is the list of every amendment the viewer may see.
type amendmentsData struct {
	Talks      *workspace.TalksView
	Amendments []amendmentView
}

func (s *Server) amendmentsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	as, err := s.ws.ListAmendments(r.Context(), id, 0)
	if err != nil {
		return err
	}
	d := amendmentsData{Talks: t}
	for _, a := range slices.Backward(as) {
		d.Amendments = append(d.Amendments, viewOf(t, "", a))
	}
	p.Title, p.Data, p.Talks = p.tr("Amendments"), d, id
	s.render(w, r, http.StatusOK, "amendments-list", *p)
	return nil
}

func (s *Server) withdrawSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, aid, err := pathIDs(r, "amendment")
	if err != nil {
		return err
	}
	a, err := s.ws.WithdrawAmendment(r.Context(), id, aid)
	if err != nil {
		return err
	}
	if r.PostFormValue("back") == "point" {
		redirect(w, r, "/talks/%d/drafts/%d/points/%d/amendments", id, a.Draft, a.PointID)
		return nil
	}
	redirect(w, r, "/talks/%d/amendments", id)
	return nil
}
