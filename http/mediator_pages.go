package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/workspace"
)

// The mediator's pages — drafting — and the pages every member uses to
// decide and to check the record.

func (s *Server) mediatorPageRoutes() {
	s.mux.Handle("GET /talks/{talks}/drafting", s.pageHandler(false, s.draftingPage))
	s.mux.Handle("POST /talks/{talks}/drafting", s.pageHandler(false, s.draftingSubmit))
	s.mux.Handle("GET /talks/{talks}/decisions", s.pageHandler(false, s.decisionsPage))
	s.mux.Handle("POST /talks/{talks}/decisions", s.pageHandler(false, s.decisionPropose))
	s.mux.Handle("POST /talks/{talks}/decisions/{decision}/answer", s.pageHandler(false, s.decisionAnswer))
	s.mux.Handle("GET /talks/{talks}/audit", s.pageHandler(false, s.auditPage))
	s.mux.Handle("GET /audit/checkpoint.txt", s.pageHandler(false, s.checkpointFile))
}

type draftingData struct {
	Talks    *workspace.TalksView
	Markdown string
	Working  bool
	Error    string
}

// draftingPage lets the mediator edit the next draft as Markdown with
// identity markers, starting from the working draft or the latest tabled
// one.
func (s *Server) draftingPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := draftingData{}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	if !d.Talks.Can.Draft {
		return parley.Errorf(parley.EFORBIDDEN, "only a mediator drafts")
	}
	if wd, err := s.ws.GetDraft(ctx, id, 0); err == nil {
		d.Markdown, d.Working = markdown.Write(wd, true), true
	} else if drafts, err := s.ws.ListDrafts(ctx, id); err == nil && len(drafts) > 0 {
		latest, err := s.ws.GetDraft(ctx, id, drafts[len(drafts)-1].Number)
		if err != nil {
			return err
		}
		latest.Title = ""
		d.Markdown = markdown.Write(latest, true)
	}
	p.Title, p.Data, p.Talks = "Drafting", d, id
	s.render(w, r, http.StatusOK, "drafting", *p)
	return nil
}

// draftingSubmit saves the text as the working draft, or tables it.
func (s *Server) draftingSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	text := r.PostFormValue("markdown")
	in, err := markdown.Read(text)
	if err == nil {
		if r.PostFormValue("action") == "table" {
			var d *parley.Draft
			if d, err = s.ws.TableDraft(ctx, id, in); err == nil {
				http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/drafts/"+strconv.Itoa(d.Number), http.StatusSeeOther)
				return nil
			}
		} else if _, err = s.ws.SaveWorkingDraft(ctx, id, in); err == nil {
			http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/drafting", http.StatusSeeOther)
			return nil
		}
	}
	if parley.ErrorCode(err) != parley.EINVALID {
		return err
	}
	t, terr := s.ws.GetTalks(ctx, id)
	if terr != nil {
		return terr
	}
	p.Title, p.Talks = "Drafting", id
	p.Data = draftingData{Talks: t, Markdown: text, Error: parley.ErrorMessage(err)}
	s.render(w, r, http.StatusBadRequest, "drafting", *p)
	return nil
}

type decisionsData struct {
	Talks     *workspace.TalksView
	Decisions []parley.Decision
	Latest    int
	Names     map[int64]string
}

func (s *Server) decisionsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := decisionsData{Names: map[int64]string{}}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	for _, party := range d.Talks.Parties {
		d.Names[party.ID] = party.Name
	}
	if d.Decisions, err = s.ws.ListDecisions(ctx, id); err != nil {
		return err
	}
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return err
	}
	d.Latest = len(drafts)
	p.Title, p.Data, p.Talks = "Decisions", d, id
	s.render(w, r, http.StatusOK, "decisions", *p)
	return nil
}

func (s *Server) decisionPropose(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PostFormValue("draft"))
	in := parley.DecisionInput{Kind: parley.DecisionKind(r.PostFormValue("kind")), Draft: n,
		Confidentiality: parley.Confidentiality(r.PostFormValue("confidentiality"))}
	if _, err := s.ws.ProposeDecision(r.Context(), id, in); err != nil {
		return err
	}
	http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/decisions", http.StatusSeeOther)
	return nil
}

func (s *Server) decisionAnswer(w http.ResponseWriter, r *http.Request, p *page) error {
	id, did, err := decisionPath(r)
	if err != nil {
		return err
	}
	yes := r.PostFormValue("answer") == "yes"
	if _, err := s.ws.AnswerDecision(r.Context(), id, did, parley.AnswerInput{Yes: &yes, Reasons: r.PostFormValue("reasons")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/decisions", http.StatusSeeOther)
	return nil
}

type auditData struct {
	Talks      *workspace.TalksView
	Entries    []parley.AuditEntry
	Checkpoint *parley.Checkpoint
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := auditData{}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	if d.Entries, d.Checkpoint, err = s.ws.AuditLog(ctx, id); err != nil {
		return err
	}
	// Newest first.
	for i, j := 0, len(d.Entries)-1; i < j; i, j = i+1, j-1 {
		d.Entries[i], d.Entries[j] = d.Entries[j], d.Entries[i]
	}
	p.Title, p.Data, p.Talks = "The record", d, id
	s.render(w, r, http.StatusOK, "audit", *p)
	return nil
}

// checkpointFile downloads the latest signed checkpoint, to keep.
func (s *Server) checkpointFile(w http.ResponseWriter, r *http.Request, p *page) error {
	cp, err := s.ws.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="parley-checkpoint.txt"`)
	w.Write([]byte(cp.Note))
	return nil
}
