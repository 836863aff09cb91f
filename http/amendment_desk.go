package http

import (
	"net/http"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/workspace"
)

// The mediator's amendment desk: the amendments to the latest draft it
// may see, grouped by point, each with its word-level change, collisions
// highlighted with the words in which the colliding texts differ, and one
// click to take an amendment (in full or in part) or decline it with a
// reason. Below, the amendments to earlier drafts, with their outcomes,
// as history.

// deskData is the desk page.
type deskData struct {
	Talks      *workspace.TalksView
	Draft      int
	Groups     []deskGroupView
	Collisions int
	CanDecide  bool
	// Earlier are the amendments to superseded drafts, as history.
	Earlier []amendmentView
}

// deskGroupView is one point of the desk with its amendments.
type deskGroupView struct {
	Point      parley.Point
	Amendments []amendmentView
	Collides   bool
}

func (s *Server) deskPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderDesk(w, r, p, http.StatusOK, 0, "", nil)
}

// renderDesk renders the desk; a refused decision on amendment failed
// comes back beside it with its reason kept and the error.
func (s *Server) renderDesk(w http.ResponseWriter, r *http.Request, p *page, status int, failed int64, reason string, err error) error {
	id, t, terr := s.talksOf(r)
	if terr != nil {
		return terr
	}
	desk, derr := s.ws.AmendmentDesk(r.Context(), id)
	if derr != nil {
		return derr
	}
	d := deskData{Talks: t, Collisions: len(desk.Collisions), CanDecide: t.Can.Draft && t.State == parley.TalksOpen}
	if desk.Draft != nil {
		d.Draft = desk.Draft.Number
	}
	byID := map[int64]parley.Amendment{}
	for _, g := range desk.Groups {
		for _, a := range g.Amendments {
			byID[a.ID] = a
		}
	}
	for _, g := range desk.Groups {
		gv := deskGroupView{Point: g.Point}
		for _, a := range g.Amendments {
			text := g.Point.Text
			if a.Correction() {
				text = desk.Corrected[a.ID]
			}
			v := viewOf(t, text, a)
			v.Withdraw = false
			v.Decide = d.CanDecide && a.State == parley.AmendmentProposed
			for _, other := range desk.CollidesWith[a.ID] {
				o := byID[other]
				v.Collides = append(v.Collides, collisionView{Other: o, Words: diff.Words(a.Text, o.Text)})
			}
			gv.Collides = gv.Collides || len(v.Collides) > 0
			if a.ID == failed {
				v.FormReason, v.FormError = reason, p.message(err)
			}
			gv.Amendments = append(gv.Amendments, v)
		}
		d.Groups = append(d.Groups, gv)
	}
	for _, a := range desk.Earlier {
		d.Earlier = append(d.Earlier, viewOf(t, "", a))
	}
	p.Title, p.Data, p.Talks = p.tr("Amendment desk"), d, id
	s.render(w, r, status, "desk", *p)
	return nil
}

// decisionSubmit takes or declines an amendment from the desk: "take"
// (in full) or "take_part" or "decline" with a reason. A refused decision
// comes back on the desk beside the amendment, its reason kept.
func (s *Server) decisionSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, aid, err := pathIDs(r, "amendment")
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	var dec parley.AmendmentDecision
	switch r.PostFormValue("decision") {
	case "take":
		dec = parley.AmendmentDecision{Take: true, Extent: parley.TakenInFull}
	case "take_part":
		dec = parley.AmendmentDecision{Take: true, Extent: parley.TakenInPart, Reason: reason}
	default:
		dec = parley.AmendmentDecision{Reason: reason}
	}
	if _, err := s.ws.DecideAmendment(r.Context(), id, aid, dec); err != nil {
		code := parley.ErrorCode(err)
		if code != parley.EINVALID && code != parley.ECONFLICT {
			return err
		}
		return s.renderDesk(w, r, p, statusOf[code], aid, reason, err)
	}
	redirect(w, r, "/talks/%d/amendments/desk#a%d", id, aid)
	return nil
}
