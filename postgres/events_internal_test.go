package postgres

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/seal"
)

// warnings is a log handler that counts the warnings whose message holds
// a text.
type warnings struct {
	text string
	mu   sync.Mutex
	n    int
}

func (w *warnings) Enabled(context.Context, slog.Level) bool { return true }
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *warnings) WithGroup(string) slog.Handler            { return w }
func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	if r.Level == slog.LevelWarn && strings.Contains(r.Message, w.text) {
		w.mu.Lock()
		w.n++
		w.mu.Unlock()
	}
	return nil
}

func (w *warnings) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// TestFullEventQueueWarnsOnce: while the database takes no event (its one
// connection held elsewhere), Publish queues up to maxPendingEvents and
// drops the rest with one warning, not one per event; once the queue has
// been sent, a queue full again warns again.
func TestFullEventQueueWarnsOnce(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.DSN(t), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := &warnings{text: "too many waiting"}
	b := NewBroker(db, slog.New(w))
	db.db.SetMaxOpenConns(1)
	fill := func() {
		t.Helper()
		held, err := db.db.Conn(ctx) // the sender waits for it
		if err != nil {
			t.Fatal(err)
		}
		// More than the queue holds, even with a batch taken out of it
		// by the waiting sender.
		for range maxPendingEvents + 2*eventsPerStatement {
			b.Publish(parley.Event{Talks: 1, Kind: "draft"})
		}
		held.Close()
		fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := b.Flush(fctx); err != nil {
			t.Fatalf("the queue was not sent once the connection was free: %v", err)
		}
	}
	fill()
	if n := w.count(); n != 1 {
		t.Fatalf("events dropped from a full queue: %d warnings, want 1", n)
	}
	fill()
	if n := w.count(); n != 2 {
		t.Errorf("a second full queue, after the first was sent: %d warnings in all, want 2", n)
	}
}
