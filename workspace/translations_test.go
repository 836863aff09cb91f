package workspace_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/workspace"
)

// threeLanguages are English (drafting), Russian and Ukrainian, all
// authentic, with the translators given as "user:lang,lang".
func threeLanguages(translators ...string) workspace.LanguagesInput {
	in := workspace.LanguagesInput{Languages: []parley.Language{{Tag: "EN", Authentic: true}, {Tag: "ru", Authentic: true}, {Tag: "uk", Authentic: true}},
		PartyTranslators: len(translators) > 0, Translators: []workspace.TranslatorInput{}}
	for _, t := range translators {
		user, langs, _ := strings.Cut(t, ":")
		in.Translators = append(in.Translators, workspace.TranslatorInput{Username: user, Languages: strings.Split(langs, ",")})
	}
	return in
}

// translateAll writes a text of every point of draft n in lang, each
// "<lang>: <source>".
func translateAll(t *testing.T, ws *workspace.Service, ctx context.Context, talks int64, n int, lang string) {
	t.Helper()
	d := must[*parley.Draft](t)(ws.GetDraft(ctx, talks, n))
	for _, p := range d.Points {
		in := parley.TranslationInput{Text: lang + ": " + p.Text}
		if p.Title != "" {
			in.Title = lang + ": " + p.Title
		}
		must[*parley.Translation](t)(ws.SetTranslation(ctx, talks, n, p.ID, lang, in))
	}
}

// statuses maps each point of a parallel text to its status in lang.
func statuses(p *workspace.Parallel, lang string) map[int64]parley.TranslationStatus {
	i := -1
	for j, l := range p.Languages {
		if l == lang {
			i = j
		}
	}
	out := map[int64]parley.TranslationStatus{}
	for _, pp := range p.Points {
		out[pp.ID] = pp.Texts[i].Status
	}
	return out
}

func TestLanguagesSetting(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	for name, in := range map[string]workspace.LanguagesInput{
		"a malformed tag":           {Languages: []parley.Language{{Tag: "english!", Authentic: true}}},
		"no authentic":              {Languages: []parley.Language{{Tag: "en"}}},
		"twice":                     {Languages: []parley.Language{{Tag: "en", Authentic: true}, {Tag: "EN"}}},
		"a foreign drafting":        {Languages: []parley.Language{{Tag: "en", Authentic: true}}, Drafting: "fr"},
		"a party translator":        {Languages: []parley.Language{{Tag: "en", Authentic: true}}, Translators: []workspace.TranslatorInput{{Username: "russia", Languages: []string{"en"}}}},
		"an observer":               {Languages: []parley.Language{{Tag: "en", Authentic: true}}, PartyTranslators: true, Translators: []workspace.TranslatorInput{{Username: "observer", Languages: []string{"en"}}}},
		"an outsider":               {Languages: []parley.Language{{Tag: "en", Authentic: true}}, Translators: []workspace.TranslatorInput{{Username: "outsider", Languages: []string{"en"}}}},
		"no language named":         threeLanguages("russia:"),
		"a language not the talks'": threeLanguages("russia:fr"),
		"appointed twice":           threeLanguages("russia:ru", "russia:uk"),
		"no language at all":        {},
		"an undetermined tag":       {Languages: []parley.Language{{Tag: "und", Authentic: true}}},
	} {
		if _, err := ws.SetLanguages(f.mediator, f.talks, in); code(err) != parley.EINVALID {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
	if _, err := ws.SetLanguages(f.ru, f.talks, threeLanguages()); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party setting the languages: got %v, want forbidden", err)
	}
	got := must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, threeLanguages("russia:ru")))
	if got.Languages[0].Tag != "en" || got.Drafting != "en" || !reflect.DeepEqual(got.Translators, []workspace.TranslatorInput{{Username: "russia", Languages: []string{"ru"}}}) {
		t.Errorf("languages set: %+v (want en canonical, drafting en, russia translating)", got)
	}
	read := must[*workspace.LanguagesView](t)(ws.Languages(f.obs, f.talks))
	if len(read.Languages) != 3 || read.MayTranslate {
		t.Errorf("the observer reads %+v", read)
	}
	if _, err := ws.Languages(f.out, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("an outsider reading the languages: %v, want not found", err)
	}
}

