package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/workspace"
)

// Tabling from the pages goes through a preview: what the parties would
// see, compared with the latest tabled draft (counts of unchanged,
// amended, new, removed, moved, split and merged points, and the words
// changed), with a warning when most points would be new or removed, and
// a confirmation the mediator must tick. The API keeps its direct route,
// made safe by its Idempotency-Key.

func (s *Server) registerTabling() {
	s.page("GET /talks/{talks}/drafting/preview", s.tablingPreviewPage)
	s.page("POST /talks/{talks}/drafting/table", s.tableConfirmed)
}

type previewData struct {
	Talks   *workspace.TalksView
	Preview *workspace.TablingPreview
	// Markdown is the text previewed, posted again to table it; "" when
	// the preview is of the working draft as saved.
	Markdown string
	// Version is the working draft's version the text was edited from;
	// Token the form's one-time tabling token.
	Version int
	Token   string
	// Counts has the number of points of each kind of change, in a fixed
	// order; Inserted and Deleted the words the amended points change.
	Counts            []changeCount
	Inserted, Deleted int
	Error             string
}

// changeCount is the number of points with one kind of change.
type changeCount struct {
	Change parley.Change
	N      int
}

// previewOrder is the order of the preview's counts.
var previewOrder = []parley.Change{parley.ChangeUnchanged, parley.ChangeAmended, parley.ChangeMoved,
	parley.ChangeSplit, parley.ChangeMerged, parley.ChangeNew, parley.ChangeRemoved}

// tablingPreviewPage previews the tabling of the working draft as saved.
func (s *Server) tablingPreviewPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	pv, err := s.ws.PreviewTabling(r.Context(), id, nil)
	if err != nil {
		return err
	}
	return s.renderPreview(w, r, p, http.StatusOK, id, previewData{Preview: pv, Version: pv.Version, Token: formToken()})
}

// renderPreview renders the preview page of d.
func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, p *page, status int, id int64, d previewData) error {
	var err error
	if d.Talks, err = s.ws.GetTalks(r.Context(), id); err != nil {
		return err
	}
	d.Inserted, d.Deleted = d.Preview.WordChanges()
	if d.Preview.Diff != nil {
		for _, c := range previewOrder {
			d.Counts = append(d.Counts, changeCount{c, d.Preview.Diff.Counts[c]})
		}
	}
	p.Title, p.Talks, p.Data = p.tr("Before tabling draft %d", d.Preview.Draft.Number), id, d
	s.render(w, r, status, "tablepreview", *p)
	return nil
}

// tableConfirmed tables what the preview showed — the text it carries or
// the working draft at the version previewed — once for the form's token,
// if the mediator ticked the confirmation; if not, the preview comes back
// with the reason beside the box.
func (s *Server) tableConfirmed(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := previewData{Markdown: r.PostFormValue("markdown"), Token: r.PostFormValue("table_token")}
	if d.Version, err = strconv.Atoi(r.PostFormValue("version")); err != nil || d.Version < 0 {
		return parley.Invalid("version", "the form's version of the working draft is not a number; open the drafting page again")
	}
	var in *parley.DraftInput
	if d.Markdown != "" {
		if in, err = markdown.Read(d.Markdown); err != nil {
			return err
		}
		in.Version = &d.Version
	}
	if r.PostFormValue("confirm") != "yes" {
		if d.Preview, err = s.ws.PreviewTabling(ctx, id, in); err != nil {
			return err
		}
		d.Error = "Tick the box to confirm that this text is to be tabled; nothing was tabled."
		return s.renderPreview(w, r, p, http.StatusBadRequest, id, d)
	}
	var tabled *parley.Draft
	if in != nil {
		tabled, err = s.ws.TableDraftOnce(ctx, id, tokenKey(d.Token), in)
	} else {
		tabled, err = s.ws.TableWorkingDraftAt(ctx, id, tokenKey(d.Token), d.Version)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/drafts/%d", id, tabled.Number)
	return nil
}

// previewText answers the drafting form's "preview" with the preview of
// its text, or the error that keeps the text from making a draft.
func (s *Server) previewText(w http.ResponseWriter, r *http.Request, p *page, id int64, in *parley.DraftInput, d draftingData) error {
	pv, err := s.ws.PreviewTabling(r.Context(), id, in)
	if err != nil {
		return err
	}
	return s.renderPreview(w, r, p, http.StatusOK, id, previewData{Preview: pv, Markdown: d.Markdown, Version: pv.Version, Token: d.Token})
}
