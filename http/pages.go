package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

// pageRoutes registers the web workspace's pages.
func (s *Server) pageRoutes() {
	s.mux.HandleFunc("GET /static/{name}", s.web.serveStatic)
	s.mux.Handle("GET /{$}", s.pageHandler(false, s.homePage))
	s.mux.Handle("GET /signin", s.pageHandler(true, s.signInPage))
	s.mux.Handle("POST /signin", s.pageHandler(true, s.signInSubmit))
	s.mux.Handle("POST /signout", s.pageHandler(false, s.signOutSubmit))
	s.mux.Handle("GET /talks/{talks}", s.pageHandler(false, s.talksPage))
	s.mux.Handle("GET /talks/{talks}/drafts/{n}", s.pageHandler(false, s.draftPage))
	s.mux.Handle("POST /talks/{talks}/drafts/{n}/points/{point}/stance", s.pageHandler(false, s.stanceSubmit))
	s.mux.Handle("GET /talks/{talks}/compare", s.pageHandler(false, s.comparePage))
	s.mux.Handle("GET /talks/{talks}/events", s.pageHandler(false, s.events))
	s.messagePageRoutes()
	s.mediatorPageRoutes()
	s.recordPageRoutes()
	s.analysisPageRoutes()
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request, p *page) error {
	ts, err := s.ws.ListTalks(r.Context())
	if err != nil {
		return err
	}
	p.Title, p.Data = "My talks", ts
	s.render(w, r, http.StatusOK, "home", *p)
	return nil
}

type signInData struct {
	Next, Username, Error string
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title, p.Data = "Sign in", signInData{Next: safeNext(r.URL.Query().Get("next"))}
	s.render(w, r, http.StatusOK, "signin", *p)
	return nil
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) signInSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	token, _, err := s.ws.SignIn(r.Context(), username, password, clientAddress(r))
	if err != nil {
		if code := parley.ErrorCode(err); code != parley.EUNAUTHORIZED && code != parley.ETOOMANY {
			return err
		}
		p.Title = "Sign in"
		p.Data = signInData{Next: safeNext(r.PostFormValue("next")), Username: username, Error: parley.ErrorMessage(err)}
		s.render(w, r, http.StatusUnauthorized, "signin", *p)
		return nil
	}
	setSessionCookie(w, r, token, workspace.DefaultSessionTTL)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

func (s *Server) signOutSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.ws.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
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

// chart is the convergence chart's geometry: per draft, a bar for the
// share acceptable to all and one for the share unsuitable to any.
type chart struct {
	Width, Height, Base, LabelY int
	Bars                        []chartBar
}

type chartBar struct {
	Draft              int
	Ok, No             float64
	X, X2, W, LabelX   int
	OkY, OkH, NoY, NoH int
}

func convergenceChart(c *gap.Convergence) chart {
	const step, w, h = 60, 22, 120
	ch := chart{Width: max(step*len(c.Drafts), step), Height: h + 20, Base: h, LabelY: h + 15}
	for i, s := range c.Drafts {
		okH, noH := int(s.ShareAcceptable*h+0.5), int(s.ShareUnsuitable*h+0.5)
		ch.Bars = append(ch.Bars, chartBar{Draft: s.Draft, Ok: s.ShareAcceptable, No: s.ShareUnsuitable,
			X: i*step + 6, X2: i*step + 6 + w, W: w, LabelX: i*step + 6 + w - 4,
			OkY: h - okH, OkH: okH, NoY: h - noH, NoH: noH})
	}
	return ch
}

