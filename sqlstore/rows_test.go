package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// referenceRowDigest is the row digest as first written, through
// encoding/json: every digest already in an audit log was made by it, so
// rowDigest must give the same for every row.
func referenceRowDigest(vals []any) string {
	enc := make([]any, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case []byte:
			enc[i] = map[string]string{"b": hex.EncodeToString(v)}
		case nil:
			enc[i] = nil
		default:
			enc[i] = fmt.Sprintf("%T:%v", v, v)
		}
	}
	b, err := json.Marshal(enc)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// randomValue is a value of a kind the drivers scan, with the characters
// encoding/json escapes or replaces often among them.
func randomValue(r *rand.Rand) any {
	pieces := []string{"a", "Z", "0", " ", "\"", "\\", "<", ">", "&", "\n", "\t", "\x00", "\x1f", "\x7f", "é", "ж", "مرحبا",
		"\u2028", "\u2029", "\xff", "\xe2\x82", "{#12}", "😀", "/", "'"}
	switch r.IntN(8) {
	case 0:
		return nil
	case 1:
		return r.Int64() - r.Int64()
	case 2:
		return r.IntN(2) == 0
	case 3:
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return b
	case 4:
		return r.NormFloat64() * 1e6
	case 5:
		return time.Unix(r.Int64N(4e9), r.Int64N(1e9)).UTC()
	default:
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		return sb.String()
	}
}

// TestRowDigestMatchesEncodingJSON checks rowDigest against the
// reference on random rows: a digest that differed would make every row
// written before it fail `parley audit verify`.
func TestRowDigestMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 17))
	for range 20000 {
		row := make([]any, r.IntN(14))
		for i := range row {
			row[i] = randomValue(r)
		}
		if got, want := rowDigest(row), referenceRowDigest(row); got != want {
			t.Fatalf("rowDigest(%#v) = %s, encoding/json gives %s", row, got, want)
		}
	}
}

// TestRowKeyMatchesSprint checks rowKey against the names audit records
// already hold (fmt.Sprint of each key value, joined by slashes).
func TestRowKeyMatchesSprint(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		pk := make([]any, 1+r.IntN(5))
		parts := []string{"stances"}
		for i := range pk {
			pk[i] = randomValue(r)
			parts = append(parts, fmt.Sprint(pk[i]))
		}
		if got, want := rowKey("stances", pk), strings.Join(parts, "/"); got != want {
			t.Fatalf("rowKey(%#v) = %q, want %q", pk, got, want)
		}
	}
}
