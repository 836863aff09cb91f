package http

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/workspace"
)

// Drafts: tabled drafts and the mediator's working draft, their
// comparison and their export as files; the draft page, the compare page
// and the mediator's drafting page.

func (s *Server) registerDrafts() {
	s.api("GET /api/v1/talks/{talks}/drafts", talksGet(s.ws.ListDrafts))
	s.api("POST /api/v1/talks/{talks}/drafts", s.tableDraft)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}", s.getDraft)
	s.api("PUT /api/v1/talks/{talks}/drafts/{n}", s.putDraft)
	s.api("DELETE /api/v1/talks/{talks}/drafts/{n}", s.deleteDraft)
	s.api("POST /api/v1/talks/{talks}/drafts/working/table", s.tableWorkingDraft)
	s.api("GET /api/v1/talks/{talks}/diff", s.diff)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/export", s.exportDraft)
	s.api("GET /api/v1/talks/{talks}/redline", s.exportRedline)

	s.page("GET /talks/{talks}/drafts/{n}", s.draftPage)
	s.page("GET /talks/{talks}/drafts/{n}/download", asPage(s.exportDraft))
	s.page("GET /talks/{talks}/compare", s.comparePage)
	s.page("GET /talks/{talks}/drafting", s.draftingPage)
	s.page("POST /talks/{talks}/drafting", s.draftingSubmit)
	s.registerTabling()
	s.registerEditor()
}

// draftInput reads a draft from a JSON or Markdown body.
func draftInput(r *http.Request) (*parley.DraftInput, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "text/markdown" {
		body, err := readBody(r)
		if err != nil {
			return nil, err
		}
		return markdown.Read(string(body))
	}
	var in parley.DraftInput
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return &in, nil
}

