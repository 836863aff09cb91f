package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// gatedWorkspace opens a fresh SQLite database behind a loadingStore.
func gatedWorkspace(t *testing.T) (*workspace.Service, *loadingStore) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "talks.db"), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws := workspace.New(db)
	return ws, loadingInto(ws)
}

// TestLoadingStoreWaitsForTheLoad: while the demo loads, the server is
// not ready and no transaction of the workspace runs; once the load ends
// they run and the server is ready; a failed load stops the server with
// its error, which every transaction then answers.
func TestLoadingStoreWaitsForTheLoad(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()

	ws, gate := gatedWorkspace(t)
	release := make(chan struct{})
	gate.start(ctx, func(context.Context) error { <-release; return nil }, log, func(error) { t.Error("a good load stopped the server") })
	if err := gate.Ready(ctx); !errors.Is(err, errLoading) {
		t.Errorf("ready while loading: got %v, want %v", err, errLoading)
	}
	read := make(chan error, 1)
	go func() { read <- ws.Store.View(ctx, func(parley.Tx) error { return nil }) }()
	select {
	case err := <-read:
		t.Fatalf("a read ran while the demo loaded (%v)", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-read; err != nil {
		t.Errorf("the read after the load: %v", err)
	}
	if err := gate.Ready(ctx); err != nil {
		t.Errorf("ready after the load: %v", err)
	}

	ws, gate = gatedWorkspace(t)
	failed := errors.New("the demo is broken")
	stopped := make(chan error, 1)
	gate.start(ctx, func(context.Context) error { return failed }, log, func(err error) { stopped <- err })
	if err := <-stopped; !errors.Is(err, failed) {
		t.Errorf("a failed load stopped the server with %v, want %v", err, failed)
	}
	if err := ws.Store.Update(ctx, func(parley.Tx) error { return nil }); !errors.Is(err, failed) {
		t.Errorf("a write after a failed load: got %v, want %v", err, failed)
	}
	if err := gate.Ready(ctx); !errors.Is(err, failed) {
		t.Errorf("ready after a failed load: got %v, want %v", err, failed)
	}
}
