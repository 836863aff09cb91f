package http

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The side-by-side page: a tabled draft in two or three languages,
// aligned by point, with each text's status and, for the stale ones, how
// the source changed since it was translated; translators write a
// point's text in place and bring a whole language back from Markdown;
// the stance form stays on the point, whichever language is read.

func (s *Server) registerParallelPages() {
	s.page("GET /talks/{talks}/drafts/{n}/parallel", s.parallelPage)
	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/translations/{lang}", s.translationSubmit)
	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/translations/{lang}/correction", s.correctionSubmit)
	s.page("POST /talks/{talks}/drafts/{n}/translations/import", s.importSubmit)
	s.page("GET /talks/{talks}/drafts/{n}/translations/{lang}/download", asPage(s.exportLanguage))
	s.page("GET /talks/{talks}/drafts/{n}/parallel/{format}", asPage(s.exportParallel))
	s.page("GET /talks/{talks}/drafts/{n}/translations/{lang}/changes", s.languageChangesPage)
	s.page("GET /talks/{talks}/languages", s.languagesPage)
	s.page("POST /talks/{talks}/languages", s.languagesSubmit)
}

type parallelData struct {
	Talks  *workspace.TalksView
	P      *workspace.Parallel
	Langs  *workspace.LanguagesView
	Latest int
	// Picked are the languages chosen in the form (three, "" for none);
	// Show the filter: "", "stale", "missing" or "pending" (either).
	Picked []string
	Show   string
	Rows   []parallelRow
	Shown  int
	Total  int
	// Query is the page's query, for forms to come back to it.
	Query string
	// Failed is a translation or import that was refused, with the
	// input kept.
	Failed *failedTranslation
	// Imported says what an import just stored.
	Imported string
	// CanPropose: the viewer may propose corrections to this draft's
	// texts (it is the latest, the talks open); Share is its party's
	// default for sharing them with the mediator.
	CanPropose bool
	Share      bool
}

// parallelRow is one point: its stance block (the embedded pointView,
// as the draft page has it) and its text in each language shown.
type parallelRow struct {
	pointView
	Cells []parallelCell
}

// parallelCell is one language's text of a point.
type parallelCell struct {
	workspace.ParallelText
	// CanEdit: the viewer may write this text (a translation, not the
	// source, on the latest draft or any tabled one).
	CanEdit bool
	// HasTitle: the source has a title, so the translation needs one.
	HasTitle bool
	// CanCorrect: the viewer may propose a correction to this text (a
	// translation it may not write itself).
	CanCorrect bool
	// Failed is a refused translation of this text, FailedCorrection a
	// refused correction.
	Failed, FailedCorrection *failedTranslation
}

// failedTranslation is a refused form, with what was typed: a text, an
// import or (Correction) a proposed correction with its justification.
type failedTranslation struct {
	Point              int64
	Lang               string
	Title, Text, Field string
	Message            string
	Correction         bool
	Justification      string
}

// parallelPage shows draft n side by side in the languages asked for
// (?lang=…, up to three; by default the drafting language and the next
// two of the talks'), filtered by ?show=.
func (s *Server) parallelPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderParallel(w, r, p, http.StatusOK, nil, "")
}

