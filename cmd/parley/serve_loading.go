package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// loadingStore is the store a server serves while the demo loads into it:
// every transaction waits until the demo is in (or its load failed), so
// that the server answers what needs no data — the sign-in page, the
// health check — from its first moment, and nothing half loaded is ever
// read. `serve --demo` answers its first page before the demo is loaded.
type loadingStore struct {
	parley.Store
	done chan struct{} // closed once the load has ended
	err  error         // why it failed, set before done closes
}

// errLoading is the readiness of a server whose demo is loading.
var errLoading = errors.New("loading the demo")

// loadingInto makes ws serve through a loadingStore, which waits for
// start.
func loadingInto(ws *workspace.Service) *loadingStore {
	gate := &loadingStore{Store: ws.Store, done: make(chan struct{})}
	ws.Store = gate
	return gate
}

// start runs load in a goroutine of its own, to its end even if ctx ends
// meanwhile: a load cut short would leave a database that holds half the
// demo, and cancelling a query makes pgx abandon its connection mid-way.
// If it fails it logs why and stops the server with the error.
func (s *loadingStore) start(ctx context.Context, load func(context.Context) error, log *slog.Logger, stop context.CancelCauseFunc) {
	go func() {
		defer close(s.done)
		if s.err = load(context.WithoutCancel(ctx)); s.err != nil {
			log.Error("the demo did not load; stopping", "err", s.err)
			stop(s.err)
		}
	}()
}

// wait waits until the load has ended or ctx ends, and returns the
// load's error or ctx's. A load never started never ends.
func (s *loadingStore) wait(ctx context.Context) error {
	select {
	case <-s.done:
		return s.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// View waits for the load, then reads.
func (s *loadingStore) View(ctx context.Context, fn func(parley.Tx) error) error {
	if err := s.wait(ctx); err != nil {
		return err
	}
	return s.Store.View(ctx, fn)
}

// Update waits for the load, then writes.
func (s *loadingStore) Update(ctx context.Context, fn func(parley.Tx) error) error {
	if err := s.wait(ctx); err != nil {
		return err
	}
	return s.Store.Update(ctx, fn)
}

// UpdateShared waits for the load, then writes.
func (s *loadingStore) UpdateShared(ctx context.Context, fn func(parley.Tx) error) error {
	if err := s.wait(ctx); err != nil {
		return err
	}
	return s.Store.UpdateShared(ctx, fn)
}

// Ready answers, without waiting, that the server is not ready while the
// demo loads; afterwards it is the store's readiness (for /readyz).
func (s *loadingStore) Ready(ctx context.Context) error {
	select {
	case <-s.done:
	default:
		return errLoading
	}
	if s.err != nil {
		return s.err
	}
	if r, ok := s.Store.(interface{ Ready(context.Context) error }); ok {
		return r.Ready(ctx)
	}
	return s.Store.View(ctx, func(parley.Tx) error { return nil })
}
