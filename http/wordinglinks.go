package http

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/parley-talks/parley"
)

// The points each issue concerns, linked from the text page: the latest
// tabled draft's points, ticked for the issues they belong to. Linking a
// point changes no question a profile answers, so the issue space keeps
// its version and no profile is outdated.

// issueLinks is one issue's part of the linking form.
type issueLinks struct {
	Index  int
	Name   string
	Points []linkPoint
}

type linkPoint struct {
	ID      int64
	Label   string
	Checked bool
}

// linksOf lays out the linking form over the latest tabled draft's points
// (none without a tabled draft).
func (s *Server) linksOf(ctx context.Context, talksID int64, space *parley.IssueSpace) []issueLinks {
	var points []parley.Point
	if list, err := s.ws.ListDrafts(ctx, talksID); err == nil && len(list) > 0 {
		if d, err := s.ws.GetDraft(ctx, talksID, list[len(list)-1].Number); err == nil {
			points = d.Markable()
		}
	}
	var out []issueLinks
	for i, is := range space.Issues {
		il := issueLinks{Index: i, Name: is.Name}
		for _, p := range points {
			il.Points = append(il.Points, linkPoint{ID: p.ID, Label: p.Label(), Checked: slices.Contains(is.Points, p.ID)})
		}
		out = append(out, il)
	}
	return out
}

// linksSubmit sets the points each issue concerns from the form's "l.I"
// fields (point IDs), keeping the issues and options as they are.
func (s *Server) linksSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	space := &parley.IssueSpace{Issues: slices.Clone(view.Space.Issues)}
	for i := range space.Issues {
		space.Issues[i].Points = nil
		for _, v := range r.PostForm["l."+strconv.Itoa(i)] {
			pt, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return parley.Invalid("points", "%q is not a point", v)
			}
			space.Issues[i].Points = append(space.Issues[i].Points, pt)
		}
	}
	if err := s.ws.SetIssueSpace(r.Context(), id, space); err != nil {
		if !isRefusal(err) {
			return err
		}
		return s.renderText(w, r, p, statusOf[parley.ErrorCode(err)], func(d *textPageData) { d.Error = p.message(err) })
	}
	redirect(w, r, "/talks/%d/analysis/text", id)
	return nil
}
