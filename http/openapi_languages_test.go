package http

import (
	"fmt"
	"strings"
	"testing"
)

// languages is the scenario's step through the demo talks' languages:
// English drafting, Russian and Ukrainian authentic; draft 5's Russian
// stale on two points refuses its sign-off (409 naming them) until Russia's
// aide, a translator, brings them current, one through the API and one
// through a Markdown import; files per language.
func (s *apiScenario) languages(t *testing.T) {
	a := s.a
	ru, med, obs, delegate, T, ruAide := s.ru, s.med, s.obs, s.delegate, s.T, s.ruAide
	L := a.call(obs, "GET", T+"/languages", nil, 200)
	if at(t, L, "drafting") != "en" || len(at(t, L, "languages").([]any)) != 3 || at(t, L, "may_translate") != false {
		t.Errorf("GET %s/languages as the observer: %v", T, L)
	}
	a.call(delegate, "GET", T+"/languages", nil, 404)
	in := map[string]any{"languages": []any{map[string]any{"tag": "EN", "authentic": true}, map[string]any{"tag": "ru", "authentic": true},
		map[string]any{"tag": "uk", "authentic": true}}, "party_translators": true, "translators": []any{
		map[string]any{"username": "russia-aide", "languages": []any{"ru"}}, map[string]any{"username": "ukraine-negotiator", "languages": []any{"uk"}}}}
	a.call(ru, "PUT", T+"/languages", in, 403)
	bad := a.call(med, "PUT", T+"/languages", map[string]any{"languages": []any{map[string]any{"tag": "x!", "authentic": true}}}, 400)
	if at(t, bad, "error", "field") != "languages[0].tag" {
		t.Errorf("PUT %s/languages with a bad tag: %v", T, bad)
	}
	legacy := a.call(med, "PUT", T+"/languages", map[string]any{"languages": in["languages"], "party_translators": true, "translators": []any{"russia-aide"}}, 400)
	if at(t, legacy, "error", "field") != "translators[0].languages" {
		t.Errorf("PUT %s/languages naming a translator without its languages: %v", T, legacy)
	}
	if got := a.call(med, "PUT", T+"/languages", in, 200); at(t, got, "languages").([]any)[0].(map[string]any)["tag"] != "en" {
		t.Errorf("PUT %s/languages: the tag was not canonicalised: %v", T, got)
	}
	P := a.call(ru, "GET", T+"/drafts/5/parallel?lang=en&lang=ru", nil, 200)
	var stale []string
	for _, pp := range at(t, P, "points").([]any) {
		if ru := pp.(map[string]any)["texts"].([]any)[1].(map[string]any); ru["status"] == "stale" {
			stale = append(stale, fmt.Sprint(pp.(map[string]any)["id"]))
			if ru["source_diff"] == nil {
				t.Errorf("a stale point without its source diff: %v", ru)
			}
		}
	}
	if len(stale) != 2 {
		t.Fatalf("GET %s/drafts/5/parallel: %d Russian points stale, want 2", T, len(stale))
	}
	refused := a.call(med, "POST", T+"/decisions", map[string]any{"kind": "sign_off", "draft": 5}, 409)
	if msg, _ := at(t, refused, "error", "message").(string); !strings.Contains(msg, "Russian (stale: 3, 22)") {
		t.Errorf("the sign-off refused: %v", refused)
	}
	first := fmt.Sprintf("%s/drafts/5/points/%s/translations/ru", T, stale[0])
	a.call(ru, "PUT", first, map[string]any{"title": "НАТО", "text": "x"}, 403) // Russia's principal is no translator
	a.call(ruAide, "PUT", first, map[string]any{"text": "без заголовка"}, 400)
	a.call(ruAide, "PUT", first, map[string]any{"title": "НАТО", "text": "Украина не будет добиваться членства в НАТО, пока действует это соглашение; НАТО не будет принимать Украину в течение этого времени."}, 200)
	if h := a.call(obs, "GET", first, nil, 200).([]any); len(h) != 2 {
		t.Errorf("GET %s: %d versions, want the one carried and the new one", first, len(h))
	}
	if file, _ := a.call(obs, "GET", T+"/drafts/5/parallel/docx?lang=en&lang=ru&lang=uk", nil, 200).(string); !strings.HasPrefix(file, "PK\x03\x04") {
		t.Errorf("GET %s/drafts/5/parallel/docx: got %.20q, want a Word document", T, file)
	}
	a.call(obs, "GET", T+"/drafts/5/parallel/docx?lang=xx-invalid!", nil, 400)
	a.call(obs, "GET", T+"/drafts/5/parallel/rtf", nil, 400)
	if file, _ := a.call(obs, "GET", T+"/drafts/5/parallel/pdf?lang=en&lang=ru&lang=uk", nil, 200).(string); !strings.HasPrefix(file, "%PDF-") {
		t.Errorf("GET %s/drafts/5/parallel/pdf: got %.20q, want a PDF", T, file)
	}
	ch := a.call(obs, "GET", T+"/drafts/5/translations/uk/changes", nil, 200).([]any)
	if len(ch) != 2 || at(t, ch[1], "number") != "22" {
		t.Errorf("GET %s/drafts/5/translations/uk/changes: %v, want the territory and the ceasefire", T, ch)
	}
	a.call(obs, "GET", T+"/drafts/5/translations/uk/changes?from=5", nil, 400)
	md, _ := a.call(obs, "GET", T+"/drafts/5/translations/ru/export?format=md", nil, 200).(string)
	a.call(obs, "GET", T+"/drafts/5/translations/ru/export?format=akn", nil, 409) // not all current yet
	edited := strings.Replace(md, "Прекращение огня вступает в силу, как только обе стороны отойдут на согласованные позиции.",
		"Полное прекращение огня вступает в силу с момента подписания; силы отходят на согласованные позиции в течение 30 дней.", 1)
	a.call(ruAide, "POST", T+"/drafts/5/translations/ru/import", markdownBody("# nothing"), 400)
	res := a.call(ruAide, "POST", T+"/drafts/5/translations/ru/import", markdownBody(edited), 200)
	if got := at(t, res, "stored").([]any); len(got) != 1 || fmt.Sprint(got[0]) != stale[1] {
		t.Errorf("the import stored %v, want the ceasefire alone", got)
	}
	if x, _ := a.call(obs, "GET", T+"/drafts/5/translations/ru/export?format=akn", nil, 200).(string); !strings.Contains(x, `fromLanguage="eng"`) {
		t.Errorf("the Russian expression: %.300s", x)
	}
}
