package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserInUkrainian uses the demo as it ships in Chromium: its
// ukraine reads the pages in Ukrainian; the side-by-side view shows the
// English and Ukrainian texts aligned, with Russian's stale points
// marked; a stance recorded from the Ukrainian view is the one the
// mediator reads on the English draft page; and a correction to the
// Ukrainian text proposed from that view is taken on the mediator's desk,
// becoming the Ukrainian text.
func TestBrowserInUkrainian(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServerInLanguages(t)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	var territory parley.Point
	for _, p := range must(ws.GetDraft(med, tid, 5))(t).Points {
		if p.Kind == parley.KindPoint && p.Title == "Territory" {
			territory = p
		}
	}

	ua := browser(t, exe)
	signInBrowser(t, ua, base, "ukraine")
	text := func(path string) string {
		t.Helper()
		run(t, ua, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main")))
		if lang := get(t, ua, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "uk" {
			t.Errorf("%s: <html lang=%q>, want uk", path, lang)
		}
		return get(t, ua, chromedp.Evaluate[string](`document.body.innerText`))
	}
	talks := text(fmt.Sprintf("/talks/%d", tid))
	for _, w := range []string{"Проєкти", "Зближення", "Ви увійшли як", "Конфіденційно."} {
		if !strings.Contains(talks, w) {
			t.Errorf("the talks page in Ukrainian lacks %q", w)
		}
	}
	draft := text(fmt.Sprintf("/talks/%d/drafts/5", tid))
	for _, w := range []string{"Прийнятно", "Потребує обговорення", "Неприйнятно", "Зберегти позицію"} {
		if !strings.Contains(draft, w) {
			t.Errorf("draft 5's page in Ukrainian lacks %q", w)
		}
	}

	page := fmt.Sprintf("%s/talks/%d/drafts/5/parallel", base, tid)
	run(t, ua, chromedp.Navigate(page+"?lang=en&lang=uk&lang=ru"), chromedp.WaitVisible(chromedp.CSS(".parallel-row")))
	aligned := get(t, ua, chromedp.Evaluate[bool](`Array.from(document.querySelectorAll(".parallel-row")).every(r =>
		r.querySelector('.parallel-cell .cell-text[lang="en"]') && r.querySelector('.parallel-cell .cell-text[lang="uk"]'))`))
	if !aligned {
		t.Error("some point lacks its English or its Ukrainian text beside it")
	}
	stale := get(t, ua, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.parallel-cell.status-stale')).map(c =>
		c.querySelector('[lang]').lang + ": " + c.querySelector(".tag.status").textContent + " / " + c.querySelector(".source-diff summary").textContent)`))
	if len(stale) != 2 {
		t.Errorf("%d stale texts marked, want Russian's 2: %q", len(stale), stale)
	}
	for _, s := range stale {
		if s != "ru: застарілий / Вихідний текст змінився після цього перекладу" {
			t.Errorf("a stale text is marked %q, want in Ukrainian", s)
		}
	}

	run(t, ua, chromedp.Navigate(page+"?lang=uk&lang=en"), chromedp.WaitVisible(chromedp.CSS(".parallel-row")),
		chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)))
	form := fmt.Sprintf("#stance-%d form.stance-form", territory.ID)
	const rationale = "UA-IN-UK: питання кордону ще обговорюється"
	label := get(t, ua, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).closest("label").textContent.trim()`, form+` input[value="needs_discussion"]`)))
	if label != "Потребує обговорення" {
		t.Errorf("the needs-discussion choice reads %q", label)
	}
	run(t, ua,
		chromedp.Click(chromedp.CSS(form+` input[value="needs_discussion"]`)),
		chromedp.SetValue(chromedp.CSS(form+` textarea[name="rationale"]`), rationale),
	)
	if !get(t, ua, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).checked`, form+` input[name="share_with_mediator"]`))) {
		run(t, ua, chromedp.Click(chromedp.CSS(form+` input[name="share_with_mediator"]`)))
	}
	run(t, ua, chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#stance-%d .saved", territory.ID))))
	if saved := get(t, ua, chromedp.Text(chromedp.CSS(fmt.Sprintf("#stance-%d .saved", territory.ID)))); saved != "Збережено." {
		t.Errorf("the stance's confirmation reads %q", saved)
	}
	// The scripts speak Ukrainian too: the messages page's own check of a
	// new key's passphrases (messages.js).
	run(t, ua, chromedp.Navigate(fmt.Sprintf("%s/talks/%d/messages", base, tid)), chromedp.WaitVisible(chromedp.CSS("#newkey")),
		chromedp.SetValue(chromedp.CSS("#new-passphrase"), "один довгий пароль"),
		chromedp.SetValue(chromedp.CSS("#new-passphrase-again"), "інший довгий пароль"))
	get(t, ua, chromedp.Evaluate[bool](`(() => { document.getElementById("newkey").requestSubmit(); return true; })()`))
	const differ = "Дві парольні фрази не збігаються."
	wctx, cancel := context.WithTimeout(ua, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("newkey-status").textContent === %q`, differ))); err != nil {
		t.Errorf("the passphrases' mismatch reads %q, want %q", get(t, ua, chromedp.Text(chromedp.CSS("#newkey-status"))), differ)
	}

	m := browser(t, exe)
	signInBrowser(t, m, base, "mediator")
	run(t, m, chromedp.Navigate(fmt.Sprintf("%s/talks/%d/drafts/5", base, tid)), chromedp.WaitVisible(chromedp.CSS(".point")))
	if lang := get(t, m, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
		t.Errorf("the mediator's page: <html lang=%q>, want en", lang)
	}
	block := get(t, m, chromedp.Text(chromedp.CSS(fmt.Sprintf("#stance-%d", territory.ID))))
	if !strings.Contains(block, "Ukraine: Needs discussion") || !strings.Contains(block, rationale) {
		t.Errorf("the mediator's English page shows, on the territory point: %q", block)
	}
	correctFromParallel(t, ua, m, base, tid, territory.ID)
}