func (s *Server) renderParallel(w http.ResponseWriter, r *http.Request, p *page, status int, failed *failedTranslation, imported string) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := parallelData{Failed: failed, Imported: imported, Show: r.URL.Query().Get("show")}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	if d.Langs, err = s.ws.Languages(ctx, id); err != nil {
		return err
	}
	asked := slices.DeleteFunc(slices.Clone(r.URL.Query()["lang"]), func(l string) bool { return strings.TrimSpace(l) == "" })
	if len(asked) == 0 {
		asked = defaultPicked(d.Langs)
	}
	if len(asked) > 3 {
		return parley.Invalid("lang", "choose at most three languages")
	}
	if d.P, err = s.ws.ParallelText(ctx, id, n, asked); err != nil {
		return err
	}
	d.Picked = append(slices.Clone(d.P.Languages), "", "", "")[:3]
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil {
		return err
	}
	d.Latest = len(drafts)
	d.CanPropose = (d.Talks.Can.Mark || d.Talks.Can.SeeWorking) && d.Talks.State == parley.TalksOpen && n == d.Latest
	d.Share = shareDefault(d.Talks)
	stances, err := s.ws.ListStances(ctx, id, n)
	if err != nil {
		return err
	}
	d.Query = parallelQuery(d.P.Languages, d.Show)
	views := pointViews(d.Talks, d.P.Draft, stances, d.Latest, p.CSRF)
	if d.Rows, err = parallelRows(&d, views, failed); err != nil {
		return err
	}
	p.Title, p.Data, p.Talks = p.tr("%s — side by side", d.P.Draft.Title), d, id
	s.render(w, r, status, "parallel", *p)
	return nil
}

// defaultPicked is the drafting language and the next two of the talks'.
func defaultPicked(l *workspace.LanguagesView) []string {
	out := []string{l.Drafting}
	for _, x := range l.Languages {
		if len(out) < 3 && x.Tag != l.Drafting {
			out = append(out, x.Tag)
		}
	}
	return out
}

// parallelQuery is the page's query string for languages and a filter.
func parallelQuery(langs []string, show string) string {
	q := url.Values{"lang": langs}
	if show != "" {
		q.Set("show", show)
	}
	return q.Encode()
}

// parallelRows pairs the points' views with their texts and keeps those
// the filter d.Show selects.
func parallelRows(d *parallelData, views []pointView, failed *failedTranslation) ([]parallelRow, error) {
	switch d.Show {
	case "", "stale", "missing", "pending":
	default:
		return nil, parley.Invalid("show", "show every point, or those stale, missing or pending")
	}
	back := parallelURL(d.Talks.ID, d.P.Draft.Number, d.Query)
	var rows []parallelRow
	for i, pp := range d.P.Points {
		v := views[i]
		v.Back = back
		row := parallelRow{pointView: v}
		keep := d.Show == ""
		for _, t := range pp.Texts {
			c := parallelCell{ParallelText: t, HasTitle: v.Title != "",
				CanEdit: slices.Contains(d.P.Writable, t.Language) && d.Talks.State == parley.TalksOpen}
			c.CanCorrect = d.CanPropose && !c.CanEdit && !t.Source && t.Status != parley.TranslationMissing && v.Kind == parley.KindPoint
			if failed != nil && failed.Point == pp.ID && failed.Lang == t.Language {
				if failed.Correction {
					c.FailedCorrection = failed
				} else {
					c.Failed = failed
				}
			}
			switch t.Status {
			case parley.TranslationStale:
				keep = keep || d.Show == "stale" || d.Show == "pending"
			case parley.TranslationMissing:
				keep = keep || d.Show == "missing" || d.Show == "pending"
			}
			row.Cells = append(row.Cells, c)
		}
		if v.Kind == parley.KindPoint {
			d.Total++
		}
		if keep || slices.ContainsFunc(row.Cells, func(c parallelCell) bool { return c.Failed != nil || c.FailedCorrection != nil }) {
			rows = append(rows, row)
			if v.Kind == parley.KindPoint {
				d.Shown++
			}
		}
	}
	return rows, nil
}

// translationSubmit stores a point's text in a language from the form in
// its cell, and comes back to the page; a refused text comes back in the
// form with the reason.
func (s *Server) translationSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, point, lang, err := translationPath(r)
	if err != nil {
		return err
	}
	in := parley.TranslationInput{Title: r.PostFormValue("title"), Text: r.PostFormValue("text")}
	_, err = s.ws.SetTranslation(r.Context(), id, n, point, lang, in)
	switch code := parley.ErrorCode(err); code {
	case "":
		redirect(w, r, "%s#p%d", parallelURL(id, n, r.PostFormValue("back")), point)
		return nil
	case parley.EINVALID, parley.ECONFLICT:
		tag, _ := parley.CanonicalTag("lang", lang)
		f := &failedTranslation{Point: point, Lang: tag, Title: in.Title, Text: in.Text, Field: parley.ErrorField(err), Message: p.message(err)}
		r.URL.RawQuery = cleanQuery(r.PostFormValue("back"))
		return s.renderParallel(w, r, p, statusOf[code], f, "")
	}
	return err
}

