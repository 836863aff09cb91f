package workspace_test

import (
	"context"
	"slices"
	"testing"

	"github.com/parley-talks/parley"
)

// TestCommentsFollowThePoint: threads on five points of draft 1 follow
// them into draft 2, where one point is amended, one moved, one split in
// two and two merged in one; each member sees only the threads shared
// with it (the mediator's internal thread its team's alone); a reply takes
// its thread's visibility; a thread is resolved and reopened; bad input
// and observers are refused.
func TestCommentsFollowThePoint(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	texts := []string{"Point A.", "Point B.", "Point C, in two halves.", "Point D.", "Point E."}
	var in parley.DraftInput
	for _, text := range texts {
		in.Points = append(in.Points, parley.PointInput{Text: text})
	}
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, &in))
	a, b, c, d, e := d1.Points[0].ID, d1.Points[1].ID, d1.Points[2].ID, d1.Points[3].ID, d1.Points[4].ID
	comment := func(ctx context.Context, draft int, point int64, in parley.CommentInput) *parley.Comment {
		t.Helper()
		return must[*parley.Comment](t)(ws.AddComment(ctx, f.talks, draft, point, in))
	}
	cA := comment(f.ru, 1, a, parley.CommentInput{Text: "c-A", Quote: "Point", Visibility: parley.VisibleToPartyMediator})
	comment(f.ua, 1, b, parley.CommentInput{Text: "c-B", Visibility: parley.VisibleToParty})
	comment(f.mediator, 1, c, parley.CommentInput{Text: "c-C", Visibility: parley.VisibleToParty})
	comment(f.ruAdviser, 1, d, parley.CommentInput{Text: "c-D", Visibility: parley.VisibleToAll})
	cE := comment(f.ua, 1, e, parley.CommentInput{Text: "c-E"})
	if cE.Visibility != parley.VisibleToPartyMediator {
		t.Errorf("a thread with no visibility: got %q, want its party's and the mediator's", cE.Visibility)
	}

	d2 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, &parley.DraftInput{Points: []parley.PointInput{
		{ID: b, Text: "Point B."},
		{ID: a, Text: "Point A, amended."},
		{From: []int64{c}, Text: "Point C, first half."},
		{From: []int64{c}, Text: "Point C, second half."},
		{From: []int64{d, e}, Text: "Points D and E."},
	}}))
	c1, c2, de := d2.Points[2].ID, d2.Points[3].ID, d2.Points[4].ID
	seen := func(ctx context.Context, point int64) []string {
		t.Helper()
		var out []string
		for _, c := range must[[]parley.Comment](t)(ws.ListComments(ctx, f.talks, 2, point)) {
			out = append(out, c.Text)
		}
		return out
	}
	for _, c := range []struct {
		who   string
		ctx   context.Context
		point int64
		want  []string
	}{
		{"mediator", f.mediator, a, []string{"c-A"}}, // amended
		{"mediator", f.mediator, b, nil},             // moved, Ukraine's own
		{"ukraine", f.ua, b, []string{"c-B"}},
		{"mediator", f.mediator, c1, []string{"c-C"}}, // split
		{"mediator", f.mediator, c2, []string{"c-C"}},
		{"russia", f.ru, c1, nil},                            // the mediator's internal thread
		{"mediator", f.mediator, de, []string{"c-D", "c-E"}}, // merged
		{"russia", f.ru, de, []string{"c-D"}},
		{"ukraine", f.ua, de, []string{"c-D", "c-E"}},
		{"observer", f.obs, de, []string{"c-D"}},
	} {
		if got := seen(c.ctx, c.point); !slices.Equal(got, c.want) {
			t.Errorf("%s on point %d of draft 2: got %q, want %q", c.who, c.point, got, c.want)
		}
	}

	reply := comment(f.mediator, 2, a, parley.CommentInput{Text: "reply to A", ReplyTo: cA.ID})
	if reply.Parent != cA.ID || reply.ThreadParty != f.russia || reply.Visibility != parley.VisibleToPartyMediator || reply.Draft != 1 {
		t.Errorf("the reply: got %+v, want it in Russia's thread, seen as the thread is", reply)
	}
	if got := seen(f.ru, a); !slices.Equal(got, []string{"c-A", "reply to A"}) {
		t.Errorf("russia on point A: got %q", got)
	}
	if got := seen(f.ua, a); len(got) != 0 {
		t.Errorf("ukraine on point A: got %q, want nothing", got)
	}
	if r := must[*parley.Comment](t)(ws.ResolveThread(f.mediator, f.talks, cA.ID, true)); !r.Resolved {
		t.Error("resolving: got the thread open")
	}
	if all := must[[]parley.Comment](t)(ws.ListComments(f.ru, f.talks, 2, a)); !all[0].Resolved {
		t.Error("russia sees the thread open after it was resolved")
	}
	must[*parley.Comment](t)(ws.ResolveThread(f.ru, f.talks, cA.ID, false))
	if all := must[[]parley.Comment](t)(ws.ListComments(f.mediator, f.talks, 2, a)); all[0].Resolved {
		t.Error("the mediator sees the thread resolved after it was reopened")
	}

	for _, c := range []struct {
		name string
		ctx  context.Context
		run  func(context.Context) error
		want string
	}{
		{"ukraine resolving russia's thread", f.ua, func(ctx context.Context) error { _, err := ws.ResolveThread(ctx, f.talks, cA.ID, true); return err }, parley.ENOTFOUND},
		{"ukraine replying to russia's thread", f.ua, func(ctx context.Context) error {
			_, err := ws.AddComment(ctx, f.talks, 2, a, parley.CommentInput{Text: "x", ReplyTo: cA.ID})
			return err
		}, parley.ENOTFOUND},
		{"a reply to a reply", f.ru, func(ctx context.Context) error {
			_, err := ws.AddComment(ctx, f.talks, 2, a, parley.CommentInput{Text: "x", ReplyTo: reply.ID})
			return err
		}, parley.EINVALID},
		{"a quote not in the point", f.ru, func(ctx context.Context) error {
			_, err := ws.AddComment(ctx, f.talks, 2, a, parley.CommentInput{Text: "x", Quote: "Point Z"})
			return err
		}, parley.EINVALID},
		{"an empty comment", f.ru, func(ctx context.Context) error {
			_, err := ws.AddComment(ctx, f.talks, 2, a, parley.CommentInput{Text: " "})
			return err
		}, parley.EINVALID},
		{"an observer", f.obs, func(ctx context.Context) error {
			_, err := ws.AddComment(ctx, f.talks, 2, a, parley.CommentInput{Text: "x"})
			return err
		}, parley.EFORBIDDEN},
		{"a point of another draft", f.ru, func(ctx context.Context) error {
			_, err := ws.AddComment(ctx, f.talks, 2, c, parley.CommentInput{Text: "x"})
			return err
		}, parley.ENOTFOUND},
	} {
		if err := c.run(c.ctx); code(err) != c.want {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
	checkVerified(t, ws)
}
