package auditlog_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley/auditlog"
)

const digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// full is a record with every field set.
var full = auditlog.Record{
	Time:   time.Date(2025, 3, 1, 10, 4, 5, 500_000_000, time.FixedZone("CET", 3600)),
	Actor:  "amira",
	Talks:  7,
	Action: "stance.set",
	Object: "talks/7/drafts/3/points/2",
	Party:  2,
	Digest: digest,
	Details: map[string]any{
		"point":  json.Number("2"),
		"draft":  json.Number("3"),
		"tabled": true,
		"note":   "a <b> & c",
		"list":   []any{json.Number("1.5"), "x", nil},
		"nested": map[string]any{"z": json.Number("-1"), "a": "é"},
	},
}

// encode returns Encode(r), failing tb on error.
func encode(tb testing.TB, r auditlog.Record) []byte {
	tb.Helper()
	data, err := auditlog.Encode(r)
	if err != nil {
		tb.Fatalf("Encode(%+v): %v", r, err)
	}
	return data
}

func TestEncodeCanonical(t *testing.T) {
	tests := []struct {
		name string
		r    auditlog.Record
		want string
	}{
		{
			name: "minimal",
			r:    auditlog.Record{Time: t0, Actor: "operator", Action: "talks.create", Object: "talks/1"},
			want: `{"time":"2025-03-01T09:00:00Z","actor":"operator","action":"talks.create","object":"talks/1"}`,
		},
		{
			name: "full",
			r:    full,
			want: `{"time":"2025-03-01T09:04:05.5Z","actor":"amira","talks":7,"action":"stance.set","object":"talks/7/drafts/3/points/2","party":2,"digest":"` + digest + `",` +
				`"details":{"draft":3,"list":[1.5,"x",null],"nested":{"a":"é","z":-1},"note":"a <b> & c","point":2,"tabled":true}}`,
		},
		{
			name: "Go values in details",
			r: auditlog.Record{Time: t0, Actor: "operator", Action: "talks.create", Object: "talks/1",
				Details: map[string]any{"n": 3, "f": 0.25, "ids": []int64{1, 2}, "when": t0}},
			want: `{"time":"2025-03-01T09:00:00Z","actor":"operator","action":"talks.create","object":"talks/1","details":{"f":0.25,"ids":[1,2],"n":3,"when":"2025-03-01T09:00:00Z"}}`,
		},
		{
			name: "empty details",
			r:    auditlog.Record{Time: t0, Actor: "operator", Action: "talks.create", Object: "talks/1", Details: map[string]any{}},
			want: `{"time":"2025-03-01T09:00:00Z","actor":"operator","action":"talks.create","object":"talks/1"}`,
		},
		{
			name: "escapes",
			r:    auditlog.Record{Time: t0.Add(time.Nanosecond), Actor: "a\"b\\c\n\u2028", Action: "x", Object: "y"},
			want: `{"time":"2025-03-01T09:00:00.000000001Z","actor":"a\"b\\c\n\u2028","action":"x","object":"y"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := encode(t, tt.r)
			if string(got) != tt.want {
				t.Fatalf("Encode:\ngot  %s\nwant %s", got, tt.want)
			}
			for range 10 {
				if again := encode(t, tt.r); !bytes.Equal(again, got) {
					t.Fatalf("Encode again: got %s, want %s", again, got)
				}
			}
			r, err := auditlog.Decode(got)
			if err != nil {
				t.Fatalf("Decode(%s): %v", got, err)
			}
			if again := encode(t, r); !bytes.Equal(again, got) {
				t.Fatalf("Encode(Decode(%s)): got %s", got, again)
			}
		})
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	// Records made only of what Decode returns come back exactly; Time
	// comes back in UTC.
	want := full
	want.Time = full.Time.UTC()
	minimal := auditlog.Record{Time: t0, Actor: "operator", Action: "talks.create", Object: "talks/1"}
	for _, r := range []auditlog.Record{full, minimal, record(1), record(2)} {
		data := encode(t, r)
		got, err := auditlog.Decode(data)
		if err != nil {
			t.Fatalf("Decode(%s): %v", data, err)
		}
		want := r
		want.Time = r.Time.UTC()
		if r.Details != nil {
			// record() puts Go ints in Details; Decode gives json.Number.
			want.Details = map[string]any{}
			for k, v := range r.Details {
				if i, ok := v.(int); ok {
					v = json.Number(strings.TrimSpace(string(mustJSON(t, i))))
				}
				want.Details[k] = v
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Decode(Encode(r)):\ngot  %#v\nwant %#v", got, want)
		}
	}
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// rawJSON marshals to whatever JSON it holds.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func TestEncodeRejects(t *testing.T) {
	ok := auditlog.Record{Time: t0, Actor: "amira", Action: "stance.set", Object: "talks/1"}
	tests := []struct {
		name   string
		change func(r *auditlog.Record)
	}{
		{"no time", func(r *auditlog.Record) { r.Time = time.Time{} }},
		{"year beyond 9999", func(r *auditlog.Record) { r.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"no actor", func(r *auditlog.Record) { r.Actor = "" }},
		{"no action", func(r *auditlog.Record) { r.Action = "" }},
		{"no object", func(r *auditlog.Record) { r.Object = "" }},
		{"invalid UTF-8", func(r *auditlog.Record) { r.Actor = "\xff" }},
		{"negative talks", func(r *auditlog.Record) { r.Talks = -1 }},
		{"negative party", func(r *auditlog.Record) { r.Party = -1 }},
		{"short digest", func(r *auditlog.Record) { r.Digest = digest[:63] }},
		{"upper-case digest", func(r *auditlog.Record) { r.Digest = strings.ToUpper(digest) }},
		{"unencodable details", func(r *auditlog.Record) { r.Details = map[string]any{"c": make(chan int)} }},
		{"non-canonical details", func(r *auditlog.Record) { r.Details = map[string]any{"x": rawJSON(`{"b":1,"a":2}`)} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.change(&r)
			if data, err := auditlog.Encode(r); err == nil {
				t.Errorf("Encode: got %s, want an error", data)
			}
		})
	}
}

// rejected are encodings Decode must refuse.
var rejected = []struct{ name, data string }{
	{"empty", ``},
	{"null", `null`},
	{"not an object", `[]`},
	{"trailing newline", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y"}` + "\n"},
	{"trailing data", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y"}x`},
	{"two records", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y"}{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y"}`},
	{"leading space", ` {"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y"}`},
	{"space inside", `{"time": "2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y"}`},
	{"unknown field", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y","secret":"z"}`},
	{"field in other case", `{"time":"2025-03-01T09:00:00Z","Actor":"a","action":"x","object":"y"}`},
	{"fields out of order", `{"actor":"a","time":"2025-03-01T09:00:00Z","action":"x","object":"y"}`},
	{"duplicate field", `{"time":"2025-03-01T09:00:00Z","actor":"a","actor":"b","action":"x","object":"y"}`},
	{"zero talks", `{"time":"2025-03-01T09:00:00Z","actor":"a","talks":0,"action":"x","object":"y"}`},
	{"talks as float", `{"time":"2025-03-01T09:00:00Z","actor":"a","talks":1.0,"action":"x","object":"y"}`},
	{"time offset", `{"time":"2025-03-01T10:00:00+01:00","actor":"a","action":"x","object":"y"}`},
	{"time trailing zeros", `{"time":"2025-03-01T09:00:00.500Z","actor":"a","action":"x","object":"y"}`},
	{"no time", `{"actor":"a","action":"x","object":"y"}`},
	{"no actor", `{"time":"2025-03-01T09:00:00Z","action":"x","object":"y"}`},
	{"escaped letter", `{"time":"2025-03-01T09:00:00Z","actor":"\u0061","action":"x","object":"y"}`},
	{"escaped HTML", `{"time":"2025-03-01T09:00:00Z","actor":"\u003c","action":"x","object":"y"}`},
	{"invalid UTF-8", "{\"time\":\"2025-03-01T09:00:00Z\",\"actor\":\"\xff\",\"action\":\"x\",\"object\":\"y\"}"},
	{"upper-case digest", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y","digest":"` + strings.ToUpper(digest) + `"}`},
	{"empty details", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y","details":{}}`},
	{"null details", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y","details":null}`},
	{"details out of order", `{"time":"2025-03-01T09:00:00Z","actor":"a","action":"x","object":"y","details":{"b":1,"a":2}}`},
}

func TestDecodeRejects(t *testing.T) {
	for _, tt := range rejected {
		t.Run(tt.name, func(t *testing.T) {
			if r, err := auditlog.Decode([]byte(tt.data)); err == nil {
				t.Errorf("Decode(%q): got %+v, want an error", tt.data, r)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, r := range []auditlog.Record{full, record(0), record(1)} {
		f.Add(encode(f, r))
	}
	for _, tt := range rejected {
		f.Add([]byte(tt.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := auditlog.Decode(data)
		if err != nil {
			return
		}
		again, err := auditlog.Encode(r)
		if err != nil {
			t.Fatalf("Decode(%q) accepted a record Encode refuses: %v", data, err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("Encode(Decode(%q)): got %q", data, again)
		}
	})
}
