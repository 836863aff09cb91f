package http

import (
	"net/http"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

// Talks, their parties and members: the API, the home page listing the
// caller's talks and each talks' own page.

func (s *Server) registerTalks() {
	s.api("GET /api/v1/talks", s.listTalks)
	s.api("POST /api/v1/talks", s.createTalks)
	s.api("GET /api/v1/talks/{talks}", talksGet(s.ws.GetTalks))
	s.api("PATCH /api/v1/talks/{talks}", s.updateTalks)
	s.api("GET /api/v1/talks/{talks}/parties", talksGet(s.ws.ListParties))
	s.api("POST /api/v1/talks/{talks}/parties", talksPost(s.ws.AddParty))
	s.api("GET /api/v1/talks/{talks}/members", talksGet(s.ws.ListMembers))
	s.api("POST /api/v1/talks/{talks}/members", talksPost(s.ws.AddMember))

	s.page("GET /{$}", s.homePage)
	s.page("GET /talks/{talks}", s.talksPage)
}

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

// talksOf reads {talks} and the talks as the caller sees them: how every
// page about one set of talks begins.
func (s *Server) talksOf(r *http.Request) (int64, *workspace.TalksView, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, nil, err
	}
	t, err := s.ws.GetTalks(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return id, t, nil
}

// partyNames maps the talks' parties' IDs to their names.
func partyNames(t *workspace.TalksView) map[int64]string {
	names := map[int64]string{}
	for _, p := range t.Parties {
		names[p.ID] = p.Name
	}
	return names
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderHome(w, r, p, http.StatusOK, homeData{})
}

// talksData is the talks home page.
type talksData struct {
	Talks       *workspace.TalksView
	PartyNames  map[int64]string
	Drafts      []parley.Draft
	Convergence *gap.Convergence
	Gap         *gap.Map
	Ranking     []gap.Contention
	Chart       chart
	HasWorking  bool
}

// talksPage shows the talks: the drafts, the convergence chart and, for
// the latest draft, the gap map and the main points of contention.
func (s *Server) talksPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := talksData{Talks: t, PartyNames: partyNames(t)}
	if d.Drafts, err = s.ws.ListDrafts(ctx, id); err != nil {
		return err
	}
	if d.Convergence, err = s.ws.Convergence(ctx, id); err != nil {
		return err
	}
	d.Chart = convergenceChart(d.Convergence)
	d.Convergence.Verdict = gap.VerdictIn(d.Convergence.Drafts, p.tr)
	if d.Talks.Can.SeeWorking {
		_, err := s.ws.GetDraft(ctx, id, 0)
		d.HasWorking = err == nil
	}
	if len(d.Drafts) > 0 {
		if d.Gap, err = s.ws.GapMap(ctx, id, d.Drafts[len(d.Drafts)-1].Number); err != nil {
			return err
		}
		if d.Gap.Basis != "" {
			d.Gap.Basis = gap.BasisIn(d.Gap.Counts, p.tr)
		}
		for _, c := range d.Gap.Ranking {
			if c.Score > 0 && len(d.Ranking) < 5 {
				d.Ranking = append(d.Ranking, c)
			}
		}
	}
	p.Title, p.Data, p.Talks = d.Talks.Title, d, id
	s.render(w, r, http.StatusOK, "talks", *p)
	return nil
}
