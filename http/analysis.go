package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/workspace"
)

// Analysis: the issue space, each negotiating party's own profile, the
// mediator's run of the analysis and the packages it shares with every
// member, and its Adjusted Winner division of the issues between two
// parties; the analysis page with its frontier plot, the division and the
// profile form.

func (s *Server) registerAnalysis() {
	s.api("GET /api/v1/talks/{talks}/analysis", talksGet(s.ws.GetAnalysis))
	s.api("PUT /api/v1/talks/{talks}/analysis/space", s.putIssueSpace)
	s.api("PUT /api/v1/talks/{talks}/analysis/profile", talksDo(s.ws.SetProfile))
	s.api("POST /api/v1/talks/{talks}/analysis/run", s.runAnalysis)
	s.api("POST /api/v1/talks/{talks}/analysis/shares", s.sharePackage)
	s.api("POST /api/v1/talks/{talks}/analysis/adjusted-winner", talksGet(s.ws.AdjustedWinner))

	s.page("GET /talks/{talks}/analysis", s.analysisPage)
	s.page("POST /talks/{talks}/analysis/run", s.runSubmit)
	s.page("POST /talks/{talks}/analysis/profile", s.profileSubmit)
	s.page("POST /talks/{talks}/analysis/space", s.spaceSubmit)
}

func (s *Server) putIssueSpace(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in parley.IssueSpace
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.ws.SetIssueSpace(r.Context(), id, &in); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

type runRequest struct {
	Epsilon float64 `json:"epsilon"`
}

func (s *Server) runAnalysis(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in runRequest
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	res, err := s.ws.RunAnalysis(r.Context(), id, in.Epsilon)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

type shareRequest struct {
	Label   string            `json:"label"`
	Package map[string]string `json:"package"`
}

func (s *Server) sharePackage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in shareRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	sp, err := s.ws.SharePackage(r.Context(), id, in.Label, in.Package)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sp)
	return nil
}

type analysisPageData struct {
	Talks  *workspace.TalksView
	View   *workspace.AnalysisView
	Result *workspace.AnalysisResult
	// ResultRun is the run that gave Result.
	ResultRun *workspace.RunView
	Plot      *frontierPlot
	Error     string
	// Winner is the Adjusted Winner division, from WinnerRun, or
	// WinnerNote says why there is none.
	Winner     *analysis.TwoPartyDivision
	WinnerRun  *workspace.RunView
	WinnerNote string
	// SpaceText is the issue space in the form's line format; SpaceError
	// says why the form's text was refused.
	SpaceText, SpaceError string
	// Improve is the section on improving on an agreement (mediators).
	Improve *improveSection
	// Profile holds the fields of a refused profile form, to show again
	// (nil otherwise); ProfileError says why, beside ProfileField.
	Profile                    url.Values
	ProfileError, ProfileField string
}

// analysisPage shows the issue space, the viewer's party's profile, the
// runs of the analysis the viewer may know of and, to the mediator, the
// results of the latest runs on the issue space as it is, with buttons to
// run them. Showing the page runs nothing.
func (s *Server) analysisPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderAnalysis(w, r, p, http.StatusOK, func(*analysisPageData) {})
}

// renderAnalysis renders the analysis page with status, after amend sets
// what a run just said.
func (s *Server) renderAnalysis(w http.ResponseWriter, r *http.Request, p *page, status int, amend func(*analysisPageData)) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := analysisPageData{Talks: t}
	if d.View, err = s.ws.GetAnalysis(ctx, id); err != nil {
		return err
	}
	d.SpaceText = parley.FormatIssueLines(d.View.Space)
	if d.View.CanRun {
		last, err := s.ws.LastResults(ctx, id)
		if err != nil {
			return err
		}
		d.Result, d.ResultRun, d.Winner, d.WinnerRun = last.Frontier, last.FrontierRun, last.Division, last.DivisionRun
		if d.Result != nil {
			d.Plot = plotOf(d.Result)
		}
		if len(d.View.Space.Issues) > 0 {
			var text *workspace.TextPackage
			if last.Improvement == nil {
				text, _ = s.ws.PackageOfText(ctx, id) // none without a tabled draft or wording
			}
			d.Improve = improveSectionOf(p.tr, d.View, last, text)
		}
	}
	amend(&d)
	p.Title, p.Data, p.Talks = p.tr("Analysis"), d, id
	s.render(w, r, status, "analysis", *p)
	return nil
}

// runSubmit runs an analysis on the mediator's request (kind frontier or
// adjusted_winner) and shows the page with its result; an analysis the
// talks do not allow yet is shown on the page, saying why.
func (s *Server) runSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	kind := r.PostForm.Get("kind")
	switch kind {
	case parley.RunFrontier:
		_, err = s.ws.RunAnalysis(r.Context(), id, 0)
	case parley.RunAdjustedWinner:
		_, err = s.ws.AdjustedWinner(r.Context(), id)
	default:
		return parley.Invalid("kind", "kind must be %s or %s", parley.RunFrontier, parley.RunAdjustedWinner)
	}
	if err == nil {
		redirect(w, r, "/talks/%d/analysis", id)
		return nil
	}
	if !isRefusal(err) {
		return err
	}
	return s.renderAnalysis(w, r, p, http.StatusConflict, func(d *analysisPageData) {
		if kind == parley.RunFrontier {
			d.Error, d.Result, d.Plot = p.message(err), nil, nil
		} else {
			d.WinnerNote, d.Winner = p.message(err), nil
		}
	})
}