// TestTranslationStatus: every point starts missing; a translation of
// the current source is current; in the next draft, carried by point
// identity, it stays current where the source is unchanged and is stale,
// with its text kept and the source's diff shown, where it changed; a new
// translation makes it current again. The tabled source never changes.
func TestTranslationStatus(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, threeLanguages("russia:ru")))
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	p := must[*workspace.Parallel](t)(ws.ParallelText(f.ru, f.talks, 1, []string{"ru", "en"}))
	if p.Drafting != "en" || !reflect.DeepEqual(p.Languages, []string{"en", "ru"}) {
		t.Fatalf("parallel languages: drafting %s, shown %v", p.Drafting, p.Languages)
	}
	if p.Counts["ru"][string(parley.TranslationMissing)] != len(d1.Points) || p.Counts["en"][string(parley.TranslationCurrent)] != len(d1.Points) {
		t.Errorf("before any translation: counts %v", p.Counts)
	}
	if _, err := ws.SetTranslation(f.ua, f.talks, 1, d1.Points[1].ID, "uk", parley.TranslationInput{Title: "x", Text: "x"}); code(err) != parley.EFORBIDDEN {
		t.Errorf("Ukraine's principal, not a translator: got %v, want forbidden", err)
	}
	if _, err := ws.SetTranslation(f.ru, f.talks, 1, d1.Points[1].ID, "en", parley.TranslationInput{Title: "x", Text: "x"}); code(err) != parley.EINVALID {
		t.Errorf("writing the source language: got %v, want invalid", err)
	}
	if _, err := ws.SetTranslation(f.ru, f.talks, 1, d1.Points[1].ID, "ru", parley.TranslationInput{Text: "без заголовка"}); code(err) != parley.EINVALID {
		t.Errorf("a translation without the source's title: got %v, want invalid", err)
	}
	translateAll(t, ws, f.ru, f.talks, 1, "ru")       // a translator of a party
	translateAll(t, ws, f.mediator, f.talks, 1, "uk") // the mediator's team
	for _, lang := range []string{"ru", "uk"} {
		for id, st := range statuses(must[*workspace.Parallel](t)(ws.ParallelText(f.obs, f.talks, 1, nil)), lang) {
			if st != parley.TranslationCurrent {
				t.Errorf("draft 1, %s, point %d: %s after translation, want current", lang, id, st)
			}
		}
	}
	// The tabled source is untouched, and a later version of a
	// translation is audited as a version of its own.
	if again := must[*parley.Draft](t)(ws.GetDraft(f.obs, f.talks, 1)); !reflect.DeepEqual(again.Points, d1.Points) {
		t.Errorf("draft 1's source changed while it was translated")
	}
	fix := parley.TranslationInput{Title: "ru: Sovereignty", Text: "исправлено"}
	if tr := must[*parley.Translation](t)(ws.SetTranslation(f.ru, f.talks, 1, d1.Points[1].ID, "ru", fix)); tr.Version != 2 {
		t.Errorf("a corrected translation: version %d, want 2", tr.Version)
	}
	if h := must[[]parley.Translation](t)(ws.TranslationHistory(f.obs, f.talks, 1, d1.Points[1].ID, "ru")); len(h) != 2 {
		t.Errorf("history: %d versions, want 2", len(h))
	}
	// Draft 2 amends the Sovereignty point.
	in := workspace.InputOf(d1)
	in.Points[0].Points[0].Text = "Ukraine's sovereignty will be confirmed by all parties."
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, in))
	p2 := must[*workspace.Parallel](t)(ws.ParallelText(f.ua, f.talks, 2, []string{"uk", "en"}))
	amended := d1.Points[1].ID
	for _, pp := range p2.Points {
		want := parley.TranslationCurrent
		if pp.ID == amended {
			want = parley.TranslationStale
		}
		uk := pp.Texts[1]
		if uk.Status != want || uk.CarriedFrom != 1 || !strings.HasPrefix(uk.Text, "uk: ") {
			t.Errorf("draft 2, point %d in uk: %+v, want %s, carried from 1 with its text kept", pp.ID, uk, want)
		}
		if pp.ID == amended && !hasInsert(uk.SourceDiff, "by all parties") {
			t.Errorf("the stale point's source diff: %+v", uk.SourceDiff)
		}
	}
	d2 := must[*parley.Draft](t)(ws.GetDraft(f.obs, f.talks, 2))
	src := d2.Point(amended)
	must[*parley.Translation](t)(ws.SetTranslation(f.mediator, f.talks, 2, amended, "uk", parley.TranslationInput{Title: "uk: " + src.Title, Text: "uk: " + src.Text}))
	if st := statuses(must[*workspace.Parallel](t)(ws.ParallelText(f.ua, f.talks, 2, nil)), "uk")[amended]; st != parley.TranslationCurrent {
		t.Errorf("after translating the amended source: %s, want current", st)
	}
	if rep, err := ws.VerifyAudit(context.Background(), nil, ""); err != nil {
		t.Errorf("audit verify: %v %+v", err, rep)
	}
}

