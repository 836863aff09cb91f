package http

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The guided preference form: a party ranks the issues, weighs their
// swings and rates the options on a labelled scale from 0 to 100; the page
// then shows the packages those preferences rank highest and lowest, and
// what looks degenerate, before the party confirms and saves them. The
// numeric form on the analysis page stays for experts.

func (s *Server) registerGuided() {
	s.api("POST /api/v1/talks/{talks}/analysis/profile/guided/preview", talksDo(s.ws.PreviewGuidedProfile))
	s.api("PUT /api/v1/talks/{talks}/analysis/profile/guided", talksDo(s.ws.SetGuidedProfile))
	s.page("GET /talks/{talks}/analysis/guided", s.guidedPage)
	s.page("POST /talks/{talks}/analysis/guided", s.guidedSubmit)
}

type guidedPageData struct {
	Talks       *workspace.TalksView
	Version     int64
	Ranks       []int
	Issues      []guidedIssue
	Reservation string
	// ShareReservation: the reservation is to be shown to the mediator.
	ShareReservation bool
	Preview          *workspace.GuidedPreview
	// Error is why the answers were refused, beside the step ErrorField
	// names (rank, swing, ratings or reservation).
	Error, ErrorField string
}

type guidedIssue struct {
	Index       int
	Name        string
	Rank        int
	Swing       string
	Options     []guidedOption
	OptionNames []string
}

type guidedOption struct {
	Index  int
	Name   string
	Rating string
}

// guidedPage shows the form, filled from the party's profile if it has
// one for the issues as they are.
func (s *Server) guidedPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderGuided(w, r, p, http.StatusOK, nil, func(*guidedPageData) {})
}

// renderGuided renders the form with the answers in form (nil: from the
// party's profile) after amend.
func (s *Server) renderGuided(w http.ResponseWriter, r *http.Request, p *page, status int, form url.Values, amend func(*guidedPageData)) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	if !view.CanEditProfile {
		return parley.Errorf(parley.EFORBIDDEN, "only a party's principals, negotiators and advisers enter its preferences")
	}
	if len(view.Space.Issues) == 0 {
		return parley.NotFound("issue space")
	}
	if form == nil {
		form = profileAnswers(view.Space, view.MyProfile)
	}
	d := guidedPageData{Talks: t, Version: view.Space.Version, Reservation: form.Get("reservation"),
		ShareReservation: form.Get("share_reservation") == "yes"}
	for i, is := range view.Space.Issues {
		d.Ranks = append(d.Ranks, i+1)
		rank, _ := strconv.Atoi(form.Get(fmt.Sprintf("r.%d", i)))
		gi := guidedIssue{Index: i, Name: is.Name, Rank: rank, Swing: form.Get(fmt.Sprintf("s.%d", i)), OptionNames: is.Options}
		for j, o := range is.Options {
			gi.Options = append(gi.Options, guidedOption{Index: j, Name: o, Rating: form.Get(fmt.Sprintf("o.%d.%d", i, j))})
		}
		d.Issues = append(d.Issues, gi)
	}
	amend(&d)
	p.Title, p.Data, p.Talks = p.tr("Your preferences, step by step"), d, id
	s.render(w, r, status, "guided", *p)
	return nil
}

