package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestParallelPage reads the demo's latest draft side by side in English
// and Ukrainian: the texts carry their language, the stale points are
// marked with the source's diff and kept by the stale filter; a
// translator's refused text comes back in its form with the reason; a
// stance recorded from the side-by-side page is the point's stance, and
// the form comes back to the same view.
func TestParallelPage(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	medCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	d := must(ws.GetDraft(medCtx, tid, 5))(t)
	ua, uaCSRF := signInPages(t, base, "ukraine")
	page := fmt.Sprintf("/talks/%d/drafts/5/parallel", tid)

	status, html := ua.get(page + "?lang=en&lang=uk")
	if status != 200 || !strings.Contains(html, `lang="uk" dir="auto"`) || !strings.Contains(html, "Суверенітет України буде підтверджено.") {
		t.Fatalf("the side-by-side page in English and Ukrainian (%d) lacks the Ukrainian text marked as such", status)
	}
	if strings.Contains(html, "status stale") || strings.Contains(html, "Revise the translation") {
		t.Error("the Ukrainian text, current throughout, shows a stale point or a translator's form to Ukraine's principal")
	}
	_, html = ua.get(page + "?lang=en&lang=ru&lang=uk")
	if n := strings.Count(html, `<span class="tag status stale">`); n != 2 || !strings.Contains(html, "The source changed since this was translated") ||
		!strings.Contains(html, "<ins>full") {
		t.Errorf("in Russian: %d stale points marked, want 2 with the source's diff", n)
	}
	_, html = ua.get(page + "?lang=en&lang=ru&show=stale")
	if !strings.Contains(html, "Showing 2 of 22 points") {
		t.Error("the stale filter does not keep the two stale points alone")
	}
	if status, _ := ua.get(page + "?show=everything"); status != http.StatusBadRequest {
		t.Errorf("an unknown filter: %d, want 400", status)
	}

	_, html = ua.get(fmt.Sprintf("/talks/%d/drafts/5/translations/uk/changes", tid))
	if !strings.Contains(html, "<ins>Повне") || !strings.Contains(html, "<ins> протягом одного року</ins>") || strings.Count(html, `class="parallel-row"`) != 2 {
		t.Error("what changed in Ukrainian since draft 4: want the territory and the ceasefire, their new words marked")
	}

	// Ukraine's negotiator, a translator, leaves a text out: the form
	// comes back with the title kept and the reason.
	neg, negCSRF := signInPages(t, base, "ukraine-negotiator")
	sov := d.Points[1]
	form := url.Values{"_csrf": {negCSRF}, "title": {"Суверенітет!"}, "text": {" "}, "back": {"lang=en&lang=uk"}}
	status, _, body := neg.post(fmt.Sprintf("/talks/%d/drafts/5/points/%d/translations/uk", tid, sov.ID), form)
	if status != http.StatusBadRequest || !strings.Contains(body, `value="Суверенітет!"`) || !strings.Contains(body, "text is required") {
		t.Errorf("a translation without text: %d, want 400 with the form kept and the reason", status)
	}
	form.Set("text", "Суверенітет України буде підтверджено всіма сторонами.")
	status, loc, _ := neg.post(fmt.Sprintf("/talks/%d/drafts/5/points/%d/translations/uk", tid, sov.ID), form)
	if status != http.StatusSeeOther || loc != fmt.Sprintf("%s?lang=en&lang=uk#p%d", page, sov.ID) {
		t.Errorf("a translation: %d to %q, want back to the same view", status, loc)
	}

	// Ukraine's principal records a stance from the Ukrainian view: it is
	// the point's stance, and the form comes back to the view.
	ter := d.Points[8] // 7 Territory
	status, loc, _ = ua.post(fmt.Sprintf("/talks/%d/drafts/5/points/%d/stance", tid, ter.ID), url.Values{"_csrf": {uaCSRF},
		"stance": {"needs_discussion"}, "rationale": {"Обговоримо кордон."}, "share_with_mediator": {"on"}, "back": {page + "?lang=uk&lang=en"}})
	if status != http.StatusSeeOther || loc != fmt.Sprintf("%s?lang=uk&lang=en#p%d", page, ter.ID) {
		t.Errorf("a stance from the side-by-side page: %d to %q", status, loc)
	}
	found := false
	for _, st := range must(ws.ListStances(medCtx, tid, 5))(t) {
		found = found || st.PointID == ter.ID && st.Rationale == "Обговоримо кордон." && st.Value == parley.NeedsDiscussion
	}
	if !found {
		t.Error("the mediator does not see, on the point, the stance Ukraine recorded from the Ukrainian view")
	}
}