// isRefusal says whether err is an analysis the talks do not allow yet
// (too few profiles, a profile that weighs no issue), shown on the page
// rather than as an error.
func isRefusal(err error) bool {
	return parley.ErrorCode(err) == parley.ECONFLICT || parley.ErrorCode(err) == parley.EINVALID
}

// profileSubmit records the party's profile from the form. A form made
// for an older version of the issue space comes back fresh, for the
// issues as they are now, saying that they changed.
func (s *Server) profileSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	in, err := profileForm(view.Space, r.PostForm)
	if err == nil {
		_, err = s.ws.SetProfile(r.Context(), id, in)
	}
	if isRefusal(err) {
		// The form comes back as it was sent, unless it was made for other
		// issues: its fields would then fill the wrong ones.
		return s.renderAnalysis(w, r, p, statusOf[parley.ErrorCode(err)], func(d *analysisPageData) {
			d.ProfileError, d.ProfileField = p.message(err), parley.ErrorField(err)
			switch {
			case in.SpaceVersion >= 1 && in.SpaceVersion != d.View.Space.Version:
				d.ProfileError, d.ProfileField = staleProfileMessage(p.tr, in.SpaceVersion, d.View.Space.Version), "space_version"
			case in.SpaceVersion == view.Space.Version:
				d.Profile = r.PostForm
			}
		})
	} else if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/analysis", id)
	return nil
}

// profileForm reads a profile from the fields of the profile form, which
// name issues and options by their place in the issue space, whatever
// their names hold: a weight per issue "w.I", an evaluation per option
// "e.I.O", the reservation, and the version of the space the form was
// made for, "space_version". A form made for another version is refused
// (by SetProfile), since its places may name other issues.
func profileForm(space *parley.IssueSpace, form url.Values) (workspace.ProfileInput, error) {
	in := workspace.ProfileInput{Weights: map[string]float64{}, Evaluations: map[string]map[string]float64{}}
	num := func(field, v string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, parley.Invalid(field, "%q is not a number", v)
		}
		return f, nil
	}
	var err error
	if in.SpaceVersion, err = strconv.ParseInt(form.Get("space_version"), 10, 64); err != nil || in.SpaceVersion < 1 {
		return in, parley.Invalid("space_version", "the form does not say which version of the issues it was made for; reload the page")
	}
	if in.Reservation, err = num("reservation", form.Get("reservation")); err != nil {
		return in, err
	}
	in.ShareReservation = form.Get("share_reservation") == "yes"
	if in.SpaceVersion != space.Version {
		return in, nil // SetProfile refuses it, saying why
	}
	for i, is := range space.Issues {
		if v, ok := form[fmt.Sprintf("w.%d", i)]; ok {
			if in.Weights[is.Name], err = num("weights", v[0]); err != nil {
				return in, err
			}
		}
		for j, o := range is.Options {
			v, ok := form[fmt.Sprintf("e.%d.%d", i, j)]
			if !ok {
				continue
			}
			if in.Evaluations[is.Name] == nil {
				in.Evaluations[is.Name] = map[string]float64{}
			}
			if in.Evaluations[is.Name][o], err = num("evaluations", v[0]); err != nil {
				return in, err
			}
		}
	}
	return in, nil
}

// spaceSubmit defines the issue space from the form's lines
// (parley.ParseIssueLines). The points an issue of the same name concerned
// are kept: the form does not show them (the API sets them).
func (s *Server) spaceSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	text := r.PostFormValue("issues")
	sp, err := parley.ParseIssueLines(text)
	if err == nil {
		var view *workspace.AnalysisView
		if view, err = s.ws.GetAnalysis(r.Context(), id); err != nil {
			return err
		}
		for i := range sp.Issues {
			for _, old := range view.Space.Issues {
				if old.Name == sp.Issues[i].Name {
					sp.Issues[i].Points = old.Points
				}
			}
		}
		err = s.ws.SetIssueSpace(r.Context(), id, sp)
	}
	if code := parley.ErrorCode(err); code == parley.EINVALID || code == parley.ECONFLICT {
		return s.renderAnalysis(w, r, p, statusOf[code], func(d *analysisPageData) {
			d.SpaceText, d.SpaceError = text, p.message(err)
		})
	} else if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/analysis", id)
	return nil
}

// staleProfileMessage tells a party that sent preferences for an older
// version of the issue space that the issues changed, and what to do.
func staleProfileMessage(tr func(string, ...any) string, sent, now int64) string {
	return tr("The issues changed while you filled the form in: it was made for version %d of the issue space, "+
		"which is now at version %d. Nothing was saved. Here is a fresh form for the issues as they are now: "+
		"please enter your preferences again.", sent, now)
}
