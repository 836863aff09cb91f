package http

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
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
func (s *Server) talksNav(ctx context.Context, id int64, path string, account int64, tr func(string, ...any) string) *talksNav {
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
	add(tr("Drafts"), "/drafts", waits(tr, "%d to mark", s.markingWaits(ctx, id, t.Can.Mark)))
	if t.Can.Draft {
		add(tr("Drafting"), "/drafting", "")
	}
	add(tr("Amendments"), "/amendments", "")
	add(tr("Timeline"), "/timeline", "")
	add(tr("Messages"), "/messages", waits(tr, "%d unread", s.unreadWaits(ctx, id, account)))
	add(tr("Decisions"), "/decisions", waits(tr, "%d to answer", s.decisionsWait(ctx, id, t.You)))
	add(tr("Analysis"), "/analysis", "")
	add(tr("Record"), "/audit", "")
	add(tr("Languages"), "/languages", "")
	if t.Can.Manage || t.Can.AddMembers {
		add(tr("Settings"), "/settings", "")
	}
	return n
}

// markingWaits says how many points of the latest draft the viewer's
// party has still to mark.
func (s *Server) markingWaits(ctx context.Context, id int64, canMark bool) int {
	if !canMark {
		return 0
	}
	drafts, err := s.ws.ListDrafts(ctx, id)
	if err != nil || len(drafts) == 0 {
		return 0
	}
	m, err := s.ws.MarkingOf(ctx, id, drafts[len(drafts)-1].Number)
	if err != nil || m.Finished || m.Marked >= m.Points {
		return 0
	}
	return m.Points - m.Marked
}

// unreadWaits counts the messages addressed to the viewer it has not read.
func (s *Server) unreadWaits(ctx context.Context, id, account int64) int {
	ms, err := s.ws.ListMessages(ctx, id)
	if err != nil {
		return 0
	}
	unread := 0
	for _, m := range ms {
		for _, r := range m.Recipients {
			if r.AccountID == account && r.ReadAt.IsZero() {
				unread++
			}
		}
	}
	return unread
}

// decisionsWait counts the open decisions the viewer's party, whose
// principal it is, has not answered.
func (s *Server) decisionsWait(ctx context.Context, id int64, you *parley.Member) int {
	if you.Role != parley.RolePrincipal {
		return 0
	}
	ds, err := s.ws.ListDecisions(ctx, id)
	if err != nil {
		return 0
	}
	open := 0
	for _, d := range ds {
		if d.Status != parley.DecisionOpen {
			continue
		}
		asked, answered := false, false
		for _, p := range d.Parties {
			asked = asked || p == you.PartyID
		}
		for _, a := range d.Answers {
			answered = answered || a.PartyID == you.PartyID
		}
		if asked && !answered {
			open++
		}
	}
	return open
}

// withNav adds the talks navigation to a full page about one set of talks.
func (s *Server) withNav(r *http.Request, p *page) {
	if p.Talks == 0 || p.Account == nil {
		return
	}
	p.Nav = s.talksNav(r.Context(), p.Talks, r.URL.Path, p.Account.ID, p.tr)
}

// waits says what waits in a section: the count in words ("3 unread"),
// or "" for none.
func waits(tr func(string, ...any) string, format string, n int) string {
	if n == 0 {
		return ""
	}
	return tr(format, n)
}
