package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The structured drafting editor: the working draft point by point, as
// the parties will see it numbered, each point a form of its own (its
// title and text, and buttons to save, split, merge, move, indent,
// outdent or delete it), and a form to add a point — plain forms that
// work without JavaScript, each edit saved as the working draft's next
// version (see workspace.EditWorkingDraft).

func (s *Server) registerEditor() {
	s.page("GET /talks/{talks}/drafting/points", s.editorPage)
	s.page("POST /talks/{talks}/drafting/points", s.editorSubmit)
}

type editorData struct {
	Talks *workspace.TalksView
	// Draft is the working draft, or the latest tabled one when there is
	// none (Working false): the first edit starts the working draft from it.
	Draft   *parley.Draft
	Working bool
	// Previous is the latest tabled draft's number and Was each point's
	// number in it, where the point was there; Next the number the
	// draft will have when tabled.
	Previous, Next int
	Was            map[int64]string
	Version        int
	// Taken are the amendments taken into the working draft and not yet
	// tabled, by the point each amends.
	Taken map[int64][]parley.Amendment
	// Error is the reason an edit of point ErrorPoint was refused (or,
	// Adding, the addition of a point after it); Title and Text what was
	// typed in that form, kept.
	Error       string
	ErrorPoint  int64
	Adding      bool
	Title, Text string
}

// editorPage shows the structured editor.
func (s *Server) editorPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	return s.renderEditor(w, r, p, http.StatusOK, id, editorData{})
}

// renderEditor renders the editor over the working draft as it now is,
// with what d says of a refused edit.
func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, p *page, status int, id int64, d editorData) error {
	ctx := r.Context()
	var err error
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	if !d.Talks.Can.Draft {
		return parley.Errorf(parley.EFORBIDDEN, "only a mediator drafts")
	}
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return err
	}
	var latest *parley.Draft
	if len(drafts) > 0 {
		d.Previous = drafts[len(drafts)-1].Number
		if latest, err = s.ws.GetDraft(ctx, id, d.Previous); err != nil {
			return err
		}
		d.Was = map[int64]string{}
		for _, pt := range latest.Points {
			d.Was[pt.ID] = pt.Number
		}
	}
	if d.Draft, err = s.ws.GetDraft(ctx, id, 0); err == nil {
		d.Working, d.Version = true, d.Draft.Version
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return err
	} else {
		d.Draft = latest
		if d.Version, err = s.ws.WorkingDraftVersion(ctx, id); err != nil {
			return err
		}
	}
	if d.Taken, err = s.ws.AmendmentLineage(ctx, id, 0, 0); err != nil {
		return err
	}
	d.Next = d.Previous + 1
	p.Title, p.Talks, p.Data = p.tr("Drafting point by point"), id, d
	s.render(w, r, status, "editor", *p)
	return nil
}

// editorSubmit makes one edit and goes back to the point edited; a
// refused edit comes back with the reason beside the point and what was
// typed there kept.
func (s *Server) editorSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 0 {
		return parley.Invalid("version", "the form's version of the working draft is not a number; open the editor again")
	}
	e := workspace.PointEdit{Op: r.PostFormValue("op"), Kind: parley.PointKind(r.PostFormValue("kind")),
		Title: r.PostFormValue("title"), Text: r.PostFormValue("text")}
	if v := r.PostFormValue("point"); v != "" {
		if e.Point, err = strconv.ParseInt(v, 10, 64); err != nil {
			return parley.Invalid("point", "the point to edit is not a number")
		}
	}
	if e.Kind == "" {
		e.Kind = parley.KindPoint
	}
	d, err := s.ws.EditWorkingDraft(r.Context(), id, version, e)
	switch parley.ErrorCode(err) {
	case "":
		anchor := ""
		if d.Point(e.Point) != nil {
			anchor = "#p-" + strconv.FormatInt(e.Point, 10)
		}
		redirect(w, r, "/talks/%d/drafting/points%s", id, anchor)
		return nil
	case parley.EINVALID, parley.ECONFLICT:
		status := map[bool]int{true: http.StatusConflict, false: http.StatusBadRequest}[parley.ErrorCode(err) == parley.ECONFLICT]
		return s.renderEditor(w, r, p, status, id, editorData{Error: p.message(err), ErrorPoint: e.Point,
			Adding: e.Op == workspace.EditAdd, Title: e.Title, Text: e.Text})
	}
	return err
}
