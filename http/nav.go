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
func (s *Server) talksNav(ctx context.Context, id int64, path string) *talksNav {
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
	add := func(label, sub, waiting string) {
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
		w = nil // the navigation shows no counts rather than no page
	}
	mark, unread, answer := waits(w)
	add("Drafts", "/drafts", mark)
	if t.Can.Draft {
		add("Drafting", "/drafting", "")
	}
	add("Amendments", "/amendments", "")
	add("Timeline", "/timeline", "")
	add("Messages", "/messages", unread)
	add("Decisions", "/decisions", answer)
	add("Analysis", "/analysis", "")
	add("Record", "/audit", "")
	add("Languages", "/languages", "")
	if t.Can.Manage || t.Can.AddMembers {
		add("Settings", "/settings", "")
	}
	return n
}

// waits says, per section, what waits for the viewer ("" for nothing).
func waits(w *workspace.Waiting) (mark, unread, answer string) {
	if w == nil {
		return "", "", ""
	}
	if w.ToMark > 0 {
		mark = fmt.Sprintf("%d to mark", w.ToMark)
	}
	if w.Unread > 0 {
		unread = fmt.Sprintf("%d unread", w.Unread)
	}
	if w.ToAnswer > 0 {
		answer = fmt.Sprintf("%d to answer", w.ToAnswer)
	}
	return mark, unread, answer
}

// withNav adds the talks navigation to a full page about one set of talks.
func (s *Server) withNav(r *http.Request, p *page) {
	if p.Talks == 0 || p.Account == nil {
		return
	}
	p.Nav = s.talksNav(r.Context(), p.Talks, r.URL.Path)
}