func hasInsert(ops []diff.Op, text string) bool {
	var ins strings.Builder
	for _, op := range ops {
		if op.Kind == diff.Insert {
			ins.WriteString(op.Text)
		}
	}
	return strings.Contains(ins.String(), text)
}

// TestSignOffNeedsCurrentAuthenticTexts: a sign-off is refused while an
// authentic language's text is stale or missing, naming them per
// language; a working language does not count; the records of the
// sign-off name the authentic languages.
func TestSignOffNeedsCurrentAuthenticTexts(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	in := threeLanguages()
	in.Languages = append(in.Languages, parley.Language{Tag: "fr"}) // a working language
	must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, in))
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	translateAll(t, ws, f.mediator, f.talks, 1, "ru")
	_, err := ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1})
	msg := parley.ErrorMessage(err)
	if code(err) != parley.ECONFLICT || !strings.Contains(msg, "Ukrainian (missing: General, 1, 2, 3, 3.a)") || strings.Contains(msg, "Russian") || strings.Contains(msg, "French") {
		t.Fatalf("sign-off with Ukrainian missing: got %v", err)
	}
	translateAll(t, ws, f.mediator, f.talks, 1, "uk")
	in2 := workspace.InputOf(d1)
	in2.Points[1].Text = "Donetsk and Luhansk recognised de jure."
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, in2))
	_, err = ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 2})
	if msg := parley.ErrorMessage(err); code(err) != parley.ECONFLICT || !strings.Contains(msg, "Russian (stale: 3)") || !strings.Contains(msg, "Ukrainian (stale: 3)") {
		t.Fatalf("sign-off with point 3 stale in both: got %v", err)
	}
	d2 := must[*parley.Draft](t)(ws.GetDraft(f.obs, f.talks, 2))
	for _, lang := range []string{"ru", "uk"} {
		p := d2.Point(d1.Points[4-1].ID)
		must[*parley.Translation](t)(ws.SetTranslation(f.mediator, f.talks, 2, p.ID, lang, parley.TranslationInput{Title: lang + ": " + p.Title, Text: lang + ": " + p.Text}))
	}
	must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 2}))
	entries, _ := must2(ws.AuditLog(f.obs, f.talks))
	last := entries[len(entries)-1].Record
	if last.Action != "decision.propose" || !reflect.DeepEqual(last.Details["authentic_languages"], []any{"en", "ru", "uk"}) {
		t.Errorf("the sign-off's record: %+v, want it to name en, ru, uk", last)
	}
}

