package http

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The talks navigation on every page about one set of talks: the sections
// the viewer may use, what waits for it in each, and who it is there.

// talksNav is the navigation of the talks a page is about.
type talksNav struct {
	ID       int64
	Title    string
	Party    string
	Role     parley.Role
	Sections []navSection
}

// navSection is one entry of the navigation: a link, whether the page is
// in it, and what waits there for the viewer ("" for nothing).
type navSection struct {
	Label, Href, Waiting string
	Current              bool
}

// talksNav builds the navigation for page path of talks id, or returns
// nil if the viewer may not see the talks (the page itself says why).
func (s *Server) talksNav(ctx context.Context, id int64, path string, tr func(string, ...any) string) *talksNav {
	t, err := s.ws.GetTalks(ctx, id)
	if err != nil || t.You == nil {
		return nil
	}
	n := &talksNav{ID: id, Title: t.Title, Role: t.You.Role}
	for _, p := range t.Parties {
		if p.ID == t.You.PartyID {
			n.Party = p.Name
		}
	}
	base := fmt.Sprintf("/talks/%d", id)
	add := func(label, sub string, waiting string) {
		href := base + sub
		cur := path == href || sub != "" && strings.HasPrefix(path, href+"/") ||
			sub == "/drafts" && strings.HasPrefix(path, base+"/compare")
		if sub == "/drafts" {
			href = base + "#drafts"
			cur = cur || path == base
		}
		n.Sections = append(n.Sections, navSection{Label: label, Href: href, Waiting: waiting, Current: cur})
	}
	w, err := s.ws.Waiting(ctx, id)
	if err != nil {
		w = &workspace.Waiting{} // the navigation shows no counts rather than no page
	}
	add(tr("Drafts"), "/drafts", waits(tr, "%d to mark", w.ToMark))
	if t.Can.Draft {
		add(tr("Drafting"), "/drafting", "")
	}
	add(tr("Amendments"), "/amendments", "")
	add(tr("Timeline"), "/timeline", "")
	add(tr("Messages"), "/messages", waits(tr, "%d unread", w.Unread))
	add(tr("Decisions"), "/decisions", waits(tr, "%d to answer", w.ToAnswer))
	add(tr("Analysis"), "/analysis", "")
	add(tr("Record"), "/audit", "")
	add(tr("Languages"), "/languages", "")
	if t.Can.Manage || t.Can.AddMembers {
		add(tr("Settings"), "/settings", "")
	}
	return n
}

// withNav adds the talks navigation to a full page about one set of talks.
func (s *Server) withNav(r *http.Request, p *page) {
	if p.Talks == 0 || p.Account == nil {
		return
	}
	p.Nav = s.talksNav(r.Context(), p.Talks, r.URL.Path, p.tr)
}

// waits says what waits in a section: the count in words ("3 unread"),
// or "" for none.
func waits(tr func(string, ...any) string, format string, n int) string {
	if n == 0 {
		return ""
	}
	return tr(format, n)
}
