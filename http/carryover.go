package http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/parley-talks/parley/workspace"
)

// Carried-over stances: a party confirms the stances carried over to the
// latest draft from points it left unchanged, one or all at once, and
// reads its stances on the points an amended, split or merged point came
// from; the draft page's confirm buttons do the same.

func (s *Server) registerCarryover() {
	s.api("POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/stance/confirm", s.confirmStance)
	s.api("POST /api/v1/talks/{talks}/drafts/{n}/stances/confirm", s.confirmStances)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/stances/earlier", s.earlierStances)

	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/stance/confirm", s.confirmSubmit)
	s.page("POST /talks/{talks}/drafts/{n}/stances/confirm", s.confirmAllSubmit)
}

func (s *Server) confirmStance(w http.ResponseWriter, r *http.Request) error {
	id, n, point, err := pointPath(r)
	if err != nil {
		return err
	}
	ss, err := s.ws.ConfirmStances(r.Context(), id, n, []int64{point})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ss[0])
	return nil
}

func (s *Server) confirmStances(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	ss, err := s.ws.ConfirmStances(r.Context(), id, n, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ss)
	return nil
}

func (s *Server) earlierStances(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	es, err := s.ws.EarlierStances(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, es)
	return nil
}

// confirmSubmit confirms the carried-over stance on one point from the
// draft page; htmx swaps in the point's block, a plain post comes back to
// the page.
func (s *Server) confirmSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return err
	}
	if _, err := s.ws.ConfirmStances(r.Context(), id, n, []int64{pointID}); err != nil {
		return err
	}
	return s.pointBlock(w, r, p, id, n, pointID, false)
}

// confirmAllSubmit confirms every carried-over stance of the caller's
// party on the draft and comes back to the page.
func (s *Server) confirmAllSubmit(w http.ResponseWriter, r *http.Request, _ *page) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	if _, err := s.ws.ConfirmStances(r.Context(), id, n, nil); err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/drafts/%d#marking", id, n)
	return nil
}

// pointBlock answers a change to a point's stance from the draft page:
// htmx gets the point's stance block, saved (compact for a long draft's
// row); a plain form post goes back to the point on the page.
func (s *Server) pointBlock(w http.ResponseWriter, r *http.Request, p *page, id int64, n int, pointID int64, compact bool) error {
	if r.Header.Get("HX-Request") != "true" {
		// The side-by-side page's form comes back there, with the
		// languages it showed.
		prefix := fmt.Sprintf("/talks/%d/drafts/%d/parallel?", id, n)
		if back, ok := strings.CutPrefix(r.PostFormValue("back"), prefix); ok {
			redirect(w, r, "%s#p%d", parallelURL(id, n, back), pointID)
			return nil
		}
		redirect(w, r, "/talks/%d/drafts/%d#p%d", id, n, pointID)
		return nil
	}
	v, err := s.pointView(r, p, id, n, pointID)
	if err != nil {
		return err
	}
	v.Saved, v.Compact = true, compact
	p.Data = v
	s.render(w, r, http.StatusOK, "stance", *p)
	return nil
}

// withEarlier adds to each point's view the party's stances on the
// points it was amended, split or merged from.
func withEarlier(views []pointView, earlier []workspace.EarlierStance) []pointView {
	byPoint := map[int64][]workspace.EarlierStance{}
	for _, e := range earlier {
		byPoint[e.Point] = append(byPoint[e.Point], e)
	}
	for i := range views {
		views[i].Earlier = byPoint[views[i].ID]
	}
	return views
}
