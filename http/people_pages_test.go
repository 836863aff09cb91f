package http_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// demoName is the display name of the demo account with the username.
func demoName(t testing.TB, username string) string {
	for _, a := range demo.Accounts {
		if a.Username == username {
			return a.DisplayName
		}
	}
	t.Fatalf("no demo account %s", username)
	return ""
}

// partySection is the part of a page from the heading naming the party
// to the next heading of the same level, or "" when there is none.
func partySection(page, level, party string) string {
	re := regexp.MustCompile(`(?s)<` + level + `[^>]*><bdi>` + regexp.QuoteMeta(party) + `</bdi>.*?(?:<` + level + `|</section>)`)
	return re.FindString(page)
}

// TestPagesShowPeopleByDisplayNameAndParty: the talks home, the settings
// page and the meeting form show members by display name, each under its
// party, with the username beside it; the forms still send usernames.
func TestPagesShowPeopleByDisplayNameAndParty(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	for user, name := range map[string]string{"russia-aide": "Mikhail Ivanov", "ukraine-negotiator": "Olena Kovalenko"} {
		if _, err := ws.SetDisplayName(workspace.WithAccount(context.Background(), accountID(t, ws, user)), name); err != nil {
			t.Fatal(err)
		}
	}
	med := newBrowserClient(t, base)
	signInAs(t, med, "mediator", demo.Password)
	talks := fmt.Sprintf("/talks/%d", tid)
	for _, path := range []string{talks, talks + "/settings"} {
		_, page := med.get(path)
		russia, ukraine := partySection(page, "h3", "Russia"), partySection(page, "h3", "Ukraine")
		if !strings.Contains(russia, "Mikhail Ivanov") || !strings.Contains(russia, "(russia-aide)") || strings.Contains(russia, "Olena Kovalenko") {
			t.Errorf("%s: the Russia group does not show Mikhail Ivanov (russia-aide) alone: %q", path, russia)
		}
		if !strings.Contains(ukraine, "Olena Kovalenko") || strings.Contains(ukraine, "Mikhail Ivanov") {
			t.Errorf("%s: the Ukraine group does not show Olena Kovalenko: %q", path, ukraine)
		}
	}
	_, page := med.get(talks + "/timeline")
	if !regexp.MustCompile(`value="russia-aide"> <bdi>Mikhail Ivanov</bdi> \(russia-aide, <bdi>Russia</bdi>\)`).MatchString(page) {
		t.Error("the meeting form does not offer Mikhail Ivanov by display name with the username as its value")
	}
}

// rawCodeRE finds an audit action code shown as a table cell.
var rawCodeRE = regexp.MustCompile(`<td>[a-z]+(\.[a-z][a-z-]*)+</td>|>talks/\d+`)

// TestRecordPageInWords: the record page says what happened in words —
// no action codes, no object paths — and names the member who did it.
func TestRecordPageInWords(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	if _, err := ws.SetDisplayName(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), "Daniel Hartley"); err != nil {
		t.Fatal(err)
	}
	med := newBrowserClient(t, base)
	signInAs(t, med, "mediator", demo.Password)
	_, page := med.get(fmt.Sprintf("/talks/%d/audit", tid))
	if m := rawCodeRE.FindString(page); m != "" {
		t.Errorf("the record page shows a raw code: %q", m)
	}
	for _, want := range []string{"<td>Tabled a draft</td>", "<td><bdi>Draft 1</bdi></td>", "<td><bdi>Daniel Hartley</bdi></td>", "<td>Added a party</td>", "<td><bdi>Russia</bdi></td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the record page lacks %s", want)
		}
	}
}

