package postgres

import (
	"context"
	"encoding/json"
	"log/slog"
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
// included. It waits for the database, never for a subscriber; an event
// the database does not take is logged and lost.
func (b *Broker) Publish(e parley.Event) {
	payload, err := json.Marshal(e)
	if err != nil {
		b.log.Warn("encoding an event", "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := b.db.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, eventChannel, string(payload)); err != nil {
		b.log.Warn("publishing an event", "talks", e.Talks, "kind", e.Kind, "err", err)
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
