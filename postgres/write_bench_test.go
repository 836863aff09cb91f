package postgres_test

import (
	"testing"

	"github.com/parley-talks/parley/storetest"
)

// BenchmarkAuditedWrite: see storetest.BenchAuditedWrite.
func BenchmarkAuditedWrite(b *testing.B) {
	storetest.BenchAuditedWrite(b, open(b))
}
