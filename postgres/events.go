package postgres

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/inproc"
)

// eventChannel is the NOTIFY channel live updates travel on;
// sessionsChannel the one on which a write that changes sessions or
// accounts tells every instance to forget the sessions it keeps.
const (
	eventChannel    = "parley_events"
	sessionsChannel = "parley_sessions"
)

// Broker is a parley.Broker for every server instance on one database:
// Publish sends an event to all of them (NOTIFY), and each instance's
// Listen hands the events it hears to its own subscribers. Events carry no
// content, so nothing confidential travels through the database this way.
type Broker struct {
	db        *DB
	log       *slog.Logger
	local     inproc.Broker // this instance's subscribers
	listening atomic.Bool

	mu       sync.Mutex
	pending  []string      // encoded events not yet sent, oldest first
	sending  bool          // a sender is running (send)
	dropping bool          // the queue was full and Publish said so
	sent     chan struct{} // closed as the running sender stops; nil until Flush waits for it
}

var _ parley.Broker = (*Broker)(nil)

// NewBroker returns a broker on db's database that logs its failures to
// log (nil: nowhere). Its subscribers hear nothing until Listen runs.
func NewBroker(db *DB, log *slog.Logger) *Broker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Broker{db: db, log: log}
}

// Publish sends e to every instance listening on the database, this one
// included, and returns without waiting: a sender sends the events
// published meanwhile in one statement, so that a write's answer waits
// for no NOTIFY of its own and, under load, many writes' events share one
// round trip (and one transaction). Events are sent in the order they
// were published; an event the database does not take is logged and lost.
// Two equal events in one batch reach listeners once (PostgreSQL's NOTIFY
// merges them), which changes nothing: an event only says what to read
// again.
func (b *Broker) Publish(e parley.Event) {
	payload, err := json.Marshal(e)
	if err != nil {
		b.log.Warn("encoding an event", "err", err)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) >= maxPendingEvents {
		if !b.dropping { // once until the queue is sent
			b.log.Warn("publishing events: too many waiting to be sent; dropping the next", "talks", e.Talks, "kind", e.Kind)
		}
		b.dropping = true
		return
	}
	b.dropping = false
	b.pending = append(b.pending, string(payload))
	if !b.sending {
		b.sending = true
		go b.send()
	}
}

// maxPendingEvents bounds the events waiting to be sent while the
// database does not answer.
const maxPendingEvents = 10_000

// eventsPerStatement is the most events one statement sends.
const eventsPerStatement = 100

// send sends the pending events, a batch at a time, until none is left.
func (b *Broker) send() {
	for {
		b.mu.Lock()
		batch := b.pending[:min(len(b.pending), eventsPerStatement)]
		if len(batch) == 0 {
			b.sending = false
			if b.sent != nil {
				close(b.sent)
				b.sent = nil
			}
			b.mu.Unlock()
			return
		}
		b.pending = b.pending[len(batch):]
		b.mu.Unlock()
		if err := b.notify(batch); err != nil && len(batch) > 1 {
			// One event the database refuses (a payload over NOTIFY's
			// 8,000 bytes) loses no other: each is sent alone.
			for _, e := range batch {
				if err := b.notify([]string{e}); err != nil {
					b.log.Warn("publishing an event", "err", err)
				}
			}
		} else if err != nil {
			b.log.Warn("publishing an event", "err", err)
		}
	}
}

// notify sends the events in batch, in one statement and in order.
func (b *Broker) notify(batch []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := b.db.db.ExecContext(ctx, `SELECT pg_notify($1, e) FROM unnest(CAST($2 AS text[])) WITH ORDINALITY AS t(e, n) ORDER BY n`,
		eventChannel, batch)
	return err
}

// Flush returns once no event waits to be sent (each sent, or failed to
// be), or when ctx ends.
func (b *Broker) Flush(ctx context.Context) error {
	b.mu.Lock()
	if !b.sending {
		b.mu.Unlock()
		return nil
	}
	if b.sent == nil {
		b.sent = make(chan struct{})
	}
	sent := b.sent
	b.mu.Unlock()
	select {
	case <-sent:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Subscribe returns a channel of the events of talks talksID that Listen
// hears, and the function that ends the subscription.
func (b *Broker) Subscribe(talksID int64) (<-chan parley.Event, func()) {
	return b.local.Subscribe(talksID)
}

// Listen receives the events every instance publishes and hands them to
// this instance's subscribers, until ctx ends, reconnecting after
// failures.
func (b *Broker) Listen(ctx context.Context) {
	for backoff := 100 * time.Millisecond; ctx.Err() == nil; backoff = min(2*backoff, 10*time.Second) {
		if err := b.listen(ctx); err != nil && ctx.Err() == nil {
			b.log.Warn("listening for events", "err", err, "retry_in", backoff)
			select {
			case <-ctx.Done():
			case <-time.After(backoff):
			}
		}
	}
}

// listen holds one connection listening on the event channel until it
// fails or ctx ends. While it listens, it hears every change to sessions
// and accounts too, so the database may keep the sessions it reads
// (sqlstore.Backend.TrustSessions) and forgets them on each change.
func (b *Broker) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, b.db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+eventChannel+"; LISTEN "+sessionsChannel); err != nil {
		return err
	}
	b.listening.Store(true)
	b.db.TrustSessions(true)
	defer b.listening.Store(false)
	defer b.db.TrustSessions(false)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Channel == sessionsChannel {
			b.db.SessionsChanged()
			continue
		}
		var e parley.Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil {
			b.log.Warn("decoding an event", "err", err)
			continue
		}
		b.local.Publish(e)
	}
}

// Listening reports whether Listen is connected: from then on, this
// instance's subscribers hear every event published on the database.
func (b *Broker) Listening() bool { return b.listening.Load() }
