package sqlstore

import (
	"context"
	"strings"
)

// batchSizes are the sizes of the multi-row inserts insertBatched
// makes, largest first: a few fixed sizes, so that the statement cache
// holds a few statements for each table whatever the number of rows, and
// each well under both databases' limits on a statement's parameters.
var batchSizes = []int{256, 64, 16, 4, 1}

// insertBatched inserts n rows into table, many to a statement: head is
// the statement up to VALUES, row(i) the values of row i (cols of them).
// Every row is noted for the audit record as the statement's RETURNING *
// gives it.
func (t *Tx) insertBatched(ctx context.Context, table, head string, cols, n int, row func(i int) []any) error {
	for done := 0; done < n; {
		size := 1
		for _, b := range batchSizes {
			if b <= n-done {
				size = b
				break
			}
		}
		args := make([]any, 0, size*cols)
		for i := done; i < done+size; i++ {
			args = append(args, row(i)...)
		}
		if err := t.writeTrackedRows(ctx, table, head+" VALUES "+valueRows(size, cols)+" RETURNING *", size, args...); err != nil {
			return err
		}
		done += size
	}
	return nil
}

// valueRows writes the VALUES list of a multi-row insert: rows of cols
// placeholders each.
func valueRows(rows, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}