// translateCurrent makes every text of draft n of the talks current, as
// the mediator: each stale or missing point gets a text marked with its
// language ("[ru] …"), so that a sign-off may be proposed.
func translateCurrent(t *testing.T, ws *workspace.Service, tid int64, n int) {
	t.Helper()
	ctx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	p := must(ws.ParallelText(ctx, tid, n, nil))(t)
	for i, pp := range p.Points {
		src := p.Draft.Points[i]
		for _, x := range pp.Texts {
			if x.Status == parley.TranslationCurrent {
				continue
			}
			in := parley.TranslationInput{Text: "[" + x.Language + "] " + src.Text}
			if src.Title != "" {
				in.Title = "[" + x.Language + "] " + src.Title
			}
			must(ws.SetTranslation(ctx, tid, n, pp.ID, x.Language, in))(t)
		}
	}
}

// TestLanguagesAndImportPages: the mediator sets the languages on their
// page (a bad tag comes back with the rows kept), others only read them;
// a translator brings a language back from Markdown on the side-by-side
// page, a bad file stored nothing and said why.
func TestLanguagesAndImportPages(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	med, medCSRF := signInPages(t, base, "mediator")
	ua, _ := signInPages(t, base, "ukraine")
	langs := fmt.Sprintf("/talks/%d/languages", tid)
	if _, html := ua.get(langs); !strings.Contains(html, `<strong data-lang="uk">Ukrainian</strong> (uk) — authentic`) || strings.Contains(html, `id="languages-form"`) {
		t.Error("Ukraine's principal reads the languages without the mediator's form")
	}
	form := url.Values{"_csrf": {medCSRF}, "tag": {"en", "ru", "uk", "klingon!!"}, "authentic": {"0", "1", "2"}, "party_translators": {"on"},
		"translates.russia-aide": {"ru"}, "translates.ukraine-negotiator": {"uk", "fr"}}
	status, _, body := med.post(langs, form)
	if status != http.StatusBadRequest || !strings.Contains(body, "klingon!!") || !strings.Contains(body, "not a BCP 47 language tag") ||
		!strings.Contains(body, `name="translates.ukraine-negotiator" value="uk" checked`) {
		t.Errorf("a bad tag: %d, want 400 with the rows and the translators' languages kept and the reason", status)
	}
	form["tag"] = []string{"en", "ru", "uk", "fr"}
	if status, loc, _ := med.post(langs, form); status != http.StatusSeeOther || loc != langs {
		t.Errorf("setting the languages: %d to %q", status, loc)
	}
	medCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	l := must(ws.Languages(medCtx, tid))(t)
	if len(l.Languages) != 4 || l.Languages[3].Authentic || !reflect.DeepEqual(l.Translators, []workspace.TranslatorInput{
		{Username: "russia-aide", Languages: []string{"ru"}}, {Username: "ukraine-negotiator", Languages: []string{"fr", "uk"}}}) {
		t.Errorf("languages set from the page: %+v", l)
	}
	if _, html := ua.get(langs); !strings.Contains(html, "(French, Ukrainian)") {
		t.Error("the languages page does not say which languages Ukraine's translator writes")
	}

	neg, negCSRF := signInPages(t, base, "ukraine-negotiator")
	_, side := neg.get(fmt.Sprintf("/talks/%d/drafts/5/parallel?lang=en&lang=ru&lang=uk", tid))
	imports := regexp.MustCompile(`(?s)<select id="import-lang".*?</select>`).FindString(side)
	if !strings.Contains(imports, `value="uk"`) || !strings.Contains(imports, `value="fr"`) || strings.Contains(imports, `value="ru"`) {
		t.Errorf("Ukraine's translator may bring back %q, want its own languages, French and Ukrainian, not Russian", imports)
	}
	md := string(must(ws.ExportLanguage(medCtx, tid, 5, "md", "fr"))(t).Body)
	imp := fmt.Sprintf("/talks/%d/drafts/5/translations/import", tid)
	status, _, body = neg.post(imp, url.Values{"_csrf": {negCSRF}, "lang": {"fr"}, "markdown": {"1. Sans marque\n"}, "back": {"lang=en&lang=fr"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "has no identity marker") {
		t.Errorf("an import without markers: %d", status)
	}
	ru := string(must(ws.ExportLanguage(medCtx, tid, 5, "md", "ru"))(t).Body)
	if status, _, _ = neg.post(imp, url.Values{"_csrf": {negCSRF}, "lang": {"ru"}, "markdown": {ru}, "back": {"lang=en&lang=ru"}}); status != http.StatusForbidden {
		t.Errorf("Ukraine's translator bringing back Russia's authentic text: got %d, want 403", status)
	}
	fr := strings.Replace(md, "Ukraine's sovereignty will be confirmed.", "La souveraineté de l'Ukraine sera confirmée.", 1)
	status, _, body = neg.post(imp, url.Values{"_csrf": {negCSRF}, "lang": {"fr"}, "markdown": {fr}, "back": {"lang=en&lang=fr"}})
	if status != 200 || !strings.Contains(body, "1 texts stored") || !strings.Contains(body, "La souveraineté de l&#39;Ukraine sera confirmée.") {
		t.Errorf("an import: %d", status)
	}
}

// arabicInEnglish is a point's text written in Arabic in an English
// draft (withArabicPoint).
const arabicInEnglish = "وقف إطلاق النار الشامل والدائم"

// withArabicPoint starts the demo and tables draft 6, draft 5 with one
// point's text in Arabic; it returns the server, the talks and draft 6.
func withArabicPoint(t *testing.T) (string, *workspace.Service, int64, *parley.Draft) {
	t.Helper()
	base, ws, tid := newDemoServer(t)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	next := workspace.InputOf(must(ws.GetDraft(med, tid, 5))(t))
	next.Points[1].Points[0].Text = arabicInEnglish
	return base, ws, tid, must(ws.TableDraft(med, tid, next))(t)
}

// checkTextLangs checks the texts re's matches find (lang attribute,
// text): the Arabic one has no lang, and at least five English ones have
// lang="en"; with every, every other one has it.
func checkTextLangs(t *testing.T, re *regexp.Regexp, page string, every bool) {
	t.Helper()
	english, found := 0, false
	for _, c := range re.FindAllStringSubmatch(page, -1) {
		switch {
		case c[2] == arabicInEnglish:
			found = true
			if c[1] != "" {
				t.Errorf("the Arabic text of the English draft is marked%s", c[1])
			}
		case c[1] == ` lang="en"`:
			english++
		case every:
			t.Errorf("point text %q marked %q, want lang=\"en\"", c[2], c[1])
		}
	}
	if !found || english < 5 {
		t.Errorf("found the Arabic text: %v; English texts marked lang=\"en\": %d", found, english)
	}
}

// TestParallelTextInAnotherScript: a point of an English draft written in
// Arabic is not marked lang="en" on the side-by-side page (a screen reader
// would read it in an English voice), while it keeps dir="auto"; the
// other English texts keep their lang.
func TestParallelTextInAnotherScript(t *testing.T) {
	t.Parallel()
	base, _, tid, d := withArabicPoint(t)
	m, _ := signInPages(t, base, "mediator")
	_, page := m.get(fmt.Sprintf("/talks/%d/drafts/%d/parallel?lang=en&lang=uk", tid, d.Number))
	checkTextLangs(t, regexp.MustCompile(`<div( lang="[^"]*")? dir="auto" class="cell-text">(?:<p class="cell-title"><strong>[^<]*</strong></p>)?<p class="point-text">([^<]*)</p>`), page, false)
}

// TestDraftTextInItsLanguage: the draft page marks each point's title and
// text with the draft's drafting language, so that a screen reader on a
// Ukrainian page reads an English draft in English, except a point
// written in another script (an Arabic clause in an English draft), which
// is marked with no language rather than a wrong one.
func TestDraftTextInItsLanguage(t *testing.T) {
	t.Parallel()
	base, _, tid, d := withArabicPoint(t)
	m, _ := signInPages(t, base, "ukraine")
	_, page := m.get(fmt.Sprintf("/talks/%d/drafts/%d", tid, d.Number))
	checkTextLangs(t, regexp.MustCompile(`<p class="point-text"( lang="[^"]*")? dir="auto">([^<]*)</p>`), page, true)
	if n := strings.Count(page, `<bdi lang="en">`); n < 5 {
		t.Errorf("%d point titles marked lang=\"en\", want every English one", n)
	}
	want, english := map[int64]string{}, false
	for _, pt := range d.Points {
		switch {
		case pt.Text == arabicInEnglish:
			want[pt.ID] = `<p class="point-text" dir="auto">` + arabicInEnglish
		case pt.Kind == parley.KindPoint && !english:
			want[pt.ID], english = `<p class="point-text" lang="en" dir="auto">`, true
		}
	}
	if len(want) != 2 {
		t.Fatalf("points to visit: %v", want)
	}
	for id, want := range want {
		if _, page := m.get(fmt.Sprintf("/talks/%d/drafts/%d/points/%d", tid, d.Number, id)); !strings.Contains(page, want) {
			t.Errorf("point %d's page does not hold %q", id, want)
		}
	}
}