func (s *Server) tableDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	in, err := draftInput(r)
	if err != nil {
		return err
	}
	if err := baseVersion(r, in); err != nil {
		return err
	}
	d, err := s.ws.TableDraftOnce(r.Context(), id, tablingKey(r), in)
	if err != nil {
		return s.writeStale(w, r, id, in, err)
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

// writeDraft writes a draft as JSON, or as Markdown if the client asked
// for it (with identity markers if markers is true).
func writeDraft(w http.ResponseWriter, r *http.Request, d *parley.Draft, markers bool) {
	if wantsMarkdown(r) {
		writeText(w, "text/markdown; charset=utf-8", markdown.Write(d, markers))
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) getDraft(w http.ResponseWriter, r *http.Request) error {
	id, n, err := draftPath(r)
	if err != nil {
		return err
	}
	d, err := s.ws.GetDraft(r.Context(), id, n)
	if err != nil {
		return err
	}
	if n == 0 {
		w.Header().Set("ETag", strconv.Quote(strconv.Itoa(d.Version)))
	}
	writeDraft(w, r, d, r.URL.Query().Get("markers") != "false")
	return nil
}

// putDraft saves the working draft; a tabled draft cannot change.
func (s *Server) putDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := s.workingOnly(r)
	if err != nil {
		return err
	}
	in, err := draftInput(r)
	if err != nil {
		return err
	}
	if err := baseVersion(r, in); err != nil {
		return err
	}
	d, err := s.ws.SaveWorkingDraft(r.Context(), id, in)
	if err != nil {
		return s.writeStale(w, r, id, in, err)
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// deleteDraft discards the working draft; a tabled draft cannot go.
func (s *Server) deleteDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := s.workingOnly(r)
	if err != nil {
		return err
	}
	if err := s.ws.DiscardWorkingDraft(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// workingOnly reads {talks} and {n} for a change to a draft: only the
// working draft changes; a tabled draft the caller can see is a conflict.
func (s *Server) workingOnly(r *http.Request) (int64, error) {
	id, n, err := draftPath(r)
	if err != nil {
		return 0, err
	}
	if n > 0 {
		if _, err := s.ws.GetDraft(r.Context(), id, n); err != nil {
			return 0, err
		}
		return 0, parley.Errorf(parley.ECONFLICT, "draft %d is tabled and cannot change; table a new draft instead", n)
	}
	return id, nil
}

func (s *Server) tableWorkingDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	d, err := s.ws.TableWorkingDraftOnce(r.Context(), id, tablingKey(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request) error {
	id, from, to, err := draftRange(r)
	if err != nil {
		return err
	}
	d, err := s.ws.Diff(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// exportDraft serves a draft as a file: ?format=md|docx|pdf|akn. The
// draft page's download links use it too.
func (s *Server) exportDraft(w http.ResponseWriter, r *http.Request) error {
	id, n, err := draftPath(r)
	if err != nil {
		return err
	}
	e, err := s.ws.ExportDraft(r.Context(), id, n, r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	writeFile(w, e)
	return nil
}

// exportRedline serves a Word redline of two drafts: ?from=N&to=M.
func (s *Server) exportRedline(w http.ResponseWriter, r *http.Request) error {
	id, from, to, err := draftRange(r)
	if err != nil {
		return err
	}
	e, err := s.ws.ExportRedline(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	writeFile(w, e)
	return nil
}

type draftData struct {
	Talks  *workspace.TalksView
	Draft  *parley.Draft
	Latest int
	Points []pointView
	// Marking is the viewer's party's marking of the latest draft, when
	// it may mark.
	Marking *workspace.MarkingState
	// MarksForm puts the compact rows of a long draft in one form that
	// saves every changed mark at once (see marksSubmit).
	MarksForm bool
	// Marked is how many marks the form just recorded (?marked=N).
	Marked string
	// Sections lists the draft's sections for navigation; Show is the
	// filter the page shows (?show=, see filterPoints).
	Sections     []sectionLink
	Show         string
	Shown, Total int // points (not headings) shown and in the draft
	// Lang is the draft's drafting language, the lang of its points'
	// texts where they are written in its script (see textLang).
	Lang string
}

// draftPage shows a draft, point by point, with the stances on each that
// the viewer may see and, on the latest draft, a form to mark its own.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, err := draftPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	var d draftData
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	if d.Draft, err = s.ws.GetDraft(ctx, id, n); err != nil {
		return err
	}
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return err
	}
	d.Latest = len(drafts)
	var stances []parley.Stance
	if n > 0 {
		if stances, err = s.ws.ListStances(ctx, id, n); err != nil {
			return err
		}
	}
	var earlier []workspace.EarlierStance
	if n > 0 {
		if earlier, err = s.ws.EarlierStances(ctx, id, n); err != nil {
			return err
		}
	}
	d.Points = withEarlier(pointViews(d.Talks, d.Draft, stances, d.Latest, p.CSRF), earlier)
	d.Marked = r.URL.Query().Get("marked")
	d.Sections = sectionsOf(d.Points)
	d.Show = r.URL.Query().Get("show")
	d.Total = countPoints(d.Points)
	if d.Points, err = filterPoints(d.Points, d.Show); err != nil {
		return err
	}
	d.Shown = countPoints(d.Points)
	view := r.URL.Query().Get("view")
	if view == "" {
		prefs, err := s.ws.Preferences(ctx)
		if err != nil {
			return err
		}
		view = prefs.DraftView
	}
	compact := compactView(view, len(d.Draft.Points))
	for i := range d.Points {
		d.Points[i].Compact = compact
		d.MarksForm = d.MarksForm || compact && d.Points[i].CanMark
	}
	if n > 0 {
		if d.Lang, err = s.ws.DraftingLanguage(ctx, id, n); err != nil {
			return err
		}
	}
	if d.Talks.Can.Mark && n > 0 && n == d.Latest {
		if d.Marking, err = s.ws.MarkingOf(ctx, id, n); err != nil {
			return err
		}
	}
	p.Title, p.Data, p.Talks = d.Draft.Title, d, id
	s.render(w, r, http.StatusOK, "draft", *p)
	return nil
}

type compareData struct {
	Talks    *workspace.TalksView
	Drafts   []parley.Draft
	From, To int
	Diff     *diff.Result
	// Lineage holds the amendments the viewer may see that the drafts
	// compared took, by the point each amended.
	Lineage map[int64][]parley.Amendment
}

// comparePage shows what changed between two drafts, by default the
// latest two.
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := compareData{Talks: t}
	if d.Drafts, err = s.ws.ListDrafts(ctx, id); err != nil {
		return err
	}
	if len(d.Drafts) < 2 {
		return parley.Errorf(parley.ECONFLICT, "two drafts are needed for a comparison")
	}
	d.From, d.To = len(d.Drafts)-1, len(d.Drafts)
	if v, err := strconv.Atoi(r.URL.Query().Get("from")); err == nil {
		d.From = v
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("to")); err == nil {
		d.To = v
	}
	if d.Diff, err = s.ws.Diff(ctx, id, d.From, d.To); err != nil {
		return err
	}
	if d.Lineage, err = s.ws.AmendmentLineage(ctx, id, d.From, d.To); err != nil {
		return err
	}
	p.Title, p.Data = p.tr("Compare drafts"), d
	s.render(w, r, http.StatusOK, "compare", *p)
	return nil
}

type draftingData struct {
	Talks    *workspace.TalksView
	Markdown string
	Working  bool
	Error    string
	// Version is the working draft's version the text was edited from;
	// Token the form's one-time tabling token; Other the edit a save was
	// refused over.
	Version int
	Token   string
	Other   *otherEdit
	// Taken are the amendments taken into the working draft, not yet
	// tabled, by the point each amends.
	Taken map[int64][]parley.Amendment
}

// draftingPage lets the mediator edit the next draft as Markdown with
// identity markers, starting from the working draft or the latest tabled
// one.
func (s *Server) draftingPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := draftingData{Talks: t, Token: formToken()}
	if !d.Talks.Can.Draft {
		return parley.Errorf(parley.EFORBIDDEN, "only a mediator drafts")
	}
	if wd, err := s.ws.GetDraft(ctx, id, 0); err == nil {
		d.Markdown, d.Working, d.Version = markdown.Write(wd, true), true, wd.Version
	} else if drafts, err := s.ws.ListDrafts(ctx, id); err == nil && len(drafts) > 0 {
		latest, err := s.ws.GetDraft(ctx, id, drafts[len(drafts)-1].Number)
		if err != nil {
			return err
		}
		latest.Title = ""
		d.Markdown = markdown.Write(latest, true)
	}
	if !d.Working {
		if d.Version, err = s.ws.WorkingDraftVersion(ctx, id); err != nil {
			return err
		}
	}
	if d.Taken, err = s.ws.AmendmentLineage(ctx, id, 0, 0); err != nil {
		return err
	}
	p.Title, p.Data, p.Talks = p.tr("Drafting"), d, id
	s.render(w, r, http.StatusOK, "drafting", *p)
	return nil
}

// draftingSubmit saves the text as the working draft, or previews its
// tabling (see tabling.go), or, back from a preview, shows the text again;
// text that does not make a draft comes back with the reason, and a save
// over another's edit with that edit beside it.
func (s *Server) draftingSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := draftingData{Markdown: r.PostFormValue("markdown"), Token: r.PostFormValue("table_token")}
	var base *int // the version the text was edited from; a form without one does not check
	if v := r.PostFormValue("version"); v != "" {
		if d.Version, err = strconv.Atoi(v); err != nil || d.Version < 0 {
			return parley.Invalid("version", "the form's version of the working draft is not a number; open the drafting page again")
		}
		base = &d.Version
	}
	in, err := markdown.Read(d.Markdown)
	switch action := r.PostFormValue("action"); {
	case action == "edit":
		// Back from a preview, with the text unsaved.
		err = nil
	case err != nil:
	case action == "preview" || action == "table":
		// Tabling from the page goes through its preview.
		in.Version = base
		if err = s.previewText(w, r, p, id, in, d); parley.ErrorCode(err) != parley.EINVALID && parley.ErrorCode(err) != parley.ECONFLICT {
			return err
		}
	default:
		in.Version = base
		if _, err = s.ws.SaveWorkingDraft(ctx, id, in); err == nil {
			redirect(w, r, "/talks/%d/drafting", id)
			return nil
		}
	}
	return s.draftingAgain(w, r, p, id, d, base, in, err)
}

// draftingAgain renders the drafting form again with its text: after a
// refused save or preview with the reason (and, over a stale version,
// the other edit), or back from a preview.
func (s *Server) draftingAgain(w http.ResponseWriter, r *http.Request, p *page, id int64, d draftingData, base *int, in *parley.DraftInput, err error) error {
	ctx := r.Context()
	status, msg := http.StatusBadRequest, p.message(err)
	cur, stale := s.staleAgainst(r, id, in, err)
	switch {
	case err == nil:
		status = http.StatusOK
	case stale:
		status, d.Other = http.StatusConflict, otherEditOf(cur)
	case parley.ErrorCode(err) != parley.EINVALID:
		return err
	}
	if stale || base == nil {
		// The form sends the version now, for a save that means to
		// replace it.
		v, verr := s.ws.WorkingDraftVersion(ctx, id)
		if verr != nil {
			return verr
		}
		d.Version = v
	}
	var terr error
	if d.Talks, terr = s.ws.GetTalks(ctx, id); terr != nil {
		return terr
	}
	d.Error = msg
	p.Title, p.Talks, p.Data = p.tr("Drafting"), id, d
	s.render(w, r, status, "drafting", *p)
	return nil
}

// tokenKey is the tabling key of a drafting form's one-time token.
func tokenKey(token string) string {
	if token == "" {
		return ""
	}
	return "form-" + token
}
