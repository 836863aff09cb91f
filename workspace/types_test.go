package workspace_test

import "github.com/parley-talks/parley/diff"

type diffResult = diff.Result
