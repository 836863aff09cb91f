package http

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/http/internal/i18n"
	"github.com/parley-talks/parley/workspace"
)

// People in pages: every member is shown by display name, its username
// beside it where two people could be told apart only by it, and lists of
// members are grouped by party. Form values keep usernames.

// partyPeople is one party of the talks with its members, for pages.
type partyPeople struct {
	Party   parley.Party
	Members []parley.Member
}

// peopleByParty groups the talks' members by party, in the parties'
// order; a party without members is listed with none.
func peopleByParty(t *workspace.TalksView) []partyPeople {
	out := make([]partyPeople, 0, len(t.Parties))
	for _, p := range t.Parties {
		g := partyPeople{Party: p}
		for _, m := range t.Members {
			if m.PartyID == p.ID {
				g.Members = append(g.Members, m)
			}
		}
		out = append(out, g)
	}
	return out
}

// personName is the display name of the talks' member with the username,
// or the username itself when no member (any more) has it.
func personName(t *workspace.TalksView, username string) string {
	if t != nil {
		for _, m := range t.Members {
			if m.Username == username && m.DisplayName != "" {
				return m.DisplayName
			}
		}
	}
	return username
}

// displayName is a member's display name, falling back on its username.
func displayName(m parley.Member) string {
	if m.DisplayName != "" {
		return m.DisplayName
	}
	return m.Username
}

// aka is the username to show beside a display name, to tell people
// apart, or "" when the display name is the username: called with a
// member, or with the talks and a username.
func aka(args ...any) string {
	var display, username string
	switch {
	case len(args) == 1:
		m, _ := args[0].(parley.Member)
		display, username = displayName(m), m.Username
	case len(args) == 2:
		t, _ := args[0].(*workspace.TalksView)
		username, _ = args[1].(string)
		display = personName(t, username)
	}
	if display == username {
		return ""
	}
	return username
}

// languageName is the name of the language of a BCP 47 tag in the
// reader's language ("Russian", «русский»), or the tag itself when it
// names no language known by name. English names are parley.LanguageName's.
func languageName(pr *i18n.Printer, tag string) string {
	if pr == nil || pr.Tag() == language.English {
		return parley.LanguageName(tag)
	}
	t, err := language.Parse(tag)
	if err != nil || t == language.Und {
		return tag
	}
	if name := display.Tags(pr.Tag()).Name(t); name != "" {
		return name
	}
	return tag
}