func (s *Server) talksPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := talksData{PartyNames: map[int64]string{}}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	for _, party := range d.Talks.Parties {
		d.PartyNames[party.ID] = party.Name
	}
	if d.Drafts, err = s.ws.ListDrafts(ctx, id); err != nil {
		return err
	}
	if d.Convergence, err = s.ws.Convergence(ctx, id); err != nil {
		return err
	}
	d.Chart = convergenceChart(d.Convergence)
	if d.Talks.Can.SeeWorking {
		_, err := s.ws.GetDraft(ctx, id, 0)
		d.HasWorking = err == nil
	}
	if len(d.Drafts) > 0 {
		if d.Gap, err = s.ws.GapMap(ctx, id, d.Drafts[len(d.Drafts)-1].Number); err != nil {
			return err
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

// pointView is one point of a draft page with the stances on it that the
// viewer may see.
type pointView struct {
	parley.Point
	Talks, Draft int64
	Mine         *parley.Stance
	Others       []parley.Stance
	CanMark      bool
	Share        bool // the default of the share switch
	CSRF         string
	Saved        bool
}

type draftData struct {
	Talks  *workspace.TalksView
	Draft  *parley.Draft
	Latest int
	Points []pointView
}

func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	n, err := draftNumber(r)
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
	d.Points = s.pointViews(d.Talks, d.Draft, stances, d.Latest, p.CSRF)
	p.Title, p.Data, p.Talks = d.Draft.Title, d, id
	s.render(w, r, http.StatusOK, "draft", *p)
	return nil
}

func (s *Server) pointViews(t *workspace.TalksView, d *parley.Draft, stances []parley.Stance, latest int, csrf string) []pointView {
	share := false
	for _, party := range t.Parties {
		if party.ID == t.Can.MarkAsParty {
			share = party.ShareByDefault
		}
	}
	var out []pointView
	for _, pt := range d.Points {
		v := pointView{Point: pt, Talks: t.ID, Draft: int64(d.Number), CSRF: csrf, Share: share,
			CanMark: t.Can.Mark && pt.Kind == parley.KindPoint && d.Tabled && d.Number == latest && t.State == parley.TalksOpen}
		for i := range stances {
			st := stances[i]
			if st.PointID != pt.ID {
				continue
			}
			if st.PartyID == t.Can.MarkAsParty {
				v.Mine, v.Share = &st, st.ShareWithMediator
			} else {
				v.Others = append(v.Others, st)
			}
		}
		out = append(out, v)
	}
	return out
}

// stanceSubmit records the viewer's party's stance from the draft page's
// form; htmx swaps in the point's updated block, a plain form post comes
// back to the page.
func (s *Server) stanceSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	pointID, err := pathID(r, "point")
	if err != nil {
		return err
	}
	share := r.PostFormValue("share_with_mediator") == "on"
	in := parley.StanceInput{Value: parley.StanceValue(r.PostFormValue("stance")), Rationale: r.PostFormValue("rationale"),
		ProposedWording: r.PostFormValue("proposed_wording"), ShareWithMediator: &share, ReleasedToAll: r.PostFormValue("released_to_all") == "on"}
	ctx := r.Context()
	if _, err := s.ws.SetStance(ctx, id, n, pointID, in); err != nil {
		return err
	}
	if r.Header.Get("HX-Request") != "true" {
		http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/drafts/"+strconv.Itoa(n)+"#p"+strconv.FormatInt(pointID, 10), http.StatusSeeOther)
		return nil
	}
	t, err := s.ws.GetTalks(ctx, id)
	if err != nil {
		return err
	}
	d, err := s.ws.GetDraft(ctx, id, n)
	if err != nil {
		return err
	}
	stances, err := s.ws.ListStances(ctx, id, n)
	if err != nil {
		return err
	}
	for _, v := range s.pointViews(t, d, stances, n, p.CSRF) {
		if v.ID == pointID {
			v.Saved = true
			p.Data = v
			s.render(w, r, http.StatusOK, "stance", *p)
			return nil
		}
	}
	return parley.NotFound("point")
}

type compareData struct {
	Talks    *workspace.TalksView
	Drafts   []parley.Draft
	From, To int
	Diff     *diff.Result
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := compareData{}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
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
	p.Title, p.Data = "Compare drafts", d
	s.render(w, r, http.StatusOK, "compare", *p)
	return nil
}

// events streams server-sent events to an open page: one "change" event
// for each change the viewer may hear of, with no content; the page then
// fetches itself again.
func (s *Server) events(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ch, err := s.ws.Subscribe(r.Context(), id)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	rc.Flush()
	heartbeat := time.NewTicker(25 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case e, ok := <-ch:
			if !ok {
				return nil
			}
			fmt.Fprintf(w, "event: change\ndata: %s\n\n", e.Kind)
		case <-heartbeat.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}
