package http

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// BenchmarkCompressed compresses a gap map's JSON (30 points, five
// parties) at gzip's default level and at the one compressed uses, side
// by side, and reports each response's compressed size:
//
//	go test ./http -run '^$' -bench BenchmarkCompressed -benchtime 3000x
func BenchmarkCompressed(b *testing.B) {
	type cell struct {
		Party  string `json:"party"`
		Stance string `json:"stance"`
		Shared bool   `json:"shared"`
	}
	type row struct {
		Point   int64  `json:"point_id"`
		Heading string `json:"heading"`
		Cells   []cell `json:"cells"`
		Gap     int    `json:"gap"`
	}
	var rows []row
	stances := []string{"acceptable", "needs_discussion", "unsuitable", "withheld"}
	for i := range 30 {
		r := row{Point: int64(1000 + i), Heading: fmt.Sprintf("%d. Point %d of the draft", i+1, i+1), Gap: i % 3}
		for p, party := range []string{"Russia", "Ukraine", "United States", "Belarus", "Observer"} {
			r.Cells = append(r.Cells, cell{Party: party, Stance: stances[(i*7+p)%4], Shared: p%2 == 0})
		}
		rows = append(rows, r)
	}
	body, _ := json.Marshal(map[string]any{"draft": 5, "rows": rows})
	for _, level := range []struct {
		name  string
		level int
	}{{"default", gzip.DefaultCompression}, {"used", compressionLevel}} {
		b.Run(level.name, func(b *testing.B) {
			h := compressedAt(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write(body)
			}), level.level)
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			var size int
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/response")
			b.ReportMetric(float64(len(body)), "bytes/plain")
		})
	}
}
