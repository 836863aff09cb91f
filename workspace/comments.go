package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
)

// Comments: threads anchored to a point by its identity, so that a thread
// on point 7 of draft 2 shows on the same point in draft 3, moved or
// amended, and on the points it was split into or merged with.

var writeComment = action{may: parley.Viewer.CanComment, refusal: "observers do not comment", whileOpen: true}

// AddComment opens a thread on a point of a tabled draft, or replies to
// one the caller sees there. A quoted passage must be in the point's text.
func (s *Service) AddComment(ctx context.Context, talksID int64, draft int, pointID int64, in parley.CommentInput) (*parley.Comment, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var c *parley.Comment
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, writeComment)
		if err != nil {
			return err
		}
		origins, p, err := s.pointOrigins(ctx, tx, talksID, draft, pointID)
		if err != nil {
			return err
		}
		c = &parley.Comment{TalksID: talksID, Draft: draft, PointID: pointID, PartyID: v.Party.ID, PartyName: v.Party.Name,
			ThreadParty: v.Party.ID, Visibility: in.Visibility, Quote: in.Quote, Text: in.Text, Author: v.Member.Username, CreatedAt: s.now()}
		if in.ReplyTo != 0 {
			root, err := tx.Comment(ctx, talksID, in.ReplyTo)
			if parley.ErrorCode(err) == parley.ENOTFOUND || err == nil && (!v.CanSeeComment(root) || !origins[root.PointID]) {
				return parley.NotFound("comment")
			} else if err != nil {
				return err
			}
			if root.Parent != 0 {
				return parley.Invalid("reply_to", "reply to a thread's first comment")
			}
			c.Parent, c.Draft, c.PointID, c.ThreadParty, c.Visibility = root.ID, root.Draft, root.PointID, root.ThreadParty, root.Visibility
		} else if in.Quote != "" && !strings.Contains(p.Text, in.Quote) {
			return parley.Invalid("quote", "the quoted passage is not in the point's text")
		}
		if err := tx.CreateComment(ctx, c); err != nil {
			return err
		}
		return s.auditComment(ctx, tx, c, "comment.add", fmt.Sprintf("talks/%d/comments/%d", talksID, c.ID))
	})
	if err != nil {
		return nil, failed(err, "commenting on point %d of draft %d of talks %d", pointID, draft, talksID)
	}
	s.publishComment(ctx, c)
	return c, nil
}

// auditComment records a change to comment c's thread, seen as the thread
// is.
func (s *Service) auditComment(ctx context.Context, tx parley.Tx, c *parley.Comment, action, object string) error {
	ch := change{talks: c.TalksID, action: action, object: object}
	switch c.Visibility {
	case parley.VisibleToParty:
		ch.party = c.ThreadParty
	case parley.VisibleToPartyMediator:
		ch.parties = []int64{c.ThreadParty}
	}
	return s.audit(ctx, tx, ch)
}

// publishComment tells those who may see comment c's thread that it
// changed: the event carries only the thread's party and visibility.
func (s *Service) publishComment(ctx context.Context, c *parley.Comment) {
	s.publish(ctx, parley.Event{Talks: c.TalksID, Kind: "comment",
		Comment: &parley.Comment{TalksID: c.TalksID, ThreadParty: c.ThreadParty, Visibility: c.Visibility}})
}

// pointOrigins returns point pointID of tabled draft number and the
// identities whose comments it carries: its own and, through every draft
// before, those of the points it was split or merged from.
func (s *Service) pointOrigins(ctx context.Context, tx parley.Tx, talksID int64, number int, pointID int64) (map[int64]bool, *parley.Point, error) {
	d, err := s.tabledDraft(ctx, tx, talksID, number)
	if err != nil {
		return nil, nil, err
	}
	p := d.Point(pointID)
	if p == nil {
		return nil, nil, parley.NotFound("point")
	}
	origins := map[int64][]int64{}
	for n := 1; n <= number; n++ {
		dn := d
		if n < number {
			if dn, err = s.tabledDraft(ctx, tx, talksID, n); err != nil {
				return nil, nil, err
			}
		}
		next := map[int64][]int64{}
		for _, q := range dn.Points {
			ids := append([]int64{q.ID}, origins[q.ID]...)
			for _, f := range q.From {
				ids = append(ids, origins[f]...)
				ids = append(ids, f)
			}
			next[q.ID] = ids
		}
		origins = next
	}
	set := map[int64]bool{}
	for _, id := range origins[pointID] {
		set[id] = true
	}
	return set, p, nil
}

// ListComments returns the comments the caller may see on a point of a
// tabled draft, oldest first: those made on it and on the points it came
// from in earlier drafts.
func (s *Service) ListComments(ctx context.Context, talksID int64, draft int, pointID int64) ([]parley.Comment, error) {
	var out []parley.Comment
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		origins, _, err := s.pointOrigins(ctx, tx, talksID, draft, pointID)
		if err != nil {
			return err
		}
		all, err := tx.Comments(ctx, talksID)
		out, err = visible(all, err, v, func(v parley.Viewer, c *parley.Comment) bool {
			return origins[c.PointID] && c.Draft <= draft && v.CanSeeComment(c)
		})
		return err
	})
	return out, failed(err, "listing the comments on point %d of draft %d of talks %d", pointID, draft, talksID)
}

// ResolveThread resolves a thread the caller sees, or reopens it.
func (s *Service) ResolveThread(ctx context.Context, talksID, threadID int64, resolved bool) (*parley.Comment, error) {
	var root *parley.Comment
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, writeComment)
		if err != nil {
			return err
		}
		root, err = tx.Comment(ctx, talksID, threadID)
		if err != nil {
			return err
		}
		if !v.CanSeeComment(root) {
			return parley.NotFound("comment")
		}
		if root.Parent != 0 {
			return parley.Invalid("comment", "resolve a thread by its first comment")
		}
		if err := tx.SetThreadResolved(ctx, root.ID, resolved, v.Member.Username, s.now()); err != nil {
			return err
		}
		root.Resolved = resolved
		action := "comment.reopen"
		if resolved {
			action = "comment.resolve"
		}
		return s.auditComment(ctx, tx, root, action, fmt.Sprintf("talks/%d/comments/%d", talksID, root.ID))
	})
	if err != nil {
		return nil, failed(err, "resolving thread %d of talks %d", threadID, talksID)
	}
	s.publishComment(ctx, root)
	return root, nil
}
