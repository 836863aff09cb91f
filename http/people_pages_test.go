package http_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

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
	if _, err := ws.SetDisplayName(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), "Steve Witkoff"); err != nil {
		t.Fatal(err)
	}
	med := newBrowserClient(t, base)
	signInAs(t, med, "mediator", demo.Password)
	_, page := med.get(fmt.Sprintf("/talks/%d/audit", tid))
	if m := rawCodeRE.FindString(page); m != "" {
		t.Errorf("the record page shows a raw code: %q", m)
	}
	for _, want := range []string{"<td>Tabled a draft</td>", "<td><bdi>Draft 1</bdi></td>", "<td><bdi>Steve Witkoff</bdi></td>", "<td>Added a party</td>", "<td><bdi>Russia</bdi></td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the record page lacks %s", want)
		}
	}
}
