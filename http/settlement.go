package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Improving on an agreement: the mediator's list of the packages that
// leave every party at least as well off as a baseline, and the ones it
// shares; on the analysis page, a section to run and share it, and to
// each party the shared improvements with its own gain.

func (s *Server) registerSettlement() {
	s.api("POST /api/v1/talks/{talks}/analysis/improvements", talksDo(s.ws.ImproveAgreement))
	s.api("POST /api/v1/talks/{talks}/analysis/improvements/shares", talksPost(s.ws.ShareImprovements))

	s.page("POST /talks/{talks}/analysis/improve", s.improveSubmit)
	s.page("POST /talks/{talks}/analysis/improvements/share", s.shareImprovementsSubmit)
}

// improveSection is the analysis page's section on improving on an
// agreement: the baseline the form offers (an option index per issue) and
// why the last request was refused.
type improveSection struct {
	Result *workspace.ImprovementResult
	Run    *workspace.RunView
	// Baseline holds, per issue, the option the baseline form selects.
	Baseline []string
	Note     string
	// Epsilon is the ε the form asked for, kept ("" for exact).
	Epsilon string
	// BaselineFrom says where the baseline the form offers comes from,
	// when it is the text's.
	BaselineFrom string
}

// improveSectionOf lays out the section: the baseline is the last run's,
// or else the package the agreed (or latest) draft reads by the options'
// wording, or else the package the mediator shared last, or else the first
// options.
func improveSectionOf(tr func(string, ...any) string, view *workspace.AnalysisView, last *workspace.LastResults, text *workspace.TextPackage) *improveSection {
	sec := &improveSection{Result: last.Improvement, Run: last.ImprovementRun}
	var base map[string]string
	switch {
	case sec.Result == nil && text != nil && text.Complete:
		base, sec.BaselineFrom = text.Package, tr("the package draft %d reads, by the options' wording", text.Draft)
	case sec.Result != nil:
		base = sec.Result.Baseline
		if sec.Result.Epsilon > 0 {
			sec.Epsilon = strconv.FormatFloat(sec.Result.Epsilon, 'g', -1, 64)
		}
	case len(view.Shared) > 0:
		base = view.Shared[len(view.Shared)-1].Package
	}
	for _, is := range view.Space.Issues {
		o := is.Options[0]
		if b, ok := base[is.Name]; ok {
			o = b
		}
		sec.Baseline = append(sec.Baseline, o)
	}
	return sec
}

// formPackage reads a package from fields prefix+"I", each the index of the
// option chosen on issue I.
func formPackage(space *parley.IssueSpace, r *http.Request, prefix string) (map[string]string, error) {
	pkg := map[string]string{}
	for i, is := range space.Issues {
		j, err := strconv.Atoi(r.PostFormValue(fmt.Sprintf("%s%d", prefix, i)))
		if err != nil || j < 0 || j >= len(is.Options) {
			return nil, parley.Invalid("package", "choose an option on %q", is.Name)
		}
		pkg[is.Name] = is.Options[j]
	}
	return pkg, nil
}

// improveSubmit runs the improvements on the baseline the form names and
// shows the page with them; a refusal (profiles missing, a space too
// large to list exactly) is shown in the section.
func (s *Server) improveSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	in := workspace.ImproveInput{}
	eps := strings.TrimSpace(r.PostFormValue("epsilon"))
	if eps != "" {
		if in.Epsilon, err = strconv.ParseFloat(eps, 64); err != nil {
			err = parley.Invalid("epsilon", "%q is not a number", eps)
		}
	}
	if err == nil {
		in.Baseline, err = formPackage(view.Space, r, "b.")
	}
	if err == nil {
		_, err = s.ws.ImproveAgreement(r.Context(), id, in)
	}
	if err == nil {
		redirect(w, r, "/talks/%d/analysis#improve", id)
		return nil
	}
	if !isRefusal(err) {
		return err
	}
	return s.renderAnalysis(w, r, p, statusOf[parley.ErrorCode(err)], func(d *analysisPageData) {
		if d.Improve != nil {
			d.Improve.Note, d.Improve.Epsilon = p.message(err), eps
			for i, is := range view.Space.Issues {
				if o, ok := in.Baseline[is.Name]; ok && i < len(d.Improve.Baseline) {
					d.Improve.Baseline[i] = o
				}
			}
		}
	})
}

// shareImprovementsSubmit shares the proposals of the last run that the
// form ticks ("share", their places in the list) under the form's label.
func (s *Server) shareImprovementsSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	last, err := s.ws.LastResults(r.Context(), id)
	if err != nil {
		return err
	}
	r.ParseForm()
	in := workspace.ShareImprovementsInput{Label: r.PostForm.Get("label")}
	if last.Improvement != nil {
		in.Baseline = last.Improvement.Baseline
		for _, v := range r.PostForm["share"] {
			k, err := strconv.Atoi(v)
			if err != nil || k < 0 || k >= len(last.Improvement.Proposals) {
				return parley.Invalid("share", "no proposal %q in the last list", v)
			}
			in.Packages = append(in.Packages, last.Improvement.Proposals[k].Package)
		}
	}
	if _, err = s.ws.ShareImprovements(r.Context(), id, in); err == nil {
		redirect(w, r, "/talks/%d/analysis#improve", id)
		return nil
	}
	if !isRefusal(err) {
		return err
	}
	return s.renderAnalysis(w, r, p, statusOf[parley.ErrorCode(err)], func(d *analysisPageData) {
		if d.Improve != nil {
			d.Improve.Note = p.message(err)
		}
	})
}
