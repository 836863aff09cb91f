package auditlog

import (
	"context"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"
)

// MemoryStorage is a [Storage] held in memory, for tests and examples. Its
// fields are exported so that tests can tamper with what it holds. It is not
// safe for concurrent use.
type MemoryStorage struct {
	Data   [][]byte    // Data[i] is the record at index i
	Hashes []tlog.Hash // Hashes[i] is the hash at storage index i
}

var _ Storage = (*MemoryStorage)(nil)

// Size returns len(m.Data).
func (m *MemoryStorage) Size(ctx context.Context) (int64, error) {
	return int64(len(m.Data)), nil
}

// AppendRecord appends a copy of data to m.Data; index must be len(m.Data).
func (m *MemoryStorage) AppendRecord(ctx context.Context, index int64, data []byte) error {
	if index != int64(len(m.Data)) {
		return fmt.Errorf("memory storage: append record %d to %d records", index, len(m.Data))
	}
	m.Data = append(m.Data, slices.Clone(data))
	return nil
}

// Records returns copies of the records in [from, to) that m.Data holds.
func (m *MemoryStorage) Records(ctx context.Context, from, to int64) ([][]byte, error) {
	if from < 0 || from > to {
		return nil, fmt.Errorf("memory storage: records [%d, %d)", from, to)
	}
	to = min(to, int64(len(m.Data)))
	var out [][]byte
	for i := from; i < to; i++ {
		out = append(out, slices.Clone(m.Data[i]))
	}
	return out, nil
}

// ReadHashes returns the hashes at the given indexes of m.Hashes.
func (m *MemoryStorage) ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m.Hashes)) {
			return nil, fmt.Errorf("memory storage: hash %d: %w", x, ErrNotStored)
		}
		out[i] = m.Hashes[x]
	}
	return out, nil
}

// WriteHashes appends hashes to m.Hashes; indexes must continue it.
func (m *MemoryStorage) WriteHashes(ctx context.Context, indexes []int64, hashes []tlog.Hash) error {
	if len(indexes) != len(hashes) {
		return fmt.Errorf("memory storage: %d indexes for %d hashes", len(indexes), len(hashes))
	}
	for i, x := range indexes {
		if x != int64(len(m.Hashes)) {
			return fmt.Errorf("memory storage: write hash %d after %d hashes", x, len(m.Hashes))
		}
		m.Hashes = append(m.Hashes, hashes[i])
	}
	return nil
}