// TestTranslationImportExport: the Markdown of a language goes out with
// every identity marker and comes back, edited, as new versions of the
// points changed, by identity; untouched points and points still in the
// source text store nothing; a marker of no point stores nothing at all.
// Akoma Ntoso in a language waits until its text is current.
func TestTranslationImportExport(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, threeLanguages()))
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	if _, err := ws.ExportLanguage(f.obs, f.talks, 1, "akn", "ru"); code(err) != parley.ECONFLICT {
		t.Errorf("Akoma Ntoso of an untranslated language: got %v, want conflict", err)
	}
	md := string(must[*workspace.Export](t)(ws.ExportLanguage(f.obs, f.talks, 1, "md", "ru")).Body)
	for _, p := range d.Points {
		if !strings.Contains(md, fmt.Sprintf("{#%d}", p.ID)) {
			t.Fatalf("the Markdown lacks point %d's marker:\n%s", p.ID, md)
		}
	}
	// The translator translates two points of five, in an editor.
	edited := strings.Replace(md, "Ukraine's sovereignty will be confirmed.", "Суверенитет Украины будет подтверждён.", 1)
	edited = strings.Replace(edited, "**Sovereignty.**", "**Суверенитет.**", 1)
	edited = strings.Replace(edited, "## General", "## Общие положения", 1)
	if _, err := ws.ImportTranslation(f.ru, f.talks, 1, "ru", edited); code(err) != parley.EFORBIDDEN {
		t.Errorf("an import by a party's principal, not a translator: %v", err)
	}
	bad := strings.Replace(edited, fmt.Sprintf("{#%d}", d.Points[2].ID), "{#999999}", 1)
	if _, err := ws.ImportTranslation(f.mediator, f.talks, 1, "ru", bad); code(err) != parley.EINVALID {
		t.Errorf("an import naming no point: got %v, want invalid", err)
	}
	res := must[*workspace.ImportResult](t)(ws.ImportTranslation(f.mediator, f.talks, 1, "ru", edited))
	if !reflect.DeepEqual(res.Stored, []int64{d.Points[0].ID, d.Points[1].ID}) || res.Unchanged != 3 {
		t.Errorf("import: %+v, want the section and point 1 stored, 3 unchanged", res)
	}
	again := must[*workspace.ImportResult](t)(ws.ImportTranslation(f.mediator, f.talks, 1, "ru", edited))
	if len(again.Stored) != 0 {
		t.Errorf("the same import again stored %v", again.Stored)
	}
	st := statuses(must[*workspace.Parallel](t)(ws.ParallelText(f.obs, f.talks, 1, nil)), "ru")
	if st[d.Points[1].ID] != parley.TranslationCurrent || st[d.Points[2].ID] != parley.TranslationMissing {
		t.Errorf("statuses after the import: %v", st)
	}
	// Exported again, the translation comes out under the same markers.
	back := string(must[*workspace.Export](t)(ws.ExportLanguage(f.obs, f.talks, 1, "md", "ru")).Body)
	if !strings.Contains(back, fmt.Sprintf("**Суверенитет.** Суверенитет Украины будет подтверждён. {#%d}", d.Points[1].ID)) {
		t.Errorf("the exported translation:\n%s", back)
	}
	translateAll(t, ws, f.mediator, f.talks, 1, "ru")
	x := must[*workspace.Export](t)(ws.ExportLanguage(f.obs, f.talks, 1, "akn", "ru"))
	for _, want := range []string{`<FRBRlanguage language="rus"/>`, `fromLanguage="eng"`, `<FRBRauthoritative value="true"/>`, "ru: Donetsk"} {
		if !strings.Contains(string(x.Body), want) {
			t.Errorf("the Russian expression lacks %s", want)
		}
	}
	// Side by side, the columns are headed with the languages' names.
	x = must[*workspace.Export](t)(ws.ExportParallel(f.obs, f.talks, 1, []string{"en", "ru"}, "docx"))
	z := must[*zip.Reader](t)(zip.NewReader(bytes.NewReader(x.Body), int64(len(x.Body))))
	body := must[[]byte](t)(fs.ReadFile(z, "word/document.xml"))
	if !strings.Contains(string(body), ">English (source)</w:t>") || !strings.Contains(string(body), ">Russian</w:t>") {
		t.Errorf("the side-by-side Word document's columns are not headed English (source) and Russian")
	}
}

