package http

import (
	"context"
	"mime"
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/workspace"
)

// apiRoutes lists the JSON API. The OpenAPI document describes exactly
// these, which TestOpenAPICoversRoutes checks.
func (s *Server) apiRoutes() []route {
	return []route{
		{method: "POST", pattern: "/api/v1/session", handler: s.signIn, public: true},
		{method: "DELETE", pattern: "/api/v1/session", handler: s.signOut},
		{method: "DELETE", pattern: "/api/v1/sessions", handler: s.signOutEverywhere},
		{method: "GET", pattern: "/api/v1/account", handler: s.getAccount},
		{method: "POST", pattern: "/api/v1/accounts", handler: s.createAccount},
		{method: "GET", pattern: "/api/v1/openapi.json", handler: s.openAPI, public: true},

		{method: "GET", pattern: "/api/v1/talks", handler: s.listTalks},
		{method: "POST", pattern: "/api/v1/talks", handler: s.createTalks},
		{method: "GET", pattern: "/api/v1/talks/{talks}", handler: talksGet(s.ws.GetTalks)},
		{method: "PATCH", pattern: "/api/v1/talks/{talks}", handler: s.updateTalks},
		{method: "GET", pattern: "/api/v1/talks/{talks}/parties", handler: talksGet(s.ws.ListParties)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/parties", handler: talksPost(s.ws.AddParty)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/members", handler: talksGet(s.ws.ListMembers)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/members", handler: talksPost(s.ws.AddMember)},

		{method: "GET", pattern: "/api/v1/talks/{talks}/drafts", handler: talksGet(s.ws.ListDrafts)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/drafts", handler: s.tableDraft},
		{method: "GET", pattern: "/api/v1/talks/{talks}/drafts/{n}", handler: s.getDraft},
		{method: "PUT", pattern: "/api/v1/talks/{talks}/drafts/{n}", handler: s.putDraft},
		{method: "DELETE", pattern: "/api/v1/talks/{talks}/drafts/{n}", handler: s.deleteDraft},
		{method: "POST", pattern: "/api/v1/talks/{talks}/drafts/working/table", handler: s.tableWorkingDraft},
		{method: "GET", pattern: "/api/v1/talks/{talks}/drafts/{n}/stances", handler: s.listStances},
		{method: "PUT", pattern: "/api/v1/talks/{talks}/drafts/{n}/points/{point}/stance", handler: s.setStance},
		{method: "GET", pattern: "/api/v1/talks/{talks}/drafts/{n}/points/{point}/stance/history", handler: s.stanceHistory},
		{method: "GET", pattern: "/api/v1/talks/{talks}/drafts/{n}/gap", handler: s.gapMap},
		{method: "GET", pattern: "/api/v1/talks/{talks}/convergence", handler: talksGet(s.ws.Convergence)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/diff", handler: s.diff},
		{method: "GET", pattern: "/api/v1/talks/{talks}/drafts/{n}/export", handler: s.exportDraft},
		{method: "GET", pattern: "/api/v1/talks/{talks}/redline", handler: s.exportRedline},

		{method: "GET", pattern: "/api/v1/talks/{talks}/decisions", handler: talksGet(s.ws.ListDecisions)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/decisions", handler: talksPost(s.ws.ProposeDecision)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/decisions/{decision}", handler: s.getDecision},
		{method: "PUT", pattern: "/api/v1/talks/{talks}/decisions/{decision}/answer", handler: s.answerDecision},
		{method: "GET", pattern: "/api/v1/public/talks/{talks}/drafts/{n}", handler: s.publicDraft, public: true},

		{method: "GET", pattern: "/api/v1/talks/{talks}/analysis", handler: talksGet(s.ws.GetAnalysis)},
		{method: "PUT", pattern: "/api/v1/talks/{talks}/analysis/space", handler: s.putIssueSpace},
		{method: "PUT", pattern: "/api/v1/talks/{talks}/analysis/profile", handler: s.putProfile},
		{method: "POST", pattern: "/api/v1/talks/{talks}/analysis/run", handler: s.runAnalysis},
		{method: "POST", pattern: "/api/v1/talks/{talks}/analysis/shares", handler: s.sharePackage},

		{method: "GET", pattern: "/api/v1/talks/{talks}/meetings", handler: talksGet(s.ws.ListMeetings)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/meetings", handler: talksPost(s.ws.RecordMeeting)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/statements", handler: s.listStatements},
		{method: "POST", pattern: "/api/v1/talks/{talks}/statements", handler: s.recordStatement},
		{method: "POST", pattern: "/api/v1/talks/{talks}/statements/check", handler: s.checkStatement},
		{method: "GET", pattern: "/api/v1/talks/{talks}/statements/digest", handler: talksGet(s.ws.StatementDigest)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/itinerary", handler: talksGet(s.ws.ListLegs)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/itinerary", handler: talksPost(s.ws.RecordLeg)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/timeline", handler: talksGet(s.ws.Timeline)},

		{method: "GET", pattern: "/api/v1/talks/{talks}/audit", handler: s.auditLog},
		{method: "GET", pattern: "/api/v1/talks/{talks}/audit/{index}/proof", handler: s.recordProof},
		{method: "GET", pattern: "/api/v1/audit/checkpoint", handler: s.checkpoint},
		{method: "GET", pattern: "/api/v1/audit/consistency", handler: s.treeProof},

		{method: "GET", pattern: "/api/v1/account/key", handler: s.getAccountKey},
		{method: "PUT", pattern: "/api/v1/account/key", handler: s.putAccountKey},
		{method: "GET", pattern: "/api/v1/talks/{talks}/keys", handler: talksGet(s.ws.MemberKeys)},
		{method: "GET", pattern: "/api/v1/talks/{talks}/messages", handler: talksGet(s.ws.ListMessages)},
		{method: "POST", pattern: "/api/v1/talks/{talks}/messages", handler: s.sendMessage},
		{method: "GET", pattern: "/api/v1/talks/{talks}/messages/{message}", handler: s.getMessage},
		{method: "POST", pattern: "/api/v1/talks/{talks}/messages/{message}/read", handler: s.readMessage},
	}
}

// ---- session and accounts

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type signInResponse struct {
	Token   string          `json:"token"`
	Account *parley.Account `json:"account"`
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	var in signInRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	token, a, err := s.ws.SignIn(r.Context(), in.Username, in.Password, clientAddress(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, signInResponse{Token: token, Account: a})
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.ws.SignOut(r.Context(), bearerToken(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// signOutEverywhere ends every session of the caller's account.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if err := s.ws.SignOutEverywhere(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ws.Account(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	var in workspace.AccountInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ws.CreateAccount(r.Context(), in, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// ---- talks, parties, members

func (s *Server) listTalks(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.ws.ListTalks(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ts)
	return nil
}

func (s *Server) createTalks(w http.ResponseWriter, r *http.Request) error {
	var in workspace.TalksInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.ws.CreateTalks(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) updateTalks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in workspace.TalksUpdate
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.ws.UpdateTalks(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// ---- drafts

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
	d, err := s.ws.TableDraft(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

// wantsMarkdown reports whether the client asked for Markdown, by
// ?format=markdown or an Accept header naming text/markdown first.
func wantsMarkdown(r *http.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return f == "markdown" || f == "md"
	}
	return strings.HasPrefix(r.Header.Get("Accept"), "text/markdown")
}

func (s *Server) getDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	n, err := draftNumber(r)
	if err != nil {
		return err
	}
	d, err := s.ws.GetDraft(r.Context(), id, n)
	if err != nil {
		return err
	}
	if wantsMarkdown(r) {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write([]byte(markdown.Write(d, r.URL.Query().Get("markers") != "false")))
		return nil
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// putDraft saves the working draft; a tabled draft cannot change.
func (s *Server) putDraft(w http.ResponseWriter, r *http.Request) error {
	id, _, err := s.workingOnly(r)
	if err != nil {
		return err
	}
	in, err := draftInput(r)
	if err != nil {
		return err
	}
	d, err := s.ws.SaveWorkingDraft(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// deleteDraft discards the working draft; a tabled draft cannot go.
func (s *Server) deleteDraft(w http.ResponseWriter, r *http.Request) error {
	id, _, err := s.workingOnly(r)
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
func (s *Server) workingOnly(r *http.Request) (int64, int, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	n, err := draftNumber(r)
	if err != nil {
		return 0, 0, err
	}
	if n > 0 {
		if _, err := s.ws.GetDraft(r.Context(), id, n); err != nil {
			return 0, 0, err
		}
		return 0, 0, parley.Errorf(parley.ECONFLICT, "draft %d is tabled and cannot change; table a new draft instead", n)
	}
	return id, n, nil
}

func (s *Server) tableWorkingDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	d, err := s.ws.TableWorkingDraft(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

// ---- stances and measures

// tabledDraftPath reads {talks} and a tabled draft's {n}.
func tabledDraftPath(r *http.Request) (int64, int, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	n, err := draftNumber(r)
	if err != nil || n == 0 {
		return 0, 0, parley.NotFound("draft")
	}
	return id, n, nil
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
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	point, err := pathID(r, "point")
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
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	point, err := pathID(r, "point")
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

func (s *Server) diff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	from, err := queryInt(r, "from")
	if err != nil {
		return err
	}
	to, err := queryInt(r, "to")
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

// exportDraft serves a draft as a file: ?format=md|docx|pdf|akn.
func (s *Server) exportDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	n, err := draftNumber(r)
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
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	from, err := queryInt(r, "from")
	if err != nil {
		return err
	}
	to, err := queryInt(r, "to")
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

// writeFile is the one way a file download is written.
func writeFile(w http.ResponseWriter, e *workspace.Export) {
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.Name+`"`)
	w.Write(e.Body)
}

// talksGet serves a read of the talks named in the path: the workspace
// call's result as JSON.
func talksGet[T any](fn func(context.Context, int64) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "talks")
		if err != nil {
			return err
		}
		v, err := fn(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// talksPost serves a creation in the talks named in the path: the JSON
// body decoded into the workspace call's input, its result as 201.
func talksPost[In, Out any](fn func(context.Context, int64, In) (Out, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "talks")
		if err != nil {
			return err
		}
		var in In
		if err := decode(r, &in); err != nil {
			return err
		}
		v, err := fn(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, v)
		return nil
	}
}