// profileAnswers are the guided answers that give back profile pr: issues
// ranked by weight, swings and ratings scaled so that the largest is 100.
// Without a profile entered for the space as it is, the form starts empty.
func profileAnswers(space *parley.IssueSpace, pr *parley.Profile) url.Values {
	form := url.Values{}
	if pr == nil || !pr.Current(space) {
		for i := range space.Issues {
			form.Set(fmt.Sprintf("r.%d", i), strconv.Itoa(i+1))
		}
		return form
	}
	order := make([]int, len(space.Issues))
	maxW := 0.0
	for i, is := range space.Issues {
		order[i] = i
		maxW = max(maxW, pr.Weights[is.Name])
	}
	slices.SortStableFunc(order, func(a, b int) int {
		wa, wb := pr.Weights[space.Issues[a].Name], pr.Weights[space.Issues[b].Name]
		switch {
		case wa > wb:
			return -1
		case wa < wb:
			return 1
		}
		return 0
	})
	pct := func(v, top float64) string {
		if top <= 0 {
			return "0"
		}
		return strconv.FormatFloat(float64(int(100*v/top+0.5)), 'f', -1, 64)
	}
	for rank, i := range order {
		is := space.Issues[i]
		form.Set(fmt.Sprintf("r.%d", i), strconv.Itoa(rank+1))
		form.Set(fmt.Sprintf("s.%d", i), pct(pr.Weights[is.Name], maxW))
		maxE := 0.0
		for _, o := range is.Options {
			maxE = max(maxE, pr.Evaluations[is.Name][o])
		}
		for j, o := range is.Options {
			form.Set(fmt.Sprintf("o.%d.%d", i, j), pct(pr.Evaluations[is.Name][o], maxE))
		}
	}
	form.Set("reservation", pct(pr.Reservation, 1))
	if pr.ShareReservation {
		form.Set("share_reservation", "yes")
	}
	return form
}

// guidedForm reads the guided answers; a field left empty is left out, and
// the workspace says which.
func guidedForm(space *parley.IssueSpace, form url.Values) (workspace.GuidedInput, error) {
	in := workspace.GuidedInput{Rank: map[string]int{}, Swing: map[string]float64{}, Ratings: map[string]map[string]float64{}}
	num := func(field, v string) (float64, bool, error) {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0, false, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false, parley.Invalid(field, "%q is not a number from 0 to 100", v)
		}
		return f, true, nil
	}
	var err error
	if in.SpaceVersion, err = strconv.ParseInt(form.Get("space_version"), 10, 64); err != nil {
		return in, parley.Invalid("space_version", "the form does not say which version of the issues it was made for; reload the page")
	}
	for i, is := range space.Issues {
		if r, err := strconv.Atoi(form.Get(fmt.Sprintf("r.%d", i))); err == nil {
			in.Rank[is.Name] = r
		}
		if v, ok, err := num("swing", form.Get(fmt.Sprintf("s.%d", i))); err != nil {
			return in, err
		} else if ok {
			in.Swing[is.Name] = v
		}
		in.Ratings[is.Name] = map[string]float64{}
		for j, o := range is.Options {
			if v, ok, err := num("ratings", form.Get(fmt.Sprintf("o.%d.%d", i, j))); err != nil {
				return in, err
			} else if ok {
				in.Ratings[is.Name][o] = v
			}
		}
	}
	v, _, err := num("reservation", form.Get("reservation"))
	in.Reservation, in.ShareReservation = v, form.Get("share_reservation") == "yes"
	return in, err
}

// guidedSubmit previews the answers ("action" check) or saves them
// ("action" save); refused answers come back with the message beside
// their step and every answer kept.
func (s *Server) guidedSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	in, err := guidedForm(view.Space, r.PostForm)
	var pv *workspace.GuidedPreview
	if err == nil {
		if r.PostForm.Get("action") == "save" {
			if _, err = s.ws.SetGuidedProfile(r.Context(), id, in); err == nil {
				redirect(w, r, "/talks/%d/analysis", id)
				return nil
			}
		} else {
			pv, err = s.ws.PreviewGuidedProfile(r.Context(), id, in)
		}
	}
	status := http.StatusOK
	if err != nil {
		if !isRefusal(err) {
			return err
		}
		status = statusOf[parley.ErrorCode(err)]
	}
	form := r.PostForm
	stale := err != nil && in.SpaceVersion >= 1 && in.SpaceVersion != view.Space.Version
	if stale {
		form = nil // its places name the old issues: a fresh form instead
	}
	return s.renderGuided(w, r, p, status, form, func(d *guidedPageData) {
		d.Preview, d.Error = pv, p.message(err)
		if stale {
			d.Error, d.ErrorField = staleProfileMessage(p.tr, in.SpaceVersion, view.Space.Version), "space_version"
			return
		}
		var e *parley.Error
		if errors.As(err, &e) {
			d.ErrorField = map[string]string{"weights": "swing", "evaluations": "ratings"}[e.Field]
			if d.ErrorField == "" {
				d.ErrorField = e.Field
			}
		}
	})
}
