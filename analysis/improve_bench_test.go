package analysis

import (
	"context"
	"testing"
)

// benchImprove lists the best 10 improvements on the package of every
// issue's first option.
func benchImprove(b *testing.B, sc Scenario, eps float64) {
	m := mustModel(b, sc)
	baseline := make([]int, len(sc.Space.Issues))
	b.ReportAllocs()
	var total int64
	for b.Loop() {
		res, err := m.Improve(context.Background(), baseline, ImproveOptions{Limit: 10, Epsilon: eps})
		if err != nil {
			b.Fatal(err)
		}
		total = res.Total
	}
	b.ReportMetric(float64(total), "improvements")
}

func BenchmarkImproveExact3Parties12x4(b *testing.B) { benchImprove(b, synthetic(3, 12, 4, 1), 0) }
func BenchmarkImproveExact2Parties11x4(b *testing.B) { benchImprove(b, synthetic(2, 11, 4, 1), 0) }
func BenchmarkImproveEpsilon4Parties20x4(b *testing.B) {
	benchImprove(b, synthetic(4, 20, 4, 1), 0.02)
}