// importSubmit takes a language's text of the draft from a Markdown file
// or text pasted in the import form.
func (s *Server) importSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	lang := r.PostFormValue("lang")
	src := r.PostFormValue("markdown")
	if f, _, err := r.FormFile("file"); err == nil {
		var b strings.Builder
		_, err := io.Copy(&b, io.LimitReader(f, MaxBodySize))
		f.Close()
		if err != nil {
			return err
		}
		src = b.String()
	}
	res, err := s.ws.ImportTranslation(r.Context(), id, n, lang, src)
	r.URL.RawQuery = cleanQuery(r.PostFormValue("back"))
	switch code := parley.ErrorCode(err); code {
	case "":
		return s.renderParallel(w, r, p, http.StatusOK, nil, fmt.Sprintf("%d texts stored, %d unchanged.", len(res.Stored), res.Unchanged))
	case parley.EINVALID, parley.ECONFLICT:
		tag, _ := parley.CanonicalTag("lang", lang)
		return s.renderParallel(w, r, p, statusOf[code], &failedTranslation{Lang: tag, Text: src, Field: "markdown", Message: p.message(err)}, "")
	}
	return err
}

// parallelURL is the side-by-side page of draft n with the languages
// and filter of query; anything else in query is dropped.
func parallelURL(id int64, n int, query string) string {
	return fmt.Sprintf("/talks/%d/drafts/%d/parallel?%s", id, n, cleanQuery(query))
}

// cleanQuery keeps the languages and filter of a side-by-side page's
// query.
func cleanQuery(query string) string {
	q, _ := url.ParseQuery(query)
	return parallelQuery(q["lang"], q.Get("show"))
}

type languagesData struct {
	Talks *workspace.TalksView
	Langs *workspace.LanguagesView
	// Rows are the languages' rows of the form: the talks' own and two
	// empty ones to add more.
	Rows []parley.Language
	// Appointed are the translators, by party, with their languages;
	// Groups those who may be appointed, by party, with the languages
	// each is appointed for.
	Appointed []translatorGroup
	Groups    []translatorGroup
	Error     string
}

// translatorGroup is a party's members who may be appointed translators.
type translatorGroup struct {
	Party   parley.Party
	Members []translatorRow
}

// translatorRow is a member and the languages it is appointed to write,
// as its row of the form offers them (Choices) and as tags (Languages).
type translatorRow struct {
	parley.Member
	Languages []string
	Choices   []languageChoice
}

// languageChoice is one language of a translator's row in the form.
type languageChoice struct {
	Tag     string
	Checked bool
}

// languagesOf returns the languages ts appoints user to write.
func languagesOf(ts []workspace.TranslatorInput, user string) []string {
	for _, t := range ts {
		if t.Username == user {
			return t.Languages
		}
	}
	return nil
}

// languagesPage shows the talks' languages and translators, and to a
// mediator the form that sets them.
func (s *Server) languagesPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderLanguages(w, r, p, http.StatusOK, nil, "")
}

