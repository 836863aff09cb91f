package workspace_test

import (
	"context"

	"github.com/parley-talks/parley/diff"
)

type diffResult = diff.Result

type contextOf = context.Context

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}
