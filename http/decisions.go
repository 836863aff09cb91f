package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Decisions put to the principal parties (confidentiality, a draft's
// disclosure, sign-off), their answers, and the drafts they disclosed to
// the public; the decisions page and its forms.

func (s *Server) registerDecisions() {
	s.api("GET /api/v1/talks/{talks}/decisions", talksGet(s.ws.ListDecisions))
	s.api("POST /api/v1/talks/{talks}/decisions", talksPost(s.ws.ProposeDecision))
	s.api("GET /api/v1/talks/{talks}/decisions/{decision}", s.getDecision)
	s.api("PUT /api/v1/talks/{talks}/decisions/{decision}/answer", s.answerDecision)
	s.publicAPI("GET /api/v1/public/talks/{talks}/drafts/{n}", s.publicDraft)

	s.page("GET /talks/{talks}/decisions", s.decisionsPage)
	s.page("POST /talks/{talks}/decisions", s.decisionPropose)
	s.page("POST /talks/{talks}/decisions/{decision}/answer", s.decisionAnswer)
}

func (s *Server) getDecision(w http.ResponseWriter, r *http.Request) error {
	id, did, err := pathIDs(r, "decision")
	if err != nil {
		return err
	}
	d, err := s.ws.GetDecision(r.Context(), id, did)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) answerDecision(w http.ResponseWriter, r *http.Request) error {
	id, did, err := pathIDs(r, "decision")
	if err != nil {
		return err
	}
	var in parley.AnswerInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := s.ws.AnswerDecision(r.Context(), id, did, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// publicDraft serves a draft every principal party agreed to disclose, to
// anyone.
func (s *Server) publicDraft(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	d, err := s.ws.PublicDraft(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeDraft(w, r, d, false)
	return nil
}

type decisionsData struct {
	Talks     *workspace.TalksView
	Decisions []parley.Decision
	Latest    int
	Names     map[int64]string
	// Refused is an answer the workspace refused, shown again in its
	// decision's form with the reason beside its field.
	Refused refusedAnswer
}

// refusedAnswer is the input of a refused answer and why it was refused.
type refusedAnswer struct {
	Decision        int64
	Answer, Reasons string // as sent: "yes", "no" or ""
	Error, Field    string
}

func (s *Server) decisionsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderDecisions(w, r, p, http.StatusOK, refusedAnswer{})
}

// renderDecisions renders the decisions page with the status given and a
// refused answer, if any.
func (s *Server) renderDecisions(w http.ResponseWriter, r *http.Request, p *page, status int, refused refusedAnswer) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := decisionsData{Talks: t, Names: partyNames(t), Refused: refused}
	if d.Decisions, err = s.ws.ListDecisions(ctx, id); err != nil {
		return err
	}
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return err
	}
	d.Latest = len(drafts)
	p.Title, p.Data, p.Talks = p.tr("Decisions"), d, id
	s.render(w, r, status, "decisions", *p)
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
	redirect(w, r, "/talks/%d/decisions", id)
	return nil
}

func (s *Server) decisionAnswer(w http.ResponseWriter, r *http.Request, p *page) error {
	id, did, err := pathIDs(r, "decision")
	if err != nil {
		return err
	}
	answer, reasons := r.PostFormValue("answer"), r.PostFormValue("reasons")
	in := parley.AnswerInput{Reasons: reasons}
	if answer == "yes" || answer == "no" {
		yes := answer == "yes"
		in.Yes = &yes
	}
	if _, err := s.ws.AnswerDecision(r.Context(), id, did, in); parley.ErrorCode(err) == parley.EINVALID {
		return s.renderDecisions(w, r, p, statusOf[parley.EINVALID], refusedAnswer{Decision: did, Answer: answer, Reasons: reasons,
			Error: p.message(err), Field: parley.ErrorField(err)})
	} else if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/decisions", id)
	return nil
}