func (s *Server) renderLanguages(w http.ResponseWriter, r *http.Request, p *page, status int, kept *workspace.LanguagesInput, message string) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	d := languagesData{Talks: t, Error: message}
	if d.Langs, err = s.ws.Languages(r.Context(), id); err != nil {
		return err
	}
	in := workspace.LanguagesInput{Languages: d.Langs.Languages, Drafting: d.Langs.Drafting, PartyTranslators: d.Langs.PartyTranslators, Translators: d.Langs.Translators}
	if kept != nil {
		in = *kept
	}
	d.Rows = append(slices.Clone(in.Languages), parley.Language{}, parley.Language{})
	for _, g := range peopleByParty(t) {
		if g.Party.Kind == parley.PartyObserver || len(g.Members) == 0 {
			continue
		}
		group, appointed := translatorGroup{Party: g.Party}, translatorGroup{Party: g.Party}
		for _, m := range g.Members {
			row := translatorRow{Member: m, Languages: languagesOf(in.Translators, m.Username)}
			for _, l := range in.Languages {
				row.Choices = append(row.Choices, languageChoice{Tag: l.Tag, Checked: slices.Contains(row.Languages, l.Tag)})
			}
			group.Members = append(group.Members, row)
			if langs := languagesOf(d.Langs.Translators, m.Username); len(langs) > 0 {
				appointed.Members = append(appointed.Members, translatorRow{Member: m, Languages: langs})
			}
		}
		d.Groups = append(d.Groups, group)
		if len(appointed.Members) > 0 {
			d.Appointed = append(d.Appointed, appointed)
		}
	}
	p.Title, p.Data, p.Talks = p.tr("Languages"), d, id
	s.render(w, r, status, "languages", *p)
	return nil
}

// languagesSubmit sets the talks' languages from the form: rows of a tag
// and an authentic box (empty rows are skipped), the drafting language,
// whether parties' members may translate, and the translators.
func (s *Server) languagesSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return parley.Invalid("form", "the form could not be read")
	}
	in := workspace.LanguagesInput{Drafting: r.PostFormValue("drafting"), PartyTranslators: r.PostFormValue("party_translators") != "",
		Translators: []workspace.TranslatorInput{}}
	for key, tags := range r.PostForm {
		if user, ok := strings.CutPrefix(key, "translates."); ok {
			in.Translators = append(in.Translators, workspace.TranslatorInput{Username: user, Languages: tags})
		}
	}
	slices.SortFunc(in.Translators, func(a, b workspace.TranslatorInput) int { return strings.Compare(a.Username, b.Username) })
	for i, tag := range r.PostForm["tag"] {
		if strings.TrimSpace(tag) != "" {
			in.Languages = append(in.Languages, parley.Language{Tag: tag, Authentic: slices.Contains(r.PostForm["authentic"], fmt.Sprint(i))})
		}
	}
	_, err = s.ws.SetLanguages(r.Context(), id, in)
	switch code := parley.ErrorCode(err); code {
	case "":
		redirect(w, r, "/talks/%d/languages", id)
		return nil
	case parley.EINVALID, parley.EFORBIDDEN:
		return s.renderLanguages(w, r, p, statusOf[code], &in, p.message(err))
	}
	return err
}

type languageChangesData struct {
	Talks    *workspace.TalksView
	Draft    int
	From     int
	Lang     string
	Changes  []workspace.LanguageChange
	Previous []int // the earlier drafts to compare with
}

// languageChangesPage shows how draft n's text in one language changed
// since an earlier draft (?from=, by default the one before).
func (s *Server) languageChangesPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, from, err := changesPath(r)
	if err != nil {
		return err
	}
	d := languageChangesData{Draft: n, From: from}
	if d.Talks, err = s.ws.GetTalks(r.Context(), id); err != nil {
		return err
	}
	if d.Changes, err = s.ws.LanguageDiff(r.Context(), id, from, n, r.PathValue("lang")); err != nil {
		return err
	}
	d.Lang, _ = parley.CanonicalTag("lang", r.PathValue("lang"))
	for i := 1; i < n; i++ {
		d.Previous = append(d.Previous, i)
	}
	p.Title, p.Data, p.Talks = p.tr("Draft %d in %s: what changed", n, languageName(p.pr, d.Lang)), d, id
	s.render(w, r, http.StatusOK, "langchanges", *p)
	return nil
}
