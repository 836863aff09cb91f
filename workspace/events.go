package workspace

import (
	"context"
	"sync"

	"github.com/parley-talks/parley"
)

// Event says that something changed in some talks. It carries no content:
// a client that hears of it fetches again what it may see. The stance
// fields say whose stance changed and how it was shared, so that only the
// members who may see the stance hear of it at all.
type Event struct {
	Talks  int64
	Kind   string         // "draft", "stance", "talks", "decision", "message"
	Stance *parley.Stance // for "stance": party and sharing, no content
	// Addressed lists the accounts a "message" event is for.
	Addressed []int64
	// Actor is the account that made the change; it already knows.
	Actor int64
}

// Broker fans events out to the subscribers of each talks, in this
// process. (Several server instances share events through the database;
// see the PostgreSQL backend.)
type Broker struct {
	mu   sync.Mutex
	subs map[int64]map[chan Event]struct{}
}

// Publish sends e to the talks' subscribers, dropping it for any that is
// not keeping up (they refetch on the next event anyway).
func (b *Broker) Publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[e.Talks] {
		select {
		case ch <- e:
		default:
		}
	}
}

func (b *Broker) subscribe(talksID int64) (chan Event, func()) {
	ch := make(chan Event, 16)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[int64]map[chan Event]struct{}{}
	}
	if b.subs[talksID] == nil {
		b.subs[talksID] = map[chan Event]struct{}{}
	}
	b.subs[talksID][ch] = struct{}{}
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[talksID], ch)
	}
}

// publish tells the talks' subscribers of a change the caller made, after
// it committed: through the Relay when several instances share the
// database, else straight to this process's subscribers.
func (s *Service) publish(ctx context.Context, e Event) {
	e.Actor = AccountID(ctx)
	if s.Relay != nil {
		s.Relay(e)
		return
	}
	s.Events.Publish(e)
}

// Subscribe returns the events of the talks that the caller may hear of,
// until ctx ends: every change to the talks and their drafts and decisions,
// stances the caller may see, and messages addressed to it.
func (s *Service) Subscribe(ctx context.Context, talksID int64) (<-chan Event, error) {
	var v parley.Viewer
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		v, _, err = s.viewer(ctx, tx, talksID)
		return err
	})
	if err != nil {
		return nil, err
	}
	in, cancel := s.Events.subscribe(talksID)
	out := make(chan Event, 16)
	go func() {
		defer close(out)
		defer cancel()
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-in:
				if !mayHear(v, e) {
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

func mayHear(v parley.Viewer, e Event) bool {
	if e.Actor != 0 && e.Actor == v.AccountID {
		return false
	}
	switch e.Kind {
	case "stance":
		return e.Stance != nil && v.CanSeeStance(e.Stance)
	case "message":
		for _, id := range e.Addressed {
			if id == v.AccountID {
				return true
			}
		}
		return false
	}
	return true
}
