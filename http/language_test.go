package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley/demo"
)

// getIn reads a page or an API path with an Accept-Language header (and a
// bearer token, if not "").
func getIn(t *testing.T, c *http.Client, base, path, acceptLanguage, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var verdictRE = regexp.MustCompile(`id="verdict" role="status">([^<]*)<`)

var ukrainianDate = regexp.MustCompile(`\d{1,2} (січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня) \d{4} \d\d:\d\d`)

// TestInterfaceLanguage: the demo's ukraine and russia read the pages in
// Ukrainian and Russian (their preference), the mediator, who has none,
// in its browser's language, else English; dates are written in the
// page's language.
func TestInterfaceLanguage(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServerInLanguages(t)
	for _, c := range []struct{ user, lang, drafts, notDrafts string }{
		{"ukraine", "uk", ">Проєкти</a>", ">Drafts</a>"},
		{"russia", "ru", ">Проекты</a>", ">Drafts</a>"},
		{"mediator", "en", ">Drafts</a>", ">Проєкти</a>"},
	} {
		b, _ := signInPages(t, base, c.user)
		_, page := b.get("/talks/1")
		if !strings.Contains(page, `<html lang="`+c.lang+`">`) || !strings.Contains(page, c.drafts) || strings.Contains(page, c.notDrafts) {
			t.Errorf("%s's talks page is not in %s (%s)", c.user, c.lang, c.drafts)
		}
	}
	ua, _ := signInPages(t, base, "ukraine")
	_, page := ua.get("/talks/1")
	if !ukrainianDate.MatchString(page) || !strings.Contains(page, "Ви увійшли як") {
		t.Error("ukraine's talks page writes no date in Ukrainian, or its bar is not in Ukrainian")
	}
	if v := verdictRE.FindStringSubmatch(page); v == nil || !strings.Contains(v[1], "прийнятні для всіх сторін") || strings.Contains(v[1], "acceptable") {
		t.Errorf("ukraine's verdict on the talks page is not in Ukrainian: %q", v)
	}
	// The mediator has no preference: its browser's language decides.
	med, _ := signInPages(t, base, "mediator")
	if _, page := getIn(t, med.c, base, "/talks/1", "uk-UA,uk;q=0.9,en;q=0.5", ""); !strings.Contains(page, `<html lang="uk">`) {
		t.Error("Accept-Language uk-UA does not give the mediator the pages in Ukrainian")
	}
	if _, page := getIn(t, med.c, base, "/talks/1", "de, fr;q=0.8", ""); !strings.Contains(page, `<html lang="en">`) {
		t.Error("an Accept-Language of no interface language does not give English")
	}
	// A preference outweighs the browser's language.
	if _, page := getIn(t, ua.c, base, "/talks/1", "ru", ""); !strings.Contains(page, `<html lang="uk">`) {
		t.Error("Accept-Language ru outweighs ukraine's preference for Ukrainian")
	}
	// The sign-in page, before any account, follows the browser.
	if _, page := getIn(t, http.DefaultClient, base, "/signin", "ru", ""); !strings.Contains(page, `<html lang="ru">`) || !strings.Contains(page, ">Войти<") {
		t.Error("the sign-in page is not in Russian for a Russian browser")
	}
}

// TestAPIErrorsInTheMembersLanguage: an API error keeps its code and
// field, and its message is in the caller's language: its preference,
// else its Accept-Language, else English.
func TestAPIErrorsInTheMembersLanguage(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServerInLanguages(t)
	message := func(body string) (code, msg, field string) {
		var e struct {
			Error struct{ Code, Message, Field string }
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		return e.Error.Code, e.Error.Message, e.Error.Field
	}
	ua := signIn(t, base, "ukraine", demo.Password)
	med := signIn(t, base, "mediator", demo.Password)
	for _, c := range []struct {
		who, token, accept, code, msg string
	}{
		{"ukraine", ua.token, "", "not_found", "переговори не знайдено"},
		{"ukraine, whose browser asks for Russian", ua.token, "ru", "not_found", "переговори не знайдено"},
		{"the mediator", med.token, "", "not_found", "talks not found"},
		{"the mediator, whose browser asks for Russian", med.token, "ru-RU", "not_found", "переговоры не найдены"},
		{"no one, in a Ukrainian browser", "", "uk", "unauthorized", "токен недійсний; увійдіть знову"},
	} {
		status, body := getIn(t, http.DefaultClient, base, "/api/v1/talks/999", c.accept, c.token)
		if code, msg, _ := message(body); status/100 != 4 || code != c.code || msg != c.msg {
			t.Errorf("%s: %d %s %q, want %s %q", c.who, status, code, msg, c.code, c.msg)
		}
	}
	// A message with arguments: they are formatted into the translation.
	status, body := getIn(t, http.DefaultClient, base, "/api/v1/talks/1/drafts/99", "", ua.token)
	if code, msg, _ := message(body); status != http.StatusNotFound || code != "not_found" || !strings.Contains(msg, "проєкт") {
		t.Errorf("draft 99 as ukraine: %d %s %q", status, code, msg)
	}
}

// TestLanguagePreference: the My account page's preferences form sets the
// interface language, refuses one it does not have, and "" gives the
// choice back to the browser.
func TestLanguagePreference(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServerInLanguages(t)
	med, csrf := signInPages(t, base, "mediator")
	status, loc, _ := med.post("/account/preferences", url.Values{"_csrf": {csrf}, "draft_view": {"auto"}, "language": {"ru"}})
	if status != http.StatusSeeOther {
		t.Fatalf("saving language ru: %d", status)
	}
	_, page := med.get(loc)
	if !strings.Contains(page, `<html lang="ru">`) || !strings.Contains(page, "Ваши настройки сохранены.") ||
		!strings.Contains(page, `<option value="ru" lang="ru" selected>`) {
		t.Error("after choosing Russian, the account page is not in Russian with Russian chosen")
	}
	status, _, body := med.post("/account/preferences", url.Values{"_csrf": {csrf}, "draft_view": {"auto"}, "language": {"de"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="language-error"`) || !strings.Contains(body, "language должен быть en, ru, uk") {
		t.Errorf("language de: %d, want 400 with the reason beside the field, in Russian", status)
	}
	med.post("/account/preferences", url.Values{"_csrf": {csrf}, "draft_view": {"auto"}, "language": {""}})
	if _, page := getIn(t, med.c, base, "/account", "uk", ""); !strings.Contains(page, `<html lang="uk">`) {
		t.Error(`after choosing "the browser's language", a Ukrainian browser does not get Ukrainian`)
	}
}

// TestLanguageNamesFitTheirSentences: Russian and Ukrainian name a
// language in the nominative («англійська»), so the pages put a name
// where the nominative reads («мова: англійська»), never after a word
// that asks for another case («мовою англійська»); and no count stands
// beside another number («Проєкт 5 3 мовами»).
func TestLanguageNamesFitTheirSentences(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServerInLanguages(t)
	med, _ := signInPages(t, base, "mediator")
	wrongCase := regexp.MustCompile(`(мовою|на языке) (англ|укр|рос|русс)\p{L}+`)
	numbers := regexp.MustCompile(`\d+ \d+ (мов|язык)`)
	for _, c := range []struct{ lang, side, changes string }{
		{"uk", `Проєкт 5: тексти 3 мовами, пункт до пункту. Мова укладання, вихідна: <strong data-lang="en">англійська</strong>`,
			"<h1>Що змінилося в проєкті 5 (мова: українська) від проєкту 4</h1>"},
		{"ru", `Проект 5 на 3 языках, пункт к пункту. Язык составления, исходный: <strong data-lang="en">английский</strong>`,
			"<h1>Что изменилось в проекте 5 (язык: украинский) с проекта 4</h1>"},
	} {
		_, side := getIn(t, med.c, base, "/talks/1/drafts/5/parallel?lang=en&lang=uk&lang=ru", c.lang, "")
		_, changes := getIn(t, med.c, base, "/talks/1/drafts/5/translations/uk/changes", c.lang, "")
		if !strings.Contains(side, c.side) || !strings.Contains(changes, c.changes) {
			t.Errorf("%s: the side-by-side page lacks %q, or the changes page %q", c.lang, c.side, c.changes)
		}
		for _, page := range []string{side, changes} {
			if m := wrongCase.FindString(page) + numbers.FindString(page); m != "" {
				t.Errorf("%s: a language's name reads %q", c.lang, m)
			}
		}
	}
}
