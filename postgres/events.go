package postgres

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-talks/parley/workspace"
)

// eventChannel is the NOTIFY channel live updates travel on.
const eventChannel = "parley_events"

// Relay sends an event to every instance listening on the database
// (NOTIFY); set it as workspace.Service.Relay. Events carry no content.
func (d *DB) Relay(e workspace.Event) {
	payload, err := json.Marshal(e)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, eventChannel, string(payload))
}

// Listen receives the events every instance relays and publishes them to
// this instance's broker, until ctx ends, reconnecting after failures.
func (d *DB) Listen(ctx context.Context, broker *workspace.Broker, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for backoff := 100 * time.Millisecond; ctx.Err() == nil; backoff = min(2*backoff, 10*time.Second) {
		if err := d.listen(ctx, broker); err != nil && ctx.Err() == nil {
			log.Warn("listening for events", "err", err, "retry_in", backoff)
			select {
			case <-ctx.Done():
			case <-time.After(backoff):
			}
		}
	}
}

func (d *DB) listen(ctx context.Context, broker *workspace.Broker) error {
	conn, err := pgx.Connect(ctx, d.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+eventChannel); err != nil {
		return err
	}
	d.listening.Store(true)
	defer d.listening.Store(false)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e workspace.Event
		if json.Unmarshal([]byte(n.Payload), &e) == nil {
			broker.Publish(e)
		}
	}
}

// Listening reports whether the listener is connected.
func (d *DB) Listening() bool { return d.listening.Load() }
