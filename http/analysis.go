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
	s.api("PUT /api/v1/talks/{talks}/analysis/profile", s.putProfile)
	s.api("POST /api/v1/talks/{talks}/analysis/run", s.runAnalysis)
	s.api("POST /api/v1/talks/{talks}/analysis/shares", s.sharePackage)
	s.api("POST /api/v1/talks/{talks}/analysis/adjusted-winner", talksGet(s.ws.AdjustedWinner))

	s.page("GET /talks/{talks}/analysis", s.analysisPage)
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

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in workspace.ProfileInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.ws.SetProfile(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
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
	Plot   *frontierPlot
	Error  string
	// Winner is the Adjusted Winner division, or WinnerNote says why
	// there is none.
	Winner     *analysis.TwoPartyDivision
	WinnerNote string
	// SpaceText is the issue space in the form's line format; SpaceError
	// says why the form's text was refused.
	SpaceText, SpaceError string
}

// frontierPlot draws a two-party frontier: one dot per frontier point, the
// reservation lines, the solutions marked.
type frontierPlot struct {
	X, Y      string // the parties on each axis
	Size      int
	Dots      []plotDot
	Solutions []plotDot
}

type plotDot struct {
	CX, CY int
	Label  string
}

// plotOf lays out the plot of an analysis of two parties; nil for more.
func plotOf(res *workspace.AnalysisResult) *frontierPlot {
	if len(res.Parties) != 2 {
		return nil
	}
	const size, pad = 320, 30
	p := &frontierPlot{X: res.Parties[0], Y: res.Parties[1], Size: size}
	at := func(u map[string]float64) (int, int) {
		return pad + int(u[p.X]*float64(size-2*pad)), size - pad - int(u[p.Y]*float64(size-2*pad))
	}
	for _, f := range res.Frontier {
		x, y := at(f.Utility)
		p.Dots = append(p.Dots, plotDot{x, y, fmt.Sprintf("%s %.2f, %s %.2f", p.X, f.Utility[p.X], p.Y, f.Utility[p.Y])})
	}
	for name, sol := range map[string]*workspace.AnalysisPoint{"Nash": res.Nash, "Kalai–Smorodinsky": res.KalaiSmorodinsky,
		"Egalitarian": res.Egalitarian, "Utilitarian": res.Utilitarian} {
		if sol != nil {
			x, y := at(sol.Utility)
			p.Solutions = append(p.Solutions, plotDot{x, y, name})
		}
	}
	return p
}

// analysisPage shows the issue space, the viewer's party's profile and,
// to the mediator, the analysis with its frontier plot and the Adjusted
// Winner division.
func (s *Server) analysisPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderAnalysis(w, r, p, http.StatusOK, "", "")
}

// renderAnalysis renders the analysis page; with spaceError, the issue
// form comes back with the text refused and the reason.
func (s *Server) renderAnalysis(w http.ResponseWriter, r *http.Request, p *page, status int, spaceText, spaceError string) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := analysisPageData{Talks: t, SpaceText: spaceText, SpaceError: spaceError}
	if d.View, err = s.ws.GetAnalysis(ctx, id); err != nil {
		return err
	}
	if spaceError == "" {
		d.SpaceText = parley.FormatIssueLines(d.View.Space)
	}
	if d.View.CanRun && len(d.View.Space.Issues) > 0 {
		if d.Result, err = s.ws.RunAnalysis(ctx, id, 0); err == nil {
			d.Plot = plotOf(d.Result)
		} else if isRefusal(err) {
			d.Error, d.Result = parley.ErrorMessage(err), nil
		} else {
			return err
		}
		if d.Winner, err = s.ws.AdjustedWinner(ctx, id); isRefusal(err) {
			d.WinnerNote, d.Winner = parley.ErrorMessage(err), nil
		} else if err != nil {
			return err
		}
	}
	p.Title, p.Data, p.Talks = "Analysis", d, id
	s.render(w, r, status, "analysis", *p)
	return nil
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
		return s.renderAnalysis(w, r, p, statusOf[code], text, parley.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/analysis", id)
	return nil
}

// isRefusal says whether err is an analysis the talks do not allow yet
// (too few profiles, a profile that weighs no issue), shown on the page
// rather than as an error.
func isRefusal(err error) bool {
	return parley.ErrorCode(err) == parley.ECONFLICT || parley.ErrorCode(err) == parley.EINVALID
}

// profileSubmit records the party's profile from the form.
func (s *Server) profileSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	in, err := profileForm(r.PostForm)
	if err != nil {
		return err
	}
	if _, err := s.ws.SetProfile(r.Context(), id, in); err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/analysis", id)
	return nil
}

// profileForm reads a profile from the fields of the profile form: a
// weight per issue and an evaluation per option, named "w:ISSUE" and
// "e:ISSUE:OPTION", and the reservation.
func profileForm(form url.Values) (workspace.ProfileInput, error) {
	in := workspace.ProfileInput{Weights: map[string]float64{}, Evaluations: map[string]map[string]float64{}}
	num := func(field, v string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, parley.Invalid(field, "%q is not a number", v)
		}
		return f, nil
	}
	var err error
	for k, vs := range form {
		switch {
		case strings.HasPrefix(k, "w:"):
			if in.Weights[k[2:]], err = num("weights", vs[0]); err != nil {
				return in, err
			}
		case strings.HasPrefix(k, "e:"):
			issue, option, _ := strings.Cut(k[2:], ":")
			if in.Evaluations[issue] == nil {
				in.Evaluations[issue] = map[string]float64{}
			}
			if in.Evaluations[issue][option], err = num("evaluations", vs[0]); err != nil {
				return in, err
			}
		case k == "reservation":
			if in.Reservation, err = num("reservation", vs[0]); err != nil {
				return in, err
			}
		}
	}
	return in, nil
}
