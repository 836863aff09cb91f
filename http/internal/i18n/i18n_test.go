package i18n

import (
	"testing"
	"time"

	"golang.org/x/text/language"
)

// TestChoose: the preference first, then the best of Accept-Language,
// then English.
func TestChoose(t *testing.T) {
	for _, c := range []struct{ pref, accept, want string }{
		{"uk", "ru, en", "uk"},
		{"", "ru-RU,ru;q=0.9,en;q=0.8", "ru"},
		{"", "de-DE, uk;q=0.5", "uk"},
		{"", "de, fr", "en"},
		{"", "", "en"},
		{"", "not a header;;;", "en"},
		{"xx", "ru", "ru"},
	} {
		if got := Choose(c.pref, c.accept).Code(); got != c.want {
			t.Errorf("Choose(%q, %q) = %s, want %s", c.pref, c.accept, got, c.want)
		}
	}
}

// TestPrinters: translations with their plural forms, English as it is,
// numbers and dates as each language writes them.
func TestPrinters(t *testing.T) {
	ru, uk, en := For(language.Russian), For(language.Ukrainian), For(language.English)
	for _, c := range []struct {
		p    *Printer
		n    int
		want string
	}{
		{ru, 1, "1 непрочитанное"}, {ru, 3, "3 непрочитанных"}, {ru, 11, "11 непрочитанных"}, {ru, 21, "21 непрочитанное"},
		{uk, 1, "1 непрочитане"}, {uk, 4, "4 непрочитані"}, {uk, 5, "5 непрочитаних"},
		{en, 1, "1 unread"}, {en, 7, "7 unread"},
	} {
		if got := c.p.Sprintf("%d unread", c.n); got != c.want {
			t.Errorf("%s: %d unread = %q, want %q", c.p.Code(), c.n, got, c.want)
		}
	}
	if got := uk.Sprintf("Drafts"); got != "Проєкти" {
		t.Errorf("uk Drafts = %q", got)
	}
	if got := uk.Sprintf("no such key %d", 5); got != "no such key 5" {
		t.Errorf("a key of no catalogue = %q, want the English", got)
	}
	if got := en.Sprintf("%d of %d", 1234, 5678); got != "1234 of 5678" {
		t.Errorf("English formats as fmt does: %q", got)
	}
	if got := ru.Sprintf("%d", 1234567); got != "1\u00a0234\u00a0567" {
		t.Errorf("Russian groups digits with no-break spaces: %q", got)
	}
	at := time.Date(2026, time.December, 2, 14, 5, 0, 0, time.UTC)
	for p, want := range map[*Printer]string{en: "2 Dec 2026 14:05", ru: "2 декабря 2026 14:05", uk: "2 грудня 2026 14:05"} {
		if got := p.Date(at); got != want {
			t.Errorf("%s date = %q, want %q", p.Code(), got, want)
		}
	}
}

// TestFormat: a catalogue's text with its verbs unfilled, for the pages'
// scripts; a key with plural forms, or none, is not one string.
func TestFormat(t *testing.T) {
	for _, c := range []struct {
		tag      language.Tag
		key, out string
		ok       bool
	}{
		{language.English, "Not saved: %s", "Not saved: %s", true},
		{language.Ukrainian, "Not saved: %s", "Не збережено: %s", true},
		{language.Russian, "the server answered %d", "сервер ответил %d", true},
		{language.Ukrainian, "%d unread", "%d unread", false},
		{language.Russian, "No such words anywhere", "No such words anywhere", false},
	} {
		if out, ok := For(c.tag).Format(c.key); out != c.out || ok != c.ok {
			t.Errorf("%s: Format(%q) = %q, %v; want %q, %v", c.tag, c.key, out, ok, c.out, c.ok)
		}
	}
}