// correctFromParallel proposes, as ukraine in browser ua, a correction
// to the Ukrainian text of point from the side-by-side view, shared with
// the mediator; the mediator in browser m takes it on the desk, where it
// is labelled with its language; the side-by-side view then shows it as
// the Ukrainian text, from Ukraine's correction.
func correctFromParallel(t *testing.T, ua, m context.Context, base string, tid, point int64) {
	t.Helper()
	const corrected = "UA-CORRECTION: лінію розмежування визначать сторони."
	text, just := fmt.Sprintf("#cx-%d-uk", point), fmt.Sprintf("#cj-%d-uk", point)
	run(t, ua, chromedp.Navigate(fmt.Sprintf("%s/talks/%d/drafts/5/parallel?lang=uk&lang=en", base, tid)), chromedp.WaitVisible(chromedp.CSS(".parallel-row")))
	summary := get(t, ua, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).closest("details").querySelector("summary").textContent`, text)))
	if summary != "Запропонувати виправлення (українська)" {
		t.Errorf("the correction's summary reads %q", summary)
	}
	get(t, ua, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).closest("details").querySelector("summary").click(), true`, text)))
	run(t, ua, chromedp.WaitVisible(chromedp.CSS(text)), chromedp.SetValue(chromedp.CSS(text), corrected),
		chromedp.SetValue(chromedp.CSS(just), "The line is for the parties to draw."))
	share := text + ` ~ label input[name="share_with_mediator"]`
	if !get(t, ua, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).checked`, share))) {
		run(t, ua, chromedp.Click(chromedp.CSS(share)))
	}
	run(t, ua, chromedp.Click(chromedp.CSS(text+" ~ button")), chromedp.WaitVisible(chromedp.CSS("#propose-heading, #amendments-heading")))
	hash := get(t, ua, chromedp.Evaluate[string](`location.hash`))
	card := get(t, ua, chromedp.Text(chromedp.CSS(hash)))
	if !strings.Contains(card, "виправлення") || !strings.Contains(card, "українська") || !strings.Contains(card, "UA-CORRECTION") {
		t.Errorf("the correction %s on the point's amendments: %q", hash, card)
	}

	run(t, m, chromedp.Navigate(fmt.Sprintf("%s/talks/%d/amendments/desk", base, tid)), chromedp.WaitVisible(chromedp.CSS(hash)))
	if h := get(t, m, chromedp.Text(chromedp.CSS(hash+" h3"))); !strings.Contains(h, "correction") || !strings.Contains(h, "Ukrainian") {
		t.Errorf("the correction on the desk is headed %q", h)
	}
	run(t, m, chromedp.Click(chromedp.CSS(hash+` button[value="take"]`)), chromedp.WaitVisible(chromedp.CSS(hash+".taken")))
	run(t, m, chromedp.Navigate(fmt.Sprintf("%s/talks/%d/drafts/5/parallel?lang=en&lang=uk", base, tid)), chromedp.WaitVisible(chromedp.CSS(".parallel-row")))
	cell := fmt.Sprintf(`document.querySelector('#p%d .cell-text[lang="uk"]').closest(".parallel-cell")`, point)
	if got := get(t, m, chromedp.Evaluate[string](cell+`.querySelector(".point-text").textContent`)); got != corrected {
		t.Errorf("the Ukrainian text after the take: %q, want %q", got, corrected)
	}
	if from := get(t, m, chromedp.Evaluate[string](cell+`.querySelector(".correction-from").textContent`)); !strings.Contains(from, "Ukraine") {
		t.Errorf("the Ukrainian text's origin reads %q", from)
	}
}
