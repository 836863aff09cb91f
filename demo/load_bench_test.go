package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// BenchmarkLoad loads the demo into a fresh SQLite database: most of what
// `parley serve --demo` does before it answers (issue 17's start-up
// target).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "demo.db"), seal.Key{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := demo.Load(context.Background(), workspace.New(db)); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
