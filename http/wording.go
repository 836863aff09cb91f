package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// From a package to a text: the wording linked to the options of the
// issues, and the working draft a package makes, previewed as a
// comparison before it is saved; the page for both, to the mediator's
// team.

func (s *Server) registerWording() {
	s.api("GET /api/v1/talks/{talks}/analysis/wordings", talksGet(s.ws.OptionWordings))
	s.api("PUT /api/v1/talks/{talks}/analysis/wordings", s.putWordings)
	s.api("POST /api/v1/talks/{talks}/analysis/package-draft", talksDo(s.ws.DraftFromPackage))

	s.page("GET /talks/{talks}/analysis/text", s.textPage)
	s.page("POST /talks/{talks}/analysis/wordings", s.wordingsSubmit)
	s.page("POST /talks/{talks}/analysis/text", s.textSubmit)
	s.page("POST /talks/{talks}/analysis/links", s.linksSubmit)
}

type wordingsRequest struct {
	Wordings []parley.OptionWording `json:"wordings"`
}

func (s *Server) putWordings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in wordingsRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := s.ws.SetOptionWordings(r.Context(), id, in.Wordings)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// textPageData is the page from a package to a text.
type textPageData struct {
	Talks *workspace.TalksView
	Space *parley.IssueSpace
	// Fields lists, per issue, the wording fields of its options and
	// linked points.
	Fields []wordingIssue
	// Choices are the packages of the latest analysis to start from.
	Choices []packageChoice
	// Chosen is the option index per issue the package form selects.
	Chosen  []int
	Preview *workspace.PackageDraft
	CanSave bool
	Error   string
	// Links is the form linking the issues to points of the text.
	Links []issueLinks
}

type wordingIssue struct {
	Issue  string
	Fields []wordingField
}

type wordingField struct {
	Name, Option, Point, Text string
}

type packageChoice struct {
	Value, Label string
}

// textPage shows the wording form and the package form.
func (s *Server) textPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderText(w, r, p, http.StatusOK, func(*textPageData) {})
}

// renderText renders the page with status after amend.
func (s *Server) renderText(w http.ResponseWriter, r *http.Request, p *page, status int, amend func(*textPageData)) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	wordings, err := s.ws.OptionWordings(ctx, id)
	if err != nil {
		return err
	}
	view, err := s.ws.GetAnalysis(ctx, id)
	if err != nil {
		return err
	}
	d := textPageData{Talks: t, Space: view.Space, CanSave: view.CanRun, Chosen: make([]int, len(view.Space.Issues))}
	labels := s.pointLabels(ctx, id)
	for i, is := range view.Space.Issues {
		wi := wordingIssue{Issue: is.Name}
		for j, o := range is.Options {
			for k, pt := range is.Points {
				f := wordingField{Name: fmt.Sprintf("w.%d.%d.%d", i, j, k), Option: o, Point: labels[pt]}
				if f.Point == "" {
					f.Point = fmt.Sprintf("point %d", pt)
				}
				for _, wd := range wordings {
					if wd.Issue == is.Name && wd.Option == o && wd.PointID == pt {
						f.Text = wd.Text
					}
				}
				wi.Fields = append(wi.Fields, f)
			}
		}
		d.Fields = append(d.Fields, wi)
	}
	if view.CanRun {
		d.Links = s.linksOf(ctx, id, view.Space)
		if last, err := s.ws.LastResults(ctx, id); err == nil && last.Frontier != nil {
			d.Choices = choicesOf(p.tr, last.Frontier)
		}
	}
	amend(&d)
	p.Title, p.Data, p.Talks = p.tr("From a package to a text"), d, id
	s.render(w, r, status, "text", *p)
	return nil
}

// pointLabels names the points of the working draft, or else of the
// latest tabled draft, as a person would ("7 Territory"); a point in
// neither is named by its number.
func (s *Server) pointLabels(ctx context.Context, talksID int64) map[int64]string {
	labels := map[int64]string{}
	d, err := s.ws.GetDraft(ctx, talksID, 0)
	if err != nil {
		if list, lerr := s.ws.ListDrafts(ctx, talksID); lerr == nil && len(list) > 0 {
			d, err = s.ws.GetDraft(ctx, talksID, list[len(list)-1].Number)
		}
	}
	if err == nil && d != nil {
		for _, p := range d.Points {
			labels[p.ID] = p.Label()
		}
	}
	return labels
}

