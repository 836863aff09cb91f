package auditlog_test

import (
	"testing"

	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/auditlog/auditlogtest"
)

func TestMemoryStorage(t *testing.T) {
	auditlogtest.Run(t, func(tb testing.TB) auditlog.Storage { return new(auditlog.MemoryStorage) })
}