// TestPagesNameWhoDidWhat: wherever a page says who tabled, saved,
// wrote, proposed or decided something, or who translates, it names the
// member by display name, not by username; translators are grouped by
// party with their roles in words; languages are named, not tagged.
func TestPagesNameWhoDidWhat(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	names := map[string]string{"mediator": "Hanna Weiss", "russia-envoy": "Pavel Orlov", "russia-aide": "Mikhail Ivanov",
		"ukraine-negotiator": "Olena Kovalenko"}
	for user, name := range names {
		if _, err := ws.SetDisplayName(workspace.WithAccount(context.Background(), accountID(t, ws, user)), name); err != nil {
			t.Fatal(err)
		}
	}
	med := newBrowserClient(t, base)
	signInAs(t, med, "mediator", demo.Password)
	talks := fmt.Sprintf("/talks/%d", tid)
	pages := map[string]string{}
	for _, path := range []string{talks, talks + "/drafts/5", talks + "/languages", talks + "/amendments"} {
		_, pages[path] = med.get(path)
	}
	d := must(ws.GetDraft(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid, 5))(t)
	for _, p := range d.Points {
		if p.Title == "Territory" && p.Kind == parley.KindPoint {
			path := fmt.Sprintf("%s/drafts/5/points/%d/comments", talks, p.ID)
			_, pages[path] = med.get(path)
		}
	}
	want := map[string][]string{
		talks:                 {"Signed in as <strong dir=\"auto\">Hanna Weiss</strong>", "by Hanna Weiss</small>"},
		talks + "/drafts/5":   {"by Hanna Weiss."},
		talks + "/amendments": {"Proposed by Pavel Orlov", "; Hanna Weiss decided"},
		talks + "/languages": {`<strong data-lang="uk">Ukrainian</strong> (uk) — authentic`, `<option value="ru">Russian (ru)</option>`,
			"<bdi>Russia</bdi>: <bdi>Mikhail Ivanov</bdi> (Russian); <bdi>Ukraine</bdi>: <bdi>Olena Kovalenko</bdi> (Ukrainian)."},
	}
	for path, page := range pages {
		if strings.Contains(path, "/comments") {
			want[path] = []string{"<bdi>Russia</bdi>, <bdi>Pavel Orlov</bdi> <span", "<bdi>United States</bdi>, <bdi>Hanna Weiss</bdi>:</strong>"}
		}
		for _, w := range want[path] {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
		for user := range names {
			if regexp.MustCompile(`(by|,|>) ` + user + `\b`).MatchString(page) {
				t.Errorf("%s names %s by username", path, user)
			}
		}
	}
	if len(pages) != 5 {
		t.Errorf("the demo's draft 5 has no Territory point to read the comments of")
	}
	russia := regexp.MustCompile(`(?s)<legend><bdi>Russia</bdi></legend>.*?<legend><bdi>Ukraine</bdi></legend>`).FindString(pages[talks+"/languages"])
	if !strings.Contains(russia, `<legend><bdi>Mikhail Ivanov</bdi> (russia-aide, Adviser)</legend>`) ||
		!strings.Contains(russia, `name="translates.russia-aide" value="ru" checked> Russian`) ||
		!strings.Contains(russia, "<bdi>Pavel Orlov</bdi> (russia-envoy, Negotiator (envoy))") || strings.Contains(russia, "Olena Kovalenko") {
		t.Errorf("the translators' form does not offer Russia's members, by name with their roles in words, under Russia: %q", russia)
	}

	ua := newBrowserClient(t, base)
	signInAs(t, ua, "ukraine", demo.Password)
	_, page := ua.get(talks + "/drafts/5/parallel?lang=en&lang=uk")
	for _, w := range []string{`<span class="tag lang" data-lang="uk">Ukrainian</span>`, `The drafting language, the source: <strong data-lang="en">English</strong>. Every other`,
		`<th scope="row" data-lang="uk">Ukrainian</th>`, `<option value="ru">Russian (authentic)</option>`} {
		if !strings.Contains(page, w) {
			t.Errorf("the side-by-side page lacks %s", w)
		}
	}
	if regexp.MustCompile(`>(en|ru|uk)<`).MatchString(page) {
		t.Errorf("the side-by-side page shows a language tag: %s", regexp.MustCompile(`.{40}>(en|ru|uk)<.{20}`).FindString(page))
	}
	_, page = ua.get(talks + "/drafts/5/translations/uk/changes")
	if !strings.Contains(page, "<title>Draft 5 in Ukrainian: what changed") || !strings.Contains(page, "<h1>Draft 5 in Ukrainian: what changed since draft 4</h1>") {
		t.Error("the page of what changed in Ukrainian does not name the language in its title and heading")
	}
}