// choicesOf lists the packages of a frontier analysis to start from: the
// bargaining solutions, then the frontier's points.
func choicesOf(tr func(string, ...any) string, res *workspace.AnalysisResult) []packageChoice {
	var out []packageChoice
	for _, c := range []struct {
		key, name string
		p         *workspace.AnalysisPoint
	}{{"nash", tr("Nash bargaining solution"), res.Nash}, {"kalai_smorodinsky", tr("Kalai–Smorodinsky solution"), res.KalaiSmorodinsky},
		{"egalitarian", tr("Egalitarian solution"), res.Egalitarian}, {"utilitarian", tr("Utilitarian solution"), res.Utilitarian}} {
		if c.p != nil {
			out = append(out, packageChoice{c.key, c.name + " (" + utilities(res.Parties, c.p) + ")"})
		}
	}
	for k := range res.Frontier {
		out = append(out, packageChoice{fmt.Sprintf("frontier.%d", k), tr("Frontier point %d (%s)", k+1, utilities(res.Parties, &res.Frontier[k]))})
	}
	return out
}

func utilities(parties []string, p *workspace.AnalysisPoint) string {
	var parts []string
	for _, name := range parties {
		parts = append(parts, fmt.Sprintf("%s %.2f", name, p.Utility[name]))
	}
	return strings.Join(parts, ", ")
}

// chosenPackage reads the package form: a package of the latest analysis
// ("from": a solution's key or "frontier.K") or an option per issue
// ("p.I", its index).
func (s *Server) chosenPackage(r *http.Request, id int64, space *parley.IssueSpace) (map[string]string, error) {
	from := r.PostForm.Get("from")
	if from == "" {
		return formPackage(space, r, "p.")
	}
	last, err := s.ws.LastResults(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if last.Frontier == nil {
		return nil, parley.Invalid("from", "run the analysis first")
	}
	res := last.Frontier
	var pt *workspace.AnalysisPoint
	switch from {
	case "nash":
		pt = res.Nash
	case "kalai_smorodinsky":
		pt = res.KalaiSmorodinsky
	case "egalitarian":
		pt = res.Egalitarian
	case "utilitarian":
		pt = res.Utilitarian
	default:
		k, err := strconv.Atoi(strings.TrimPrefix(from, "frontier."))
		if err == nil && strings.HasPrefix(from, "frontier.") && k >= 0 && k < len(res.Frontier) {
			pt = &res.Frontier[k]
		}
	}
	if pt == nil {
		return nil, parley.Invalid("from", "the latest analysis has no package %q", from)
	}
	return pt.Package, nil
}

// textSubmit previews the working draft of the chosen package ("save"
// unset) or saves it ("save" set, with the "version" the preview showed).
func (s *Server) textSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	in := workspace.PackageDraftInput{Save: r.PostForm.Get("save") != ""}
	if in.Package, err = s.chosenPackage(r, id, view.Space); err == nil && in.Save {
		v, convErr := strconv.Atoi(r.PostForm.Get("version"))
		if convErr != nil {
			return parley.Invalid("version", "the form does not say which version of the working draft it previewed; preview again")
		}
		in.Version = &v
	}
	var pd *workspace.PackageDraft
	if err == nil {
		pd, err = s.ws.DraftFromPackage(r.Context(), id, in)
	}
	if err == nil && in.Save {
		redirect(w, r, "/talks/%d/drafting", id)
		return nil
	}
	if err != nil && !isRefusal(err) {
		return err
	}
	status := http.StatusOK
	if err != nil {
		status = statusOf[parley.ErrorCode(err)]
	}
	return s.renderText(w, r, p, status, func(d *textPageData) {
		d.Preview, d.Error = pd, p.message(err)
		for i, is := range view.Space.Issues {
			for j, o := range is.Options {
				if in.Package[is.Name] == o {
					d.Chosen[i] = j
				}
			}
		}
	})
}

// wordingsSubmit saves the wording form: a field "w.I.J.K" per issue I,
// option J and linked point K; empty fields link no wording.
func (s *Server) wordingsSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	view, err := s.ws.GetAnalysis(r.Context(), id)
	if err != nil {
		return err
	}
	ws := wordingsForm(view.Space, r.PostForm)
	if _, err := s.ws.SetOptionWordings(r.Context(), id, ws); err != nil {
		if !isRefusal(err) {
			return err
		}
		return s.renderText(w, r, p, statusOf[parley.ErrorCode(err)], func(d *textPageData) {
			d.Error = p.message(err)
			for _, wi := range d.Fields {
				for k := range wi.Fields {
					wi.Fields[k].Text = r.PostForm.Get(wi.Fields[k].Name)
				}
			}
		})
	}
	redirect(w, r, "/talks/%d/analysis/text", id)
	return nil
}

// wordingsForm reads the wording fields of the form.
func wordingsForm(space *parley.IssueSpace, form url.Values) []parley.OptionWording {
	var out []parley.OptionWording
	for i, is := range space.Issues {
		for j, o := range is.Options {
			for k, pt := range is.Points {
				text := form.Get(fmt.Sprintf("w.%d.%d.%d", i, j, k))
				if strings.TrimSpace(text) == "" {
					continue
				}
				out = append(out, parley.OptionWording{Issue: is.Name, Option: o, PointID: pt, Text: text})
			}
		}
	}
	return out
}
