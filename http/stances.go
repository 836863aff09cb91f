package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Stances: each party's mark on each point of a tabled draft, their
// history, and the measures drawn from them (the gap map, convergence);
// the stance form of the draft page.

func (s *Server) registerStances() {
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/stances", s.listStances)
	s.api("PUT /api/v1/talks/{talks}/drafts/{n}/points/{point}/stance", s.setStance)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/points/{point}/stance/history", s.stanceHistory)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/gap", s.gapMap)
	s.api("GET /api/v1/talks/{talks}/convergence", talksGet(s.ws.Convergence))

	s.page("GET /talks/{talks}/drafts/{n}/points/{point}", s.pointPage)
	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/stance", s.stanceSubmit)
	s.page("POST /talks/{talks}/drafts/{n}/marks", s.marksSubmit)
}

// marksSubmit records the marks of a long draft's form, sent whole by a
// browser without JavaScript: a field s<point> per marked point. Marks
// that did not change are left alone.
func (s *Server) marksSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return parley.Invalid("form", "the form could not be read: %v", err)
	}
	marks := map[int64]parley.StanceValue{}
	for k, vs := range r.PostForm {
		if !strings.HasPrefix(k, "s") || len(vs) == 0 {
			continue
		}
		point, err := strconv.ParseInt(k[1:], 10, 64)
		if err != nil || point <= 0 {
			continue // not a mark: _csrf, say
		}
		marks[point] = parley.StanceValue(vs[0])
	}
	changed, err := s.ws.SetMarks(r.Context(), id, n, marks)
	if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/drafts/%d?marked=%d", id, n, changed)
	return nil
}

// pointPath reads {talks}, a tabled draft's {n} and {point}.
func pointPath(r *http.Request) (id int64, n int, point int64, err error) {
	if id, n, err = tabledDraftPath(r); err != nil {
		return 0, 0, 0, err
	}
	if point, err = pathID(r, "point"); err != nil {
		return 0, 0, 0, err
	}
	return id, n, point, nil
}

// talksPoint is what a page about one point of a tabled draft starts
// from: the talks as the viewer sees them, the draft's number and the
// point, found from the request's path.
type talksPoint struct {
	Talks *workspace.TalksView
	Draft int
	Point parley.Point
}