// TestLanguageDiff: in a language, the points whose text changed between
// two drafts, with the words changed; unchanged ones are left out.
func TestLanguageDiff(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, threeLanguages()))
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	translateAll(t, ws, f.mediator, f.talks, 1, "ru")
	in := workspace.InputOf(d1)
	in.Points[1].Text = "Donetsk and Luhansk recognised de jure."
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, in))
	territory := d1.Points[3].ID
	if ch := must[[]workspace.LanguageChange](t)(ws.LanguageDiff(f.obs, f.talks, 1, 2, "ru")); len(ch) != 0 {
		t.Errorf("before the Russian is revised: %+v, want no change (the stale text is carried as it was)", ch)
	}
	must[*parley.Translation](t)(ws.SetTranslation(f.mediator, f.talks, 2, territory, "ru", parley.TranslationInput{Title: "ru: Territory", Text: "Донецк и Луганск признаются де-юре."}))
	ch := must[[]workspace.LanguageChange](t)(ws.LanguageDiff(f.obs, f.talks, 1, 2, "ru"))
	if len(ch) != 1 || ch[0].Point != territory || ch[0].Status != parley.TranslationCurrent || !hasInsert(ch[0].Words, "Донецк") {
		t.Errorf("after the Russian of point 3 is revised: %+v", ch)
	}
	if en := must[[]workspace.LanguageChange](t)(ws.LanguageDiff(f.obs, f.talks, 1, 2, "en")); len(en) != 1 || !hasInsert(en[0].Words, "jure") {
		t.Errorf("in English, the source: %+v", en)
	}
	if _, err := ws.LanguageDiff(f.obs, f.talks, 2, 1, "ru"); code(err) != parley.EINVALID {
		t.Errorf("comparing backwards: %v, want invalid", err)
	}
}

// TestTranslatorsPerLanguage: a party's translator writes only the
// languages it was appointed for, and only on the latest draft; the
// mediator's team writes any language of any tabled draft. An appointment
// stored before languages were named (an account ID alone) translates
// nothing.
func TestTranslatorsPerLanguage(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, threeLanguages("russia:ru")))
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	pt := d1.Points[1].ID
	tr := parley.TranslationInput{Title: "x: " + d1.Points[1].Title, Text: "x"}
	if _, err := ws.SetTranslation(f.ru, f.talks, 1, pt, "uk", tr); code(err) != parley.EFORBIDDEN || !strings.Contains(err.Error(), "into ru only") {
		t.Errorf("Russia's translator writing Ukrainian, Ukraine's authentic text: got %v, want forbidden, naming ru", err)
	}
	must[*parley.Translation](t)(ws.SetTranslation(f.ru, f.talks, 1, pt, "ru", tr))
	if v := must[*workspace.LanguagesView](t)(ws.Languages(f.ru, f.talks)); !reflect.DeepEqual(v.MayTranslateInto, []string{"ru"}) {
		t.Errorf("russia may translate into %v, want [ru]", v.MayTranslateInto)
	}
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, workspace.InputOf(d1)))
	if _, err := ws.SetTranslation(f.ru, f.talks, 1, pt, "ru", parley.TranslationInput{Title: tr.Title, Text: "later"}); code(err) != parley.EFORBIDDEN ||
		!strings.Contains(err.Error(), "superseded") {
		t.Errorf("Russia's translator rewriting superseded draft 1: got %v, want forbidden", err)
	}
	must[*parley.Translation](t)(ws.SetTranslation(f.mediator, f.talks, 1, pt, "uk", tr))
	must[*parley.Translation](t)(ws.SetTranslation(f.ru, f.talks, 2, pt, "ru", parley.TranslationInput{Title: tr.Title, Text: "draft 2"}))

	var legacy parley.TalksLanguages
	if err := json.Unmarshal([]byte(`{"languages":[{"tag":"en","authentic":true}],"party_translators":true,"translators":[7]}`), &legacy); err != nil {
		t.Fatal(err)
	}
	if langs := legacy.TranslatorLanguages(7); len(langs) != 0 || legacy.Translators[0].Account != 7 {
		t.Errorf("an appointment stored as an ID alone: got %+v, want account 7 with no language", legacy.Translators)
	}
}
