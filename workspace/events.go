package workspace

import (
	"context"
	"slices"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/inproc"
)

// publish tells the talks' subscribers, through the broker, of a change
// the caller made, after it committed.
func (s *Service) publish(ctx context.Context, e parley.Event) {
	e.Actor = AccountID(ctx)
	s.Events.Publish(e)
}

// Subscribe returns the events of the talks that the caller may hear of,
// until ctx ends: every change to the talks' drafts, meetings and
// statements, stances the caller may see, and messages addressed to it,
// but none of the caller's own changes. The channel closes, and nothing
// more is delivered, once the caller is no longer a member.
func (s *Service) Subscribe(ctx context.Context, talksID int64) (<-chan parley.Event, error) {
	var v parley.Viewer
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		v, _, err = s.open(ctx, tx, talksID, seeTalks)
		return err
	})
	if err != nil {
		return nil, failed(err, "subscribing to talks %d", talksID)
	}
	in, cancel := s.Events.Subscribe(talksID)
	out := make(chan parley.Event, inproc.Buffer)
	go func() {
		defer close(out)
		defer cancel()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-in:
				if !ok {
					return
				}
				if !mayHear(v, e) && e.Kind != "member" {
					continue
				}
				// The caller's standing is read again before anything is
				// delivered: a member removed hears nothing more, and its
				// stream ends; a role changed counts from now on.
				if v, ok = s.stillMember(ctx, talksID); !ok || !mayHear(v, e) {
					if !ok {
						return
					}
					continue
				}
				select {
				case out <- e:
				default:
				}
			}
		}
	}()
	return out, nil
}

// stillMember reads the caller's standing in the talks again; false when
// it is no longer a member (or it cannot be read: the stream ends, and a
// page reconnects).
func (s *Service) stillMember(ctx context.Context, talksID int64) (parley.Viewer, bool) {
	var v parley.Viewer
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		v, _, err = s.open(ctx, tx, talksID, seeTalks)
		return err
	})
	return v, err == nil
}

// mayHear reports whether v may hear of event e: not of its own changes,
// of a stance or an amendment only if it may see it, of a message only if addressed to it.
func mayHear(v parley.Viewer, e parley.Event) bool {
	if e.Actor != 0 && e.Actor == v.AccountID {
		return false
	}
	switch e.Kind {
	case "stance":
		return e.Stance != nil && v.CanSeeStance(e.Stance)
	case "amendment":
		return e.Amendment != nil && v.CanSeeAmendment(e.Amendment)
	case "comment":
		return e.Comment != nil && v.CanSeeComment(e.Comment)
	case "message":
		return slices.Contains(e.Addressed, v.AccountID)
	}
	return true
}
