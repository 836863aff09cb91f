package akn_test

import (
	"testing"

	"github.com/parley-talks/parley"

	"github.com/parley-talks/parley/internal/draftfixture"
)

// demoDraft returns tabled draft n of the demo.
func demoDraft(tb testing.TB, n int) *parley.Draft {
	tb.Helper()
	ds, err := draftfixture.Demo()
	if err != nil {
		tb.Fatalf("loading the demo: %v", err)
	}
	return ds[n-1]
}

func handDraft() *parley.Draft { return draftfixture.Hand() }
