// Package inproc implements parley.Broker within one process: events
// published by this process's workspace reach this process's subscribers.
// Several server instances sharing a database use package postgres's
// broker instead, which relays events through the database to an inproc
// broker in each instance.
package inproc

import (
	"sync"

	"github.com/parley-talks/parley"
)

// Buffer is how many events a subscriber's channel holds before the
// subscriber starts missing events.
const Buffer = 16

// Broker fans events out to the subscribers of each talks. Its zero value
// is ready to use.
type Broker struct {
	mu   sync.Mutex
	subs map[int64]map[chan parley.Event]struct{} // by talks
}

var _ parley.Broker = (*Broker)(nil)

// Publish sends e to the subscribers of talks e.Talks, dropping it for any
// whose buffer is full.
func (b *Broker) Publish(e parley.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[e.Talks] {
		select {
		case ch <- e:
		default:
		}
	}
}

// Subscribe returns a channel of the events of talks talksID, holding up
// to Buffer events, and the function that ends the subscription and closes
// the channel.
func (b *Broker) Subscribe(talksID int64) (<-chan parley.Event, func()) {
	ch := make(chan parley.Event, Buffer)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[int64]map[chan parley.Event]struct{}{}
	}
	if b.subs[talksID] == nil {
		b.subs[talksID] = map[chan parley.Event]struct{}{}
	}
	b.subs[talksID][ch] = struct{}{}
	return ch, func() { b.unsubscribe(talksID, ch) }
}

// unsubscribe removes ch from the talks' subscribers and closes it, once:
// Publish sends only under the lock, to channels still subscribed, so it
// never sends on a closed channel.
func (b *Broker) unsubscribe(talksID int64, ch chan parley.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	subs := b.subs[talksID]
	if _, ok := subs[ch]; !ok {
		return
	}
	delete(subs, ch)
	close(ch)
	if len(subs) == 0 {
		delete(b.subs, talksID)
	}
}
