package http

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Comments: threads anchored to a point, carried to the same point in
// later drafts; the API and the point's comments page.

func (s *Server) registerComments() {
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/points/{point}/comments", s.listComments)
	s.api("POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/comments", s.addComment)
	s.api("PUT /api/v1/talks/{talks}/comments/{comment}/resolved", s.resolveThread)

	s.page("GET /talks/{talks}/drafts/{n}/points/{point}/comments", s.commentsPage)
	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/comments", s.commentSubmit)
	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/comments/{comment}/resolved", s.resolveSubmit)
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) error {
	id, n, point, err := pointPath(r)
	if err != nil {
		return err
	}
	cs, err := s.ws.ListComments(r.Context(), id, n, point)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	id, n, point, err := pointPath(r)
	if err != nil {
		return err
	}
	var in parley.CommentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.ws.AddComment(r.Context(), id, n, point, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// resolvedInput is the body of a thread's resolution.
type resolvedInput struct {
	Resolved *bool `json:"resolved"`
}

func (s *Server) resolveThread(w http.ResponseWriter, r *http.Request) error {
	id, cid, err := pathIDs(r, "comment")
	if err != nil {
		return err
	}
	var in resolvedInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Resolved == nil {
		return parley.Invalid("resolved", "say whether the thread is resolved")
	}
	c, err := s.ws.ResolveThread(r.Context(), id, cid, *in.Resolved)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// commentsData is a point's comments page.
type commentsData struct {
	Talks      *workspace.TalksView
	Draft      int
	Point      parley.Point
	Threads    []threadView
	CanComment bool
	Form       parley.CommentInput
	Error      string
	Field      string
}

// threadView is a thread: its first comment and its replies.
type threadView struct {
	parley.Comment
	Replies []parley.Comment
}

func (s *Server) commentsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderComments(w, r, p, http.StatusOK, nil)
}

// renderComments renders a point's comments; form, if set, is a refused
// comment to show again with its error.
func (s *Server) renderComments(w http.ResponseWriter, r *http.Request, p *page, status int, form *commentsData) error {
	tp, err := s.talksPointOf(r)
	if err != nil {
		return err
	}
	ctx, t, n, pt := r.Context(), tp.Talks, tp.Draft, &tp.Point
	id, pointID := t.ID, pt.ID
	cs, err := s.ws.ListComments(ctx, id, n, pointID)
	if err != nil {
		return err
	}
	data := commentsData{Talks: t, Draft: n, Point: *pt, Form: parley.CommentInput{Visibility: parley.VisibleToPartyMediator},
		CanComment: t.Can.SpeakForParty && t.State == parley.TalksOpen}
	if form != nil {
		data.Form, data.Error, data.Field = form.Form, form.Error, form.Field
	}
	at := map[int64]int{}
	for _, c := range cs {
		if c.Parent == 0 {
			at[c.ID] = len(data.Threads)
			data.Threads = append(data.Threads, threadView{Comment: c})
		} else if i, ok := at[c.Parent]; ok {
			data.Threads[i].Replies = append(data.Threads[i].Replies, c)
		}
	}
	p.Title, p.Data, p.Talks = p.tr("Comments on point %s", pt.Number), data, id
	s.render(w, r, status, "comments", *p)
	return nil
}

// commentSubmit adds a comment from the page's form (a new thread, or a
// reply with reply_to); a refused one comes back with its text kept.
func (s *Server) commentSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return err
	}
	in := parley.CommentInput{Text: r.PostFormValue("text"), Quote: r.PostFormValue("quote"),
		Visibility: parley.CommentVisibility(r.PostFormValue("visibility"))}
	if v := r.PostFormValue("reply_to"); v != "" {
		if in.ReplyTo, err = strconv.ParseInt(v, 10, 64); err != nil {
			return parley.Invalid("reply_to", "reply_to must name a thread")
		}
		in.Visibility = ""
	}
	if _, err := s.ws.AddComment(r.Context(), id, n, pointID, in); err != nil {
		if parley.ErrorCode(err) != parley.EINVALID {
			return err
		}
		return s.renderComments(w, r, p, statusOf[parley.EINVALID], &commentsData{Form: in, Error: p.message(err),
			Field: parley.ErrorField(err)})
	}
	redirect(w, r, "/talks/%d/drafts/%d/points/%d/comments", id, n, pointID)
	return nil
}

// resolveSubmit resolves or reopens a thread from the page.
func (s *Server) resolveSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, pointID, err := pointPath(r)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "comment")
	if err != nil {
		return err
	}
	// The path names the thread's point: a thread of another point (or a
	// reply) is not found here.
	threads, err := s.ws.ListComments(r.Context(), id, n, pointID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(threads, func(c parley.Comment) bool { return c.ID == cid && c.Parent == 0 }) {
		return parley.NotFound("comment")
	}
	if _, err := s.ws.ResolveThread(r.Context(), id, cid, r.PostFormValue("resolved") == "true"); err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/drafts/%d/points/%d/comments#c%d", id, n, pointID, cid)
	return nil
}
