package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func (s *Server) analysisPageRoutes() {
	s.mux.Handle("GET /talks/{talks}/analysis", s.pageHandler(false, s.analysisPage))
	s.mux.Handle("POST /talks/{talks}/analysis/profile", s.pageHandler(false, s.profileSubmit))
	s.mux.Handle("GET /talks/{talks}/drafts/{n}/download", s.pageHandler(false, s.downloadDraft))
}

type analysisPageData struct {
	Talks  *workspace.TalksView
	View   *workspace.AnalysisView
	Result *workspace.AnalysisResult
	Plot   *frontierPlot
	Error  string
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

func (s *Server) analysisPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := analysisPageData{}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	if d.View, err = s.ws.GetAnalysis(ctx, id); err != nil {
		return err
	}
	if d.View.CanRun && len(d.View.Space.Issues) > 0 {
		if d.Result, err = s.ws.RunAnalysis(ctx, id, 0); err == nil {
			d.Plot = plotOf(d.Result)
		} else if parley.ErrorCode(err) == parley.ECONFLICT || parley.ErrorCode(err) == parley.EINVALID {
			d.Error, d.Result = parley.ErrorMessage(err), nil
		} else {
			return err
		}
	}
	p.Title, p.Data, p.Talks = "Analysis", d, id
	s.render(w, r, http.StatusOK, "analysis", *p)
	return nil
}

// profileSubmit records the party's profile from the form: a weight per
// issue and an evaluation per option, named "w:ISSUE" and "e:ISSUE:OPTION".
func (s *Server) profileSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	in := workspace.ProfileInput{Weights: map[string]float64{}, Evaluations: map[string]map[string]float64{}}
	num := func(field, v string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, parley.Invalid(field, "%q is not a number", v)
		}
		return f, nil
	}
	for k, vs := range r.PostForm {
		switch {
		case strings.HasPrefix(k, "w:"):
			if in.Weights[k[2:]], err = num("weights", vs[0]); err != nil {
				return err
			}
		case strings.HasPrefix(k, "e:"):
			issue, option, _ := strings.Cut(k[2:], ":")
			if in.Evaluations[issue] == nil {
				in.Evaluations[issue] = map[string]float64{}
			}
			if in.Evaluations[issue][option], err = num("evaluations", vs[0]); err != nil {
				return err
			}
		case k == "reservation":
			if in.Reservation, err = num("reservation", vs[0]); err != nil {
				return err
			}
		}
	}
	if _, err := s.ws.SetProfile(r.Context(), id, in); err != nil {
		return err
	}
	http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/analysis", http.StatusSeeOther)
	return nil
}

// downloadDraft serves a draft as a file to a signed-in browser.
func (s *Server) downloadDraft(w http.ResponseWriter, r *http.Request, p *page) error {
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
