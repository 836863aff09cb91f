package inproc_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/inproc"
)

// received drains what ch holds now, without waiting.
func received(tb testing.TB, ch <-chan parley.Event) []parley.Event {
	tb.Helper()
	var out []parley.Event
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, e)
		default:
			return out
		}
	}
}

func TestBrokerDeliversToTheTalksSubscribers(t *testing.T) {
	var b inproc.Broker
	one, cancelOne := b.Subscribe(1)
	defer cancelOne()
	alsoOne, cancelAlsoOne := b.Subscribe(1)
	defer cancelAlsoOne()
	two, cancelTwo := b.Subscribe(2)
	defer cancelTwo()

	b.Publish(parley.Event{Talks: 1, Kind: "draft"})
	b.Publish(parley.Event{Talks: 3, Kind: "draft"}) // no subscriber

	tests := []struct {
		name string
		ch   <-chan parley.Event
		want int
	}{
		{"first subscriber of talks 1", one, 1},
		{"second subscriber of talks 1", alsoOne, 1},
		{"subscriber of talks 2", two, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := received(t, tt.ch)
			if len(got) != tt.want {
				t.Fatalf("got %d events, want %d", len(got), tt.want)
			}
			for _, e := range got {
				if e.Talks != 1 || e.Kind != "draft" {
					t.Errorf("got %+v, want a draft event of talks 1", e)
				}
			}
		})
	}
}

func TestBrokerDropsForASlowSubscriber(t *testing.T) {
	var b inproc.Broker
	ch, cancel := b.Subscribe(1)
	defer cancel()
	// Nobody reads: Publish must not block, and the subscriber keeps the
	// first Buffer events.
	for i := range inproc.Buffer + 10 {
		b.Publish(parley.Event{Talks: 1, Actor: int64(i)})
	}
	got := received(t, ch)
	if len(got) != inproc.Buffer {
		t.Fatalf("got %d events, want %d (the buffer)", len(got), inproc.Buffer)
	}
	if got[0].Actor != 0 || got[len(got)-1].Actor != inproc.Buffer-1 {
		t.Errorf("got events %d to %d, want 0 to %d", got[0].Actor, got[len(got)-1].Actor, inproc.Buffer-1)
	}
}

func TestBrokerCancelClosesOnce(t *testing.T) {
	var b inproc.Broker
	ch, cancel := b.Subscribe(1)
	other, cancelOther := b.Subscribe(1)
	defer cancelOther()
	cancel()
	cancel() // a second call does nothing
	b.Publish(parley.Event{Talks: 1})
	if _, ok := <-ch; ok {
		t.Error("got an event after cancel, want the channel closed")
	}
	if got := len(received(t, other)); got != 1 {
		t.Errorf("the other subscriber got %d events, want 1", got)
	}
}

// TestBrokerConcurrent publishes from several goroutines while others
// subscribe, read and cancel; run it with -race.
func TestBrokerConcurrent(t *testing.T) {
	const publishers, subscribers, events = 4, 8, 200
	var b inproc.Broker
	var wg sync.WaitGroup
	var wrong atomic.Int64 // events heard by a subscriber of other talks
	for i := range subscribers {
		talks := int64(i%2 + 1)
		wg.Go(func() {
			for range 20 {
				ch, cancel := b.Subscribe(talks)
				for range 3 {
					select {
					case e := <-ch:
						if e.Talks != talks {
							wrong.Add(1)
						}
					default:
					}
				}
				cancel()
				for e := range ch { // closed by cancel: drains and ends
					if e.Talks != talks {
						wrong.Add(1)
					}
				}
			}
		})
	}
	for i := range publishers {
		wg.Go(func() {
			for j := range events {
				b.Publish(parley.Event{Talks: int64(j%2 + 1), Actor: int64(i)})
			}
		})
	}
	wg.Wait()
	if n := wrong.Load(); n != 0 {
		t.Errorf("got %d events of other talks, want 0", n)
	}
}
