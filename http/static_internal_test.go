package http

import "testing"

// TestAcceptsGzip reads Accept-Encoding as RFC 9110 has it.
func TestAcceptsGzip(t *testing.T) {
	for _, c := range []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"deflate, gzip;q=0.8, br"}, true},
		{[]string{"deflate", "gzip"}, true},
		{[]string{"br, deflate"}, false},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false},
		{[]string{"gzip;q=0.5, *;q=0"}, true},
		{[]string{"gzip;q=nonsense"}, false},
		{[]string{"identity"}, false},
		{[]string{"gzipped"}, false},
		{[]string{"gzip", "gzip;q=0"}, false},
		{[]string{"gzip;q=0", "gzip"}, false},
		{[]string{"*;q=0, *"}, true},
		{[]string{"gzip;q=1"}, true},
		{[]string{"gzip;q=1.000"}, true},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=0."}, false},
		{[]string{"gzip;q=1e-9"}, false},
		{[]string{"gzip;q=Inf"}, false},
		{[]string{"gzip;q=NaN"}, false},
		{[]string{"gzip;q=1.0001"}, false},
		{[]string{"gzip;q=1.5"}, false},
		{[]string{"gzip;q=-0.5"}, false},
	} {
		if got := acceptsGzip(c.values); got != c.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", c.values, got, c.want)
		}
	}
}
