// Package shareddata finds the project's shared test scenarios (GENIUS and
// GeniusWeb files), which live beside the repository in ../shared/data.
package shareddata

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parley-talks/parley/internal/testenv"
)

// Dir returns ../shared/data relative to the module root, or ends the
// test through testenv.Missing with a message naming the path (CI has the
// folder).
func Dir(tb testing.TB) string {
	tb.Helper()
	data := filepath.Join(filepath.Dir(ModuleRoot(tb)), "shared", "data")
	if _, err := os.Stat(data); err != nil {
		testenv.Missing(tb, "test scenarios not found at %s (CI has them): %v", data, err)
	}
	return data
}

// ModuleRoot returns the directory of the go.mod above the test's
// directory.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// GeniusFiles splits a GENIUS scenario folder into its domain file (the
// one without <weight> elements) and its profile files, in name order.
func GeniusFiles(tb testing.TB, dir string) (domain string, profiles []string) {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if bytes.Contains(b, []byte("<weight")) {
			profiles = append(profiles, f)
		} else {
			domain = f
		}
	}
	slices.Sort(profiles)
	return domain, profiles
}