// talksPointOf reads the talks and the point the request's path names
// (404 for a point the draft does not have).
func (s *Server) talksPointOf(r *http.Request) (*talksPoint, error) {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	t, err := s.ws.GetTalks(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.ws.GetDraft(ctx, id, n)
	if err != nil {
		return nil, err
	}
	pt := d.Point(pointID)
	if pt == nil {
		return nil, parley.NotFound("point")
	}
	return &talksPoint{Talks: t, Draft: n, Point: *pt}, nil
}

func (s *Server) listStances(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	ss, err := s.ws.ListStances(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ss)
	return nil
}

func (s *Server) setStance(w http.ResponseWriter, r *http.Request) error {
	id, n, point, err := pointPath(r)
	if err != nil {
		return err
	}
	var in parley.StanceInput
	if err := decode(r, &in); err != nil {
		return err
	}
	st, err := s.ws.SetStance(r.Context(), id, n, point, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) stanceHistory(w http.ResponseWriter, r *http.Request) error {
	id, n, point, err := pointPath(r)
	if err != nil {
		return err
	}
	h, err := s.ws.StanceHistory(r.Context(), id, n, point)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *Server) gapMap(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	m, err := s.ws.GapMap(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// pointView is one point of a draft page with the stances on it that the
// viewer may see.
type pointView struct {
	parley.Point
	Talks, Draft int64
	Mine         *parley.Stance
	Others       []parley.Stance
	CanMark      bool
	// Lang is the draft's drafting language, on the point's own page.
	Lang  string
	Share bool // the default of the share switch
	CSRF  string
	Saved bool
	// Compact shows only the mark and a link to the rationale and
	// sharing, for long drafts (see compactView).
	Compact bool
	// Earlier are the viewer's party's stances on the points of the
	// previous draft this one was amended, split or merged from.
	Earlier []workspace.EarlierStance
	// Back, on the side-by-side page, is where the stance form comes
	// back to (see pointBlock).
	Back string
	// Lineage, on the point's own page, are the amendments the viewer
	// may see that this draft took into the point.
	Lineage []parley.Amendment
	// Error and Field, after a refused submission of the form, say why
	// and beside which field (its form name; "" for the form as a whole).
	Error, Field string
}

// pointViews lays out a draft's points with their stances: the viewer's
// party's own, and the others it may see.
func pointViews(t *workspace.TalksView, d *parley.Draft, stances []parley.Stance, latest int, csrf string) []pointView {
	share := false
	for _, party := range t.Parties {
		if party.ID == t.Can.MarkAsParty {
			share = party.ShareByDefault
		}
	}
	byPoint := map[int64][]parley.Stance{}
	for _, st := range stances {
		byPoint[st.PointID] = append(byPoint[st.PointID], st)
	}
	var out []pointView
	for _, pt := range d.Points {
		v := pointView{Point: pt, Talks: t.ID, Draft: int64(d.Number), CSRF: csrf, Share: share,
			CanMark: t.Can.Mark && pt.Kind == parley.KindPoint && d.Tabled && d.Number == latest && t.State == parley.TalksOpen}
		for _, st := range byPoint[pt.ID] {
			if st.PartyID == t.Can.MarkAsParty {
				v.Mine, v.Share = &st, st.ShareWithMediator
			} else {
				v.Others = append(v.Others, st)
			}
		}
		out = append(out, v)
	}
	return out
}

// stanceSubmit records the viewer's party's stance from the draft page's
// form; htmx swaps in the point's updated block, a plain form post comes
// back to the page.
func (s *Server) stanceSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return err
	}
	share := r.PostFormValue("share_with_mediator") == "on"
	in := parley.StanceInput{Value: parley.StanceValue(r.PostFormValue("stance")), Rationale: r.PostFormValue("rationale"),
		ShareWithMediator: &share, ReleasedToAll: r.PostFormValue("released_to_all") == "on",
		KeepDetails: r.PostFormValue("keep") == "details"}
	ctx := r.Context()
	if _, err := s.ws.SetStance(ctx, id, n, pointID, in); parley.ErrorCode(err) == parley.EINVALID && !in.KeepDetails {
		return s.stanceRefused(w, r, p, id, n, pointID, in, err)
	} else if err != nil {
		return err
	}
	return s.pointBlock(w, r, p, id, n, pointID, in.KeepDetails)
}

// stanceRefused answers a stance the workspace refused as invalid with
// the form again, holding what was sent and the reason beside its field:
// to htmx, the point's block in place of the one on the page (swapped by
// app.js, which lets an error status with X-Parley-Form through); to a
// plain post, the point's page.
func (s *Server) stanceRefused(w http.ResponseWriter, r *http.Request, p *page, id int64, n int, pointID int64, in parley.StanceInput, refusal error) error {
	v, err := s.pointView(r, p, id, n, pointID)
	if err != nil {
		return err
	}
	kept := parley.Stance{}
	if v.Mine != nil {
		kept = *v.Mine // its carry-over, if any, still shows
	}
	kept.Value, kept.Rationale, kept.ReleasedToAll = in.Value, in.Rationale, in.ReleasedToAll
	v.Mine, v.Share = &kept, *in.ShareWithMediator
	v.Error, v.Field = p.message(refusal), parley.ErrorField(refusal)
	p.Data = v
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("X-Parley-Form", "refused")
		s.render(w, r, statusOf[parley.EINVALID], "stance", *p)
		return nil
	}
	p.Title, p.Talks = p.tr("Point %s", v.Number), id
	s.render(w, r, statusOf[parley.EINVALID], "point", *p)
	return nil
}

// pointView lays out one point of a draft as the viewer sees it, from the
// stances on that point alone.
func (s *Server) pointView(r *http.Request, p *page, id int64, n int, pointID int64) (pointView, error) {
	ctx := r.Context()
	t, err := s.ws.GetTalks(ctx, id)
	if err != nil {
		return pointView{}, err
	}
	d, err := s.ws.GetDraft(ctx, id, n)
	if err != nil {
		return pointView{}, err
	}
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return pointView{}, err
	}
	pt := d.Point(pointID)
	if pt == nil || pt.Kind != parley.KindPoint {
		return pointView{}, parley.NotFound("point")
	}
	on, err := s.ws.StancesOnPoint(ctx, id, n, pointID)
	if err != nil {
		return pointView{}, err
	}
	one := *d
	one.Points = []parley.Point{*pt}
	return withEarlier(pointViews(t, &one, on.Stances, len(drafts), p.CSRF), on.Earlier)[0], nil
}

// pointPage shows one point of a tabled draft with the stances on it the
// viewer may see and, on the latest draft, the whole stance form: where
// the compact rows of a long draft lead for the rationale and sharing.
// htmx asks for the stance block alone, to open in place.
func (s *Server) pointPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return err
	}
	v, err := s.pointView(r, p, id, n, pointID)
	if err != nil {
		return err
	}
	p.Data = v
	if r.Header.Get("HX-Request") == "true" {
		s.render(w, r, http.StatusOK, "stance", *p)
		return nil
	}
	lineage, err := s.ws.AmendmentLineage(r.Context(), id, n-1, n)
	if err != nil {
		return err
	}
	for _, from := range append([]int64{pointID}, v.From...) {
		v.Lineage = append(v.Lineage, lineage[from]...)
	}
	if v.Lang, err = s.ws.DraftingLanguage(r.Context(), id, n); err != nil {
		return err
	}
	p.Data = v
	p.Title, p.Talks = p.tr("Point %s", v.Number), id
	s.render(w, r, http.StatusOK, "point", *p)
	return nil
}
