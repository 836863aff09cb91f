package schematest

import (
	"encoding/json"
	"strings"
	"testing"
)

// doc is the document the $ref cases resolve in.
const doc = `{
	"components": {"schemas": {
		"Id": {"type": "integer", "minimum": 1},
		"a/b": {"type": "string"},
		"Pair": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}, "required": ["id"]},
		"notAnObject": 3
	}}
}`

func mustDecode(tb testing.TB, s string) any {
	tb.Helper()
	v, err := Decode([]byte(s))
	if err != nil {
		tb.Fatalf("decoding %s: %v", s, err)
	}
	return v
}

// TestValidate checks each keyword with a value that matches and one that
// does not. want lists substrings of the mismatches, in order; none means
// the value matches.
func TestValidate(t *testing.T) {
	d := mustDecode(t, doc).(map[string]any)
	v := New(d)
	for _, c := range []struct {
		name, schema, value string
		want                []string
	}{
		// type
		{"type string", `{"type": "string"}`, `"x"`, nil},
		{"type string, got number", `{"type": "string"}`, `1`, []string{`$: got number 1, want string`}},
		{"type integer", `{"type": "integer"}`, `42`, nil},
		{"type integer, got fraction", `{"type": "integer"}`, `4.5`, []string{"want integer"}},
		{"type number", `{"type": "number"}`, `4.5`, nil},
		{"type boolean", `{"type": "boolean"}`, `false`, nil},
		{"type boolean, got string", `{"type": "boolean"}`, `"false"`, []string{`got string "false", want boolean`}},
		{"type null", `{"type": "null"}`, `null`, nil},
		{"type object", `{"type": "object"}`, `{}`, nil},
		{"type object, got array", `{"type": "object"}`, `[]`, []string{"got an array, want object"}},
		{"type array", `{"type": "array"}`, `[1]`, nil},
		{"type list", `{"type": ["string", "null"]}`, `null`, nil},
		{"type list, got neither", `{"type": ["string", "null"]}`, `true`, []string{"want string or null"}},
		{"wrong type stops the rest", `{"type": "string", "enum": ["a"]}`, `1`, []string{"want string"}},

		// enum and const
		{"enum", `{"enum": ["a", 2]}`, `2.0`, nil},
		{"enum, got other", `{"enum": ["a", 2]}`, `"b"`, []string{`got string "b", want one of ["a",2]`}},
		{"const", `{"const": {"k": [1]}}`, `{"k": [1]}`, nil},
		{"const, got other", `{"const": "x"}`, `"y"`, []string{`want "x"`}},

		// required and properties
		{"required", `{"type": "object", "required": ["a"]}`, `{"a": 1}`, nil},
		{"required, missing", `{"type": "object", "required": ["a"]}`, `{}`, []string{`$: got no property "a", want it`}},
		{"properties", `{"properties": {"a": {"type": "string"}}}`, `{"a": "x"}`, nil},
		{"properties, wrong inside", `{"properties": {"a": {"type": "string"}}}`, `{"a": 1}`, []string{"$.a: got number 1, want string"}},

		// additionalProperties
		{"properties listed: others refused", `{"properties": {"a": {}}}`, `{"a": 1, "b": 2}`, []string{`$: got property "b", which the schema does not describe`}},
		{"no properties listed: others allowed", `{"type": "object"}`, `{"b": 2}`, nil},
		{"additionalProperties true", `{"properties": {"a": {}}, "additionalProperties": true}`, `{"b": 2}`, nil},
		{"additionalProperties false", `{"additionalProperties": false}`, `{"b": 2}`, []string{`got property "b", want none but those described`}},
		{"additionalProperties schema", `{"additionalProperties": {"type": "integer"}}`, `{"b": 2}`, nil},
		{"additionalProperties schema, wrong", `{"additionalProperties": {"type": "integer"}}`, `{"b": "2"}`, []string{"$.b: got string"}},

		// items and minItems
		{"items", `{"items": {"type": "integer"}}`, `[1, 2]`, nil},
		{"items, one wrong", `{"items": {"type": "integer"}}`, `[1, "2"]`, []string{`$[1]: got string "2", want integer`}},
		{"minItems", `{"minItems": 2}`, `[1, 2]`, nil},
		{"minItems, too few", `{"minItems": 2}`, `[1]`, []string{"got 1 items, want at least 2"}},

		// strings
		{"minLength counts characters", `{"minLength": 2}`, `"éé"`, nil},
		{"minLength, too short", `{"minLength": 2}`, `"é"`, []string{"got 1 characters, want at least 2"}},
		{"maxLength", `{"maxLength": 2}`, `"ab"`, nil},
		{"maxLength, too long", `{"maxLength": 2}`, `"abc"`, []string{"got 3 characters, want at most 2"}},
		{"pattern", `{"pattern": "^age1[a-z0-9]+$"}`, `"age1abc"`, nil},
		{"pattern, no match", `{"pattern": "^age1"}`, `"AGE1"`, []string{`got "AGE1", want a match of ^age1`}},
		{"pattern that does not compile", `{"pattern": "("}`, `"x"`, []string{`the schema's pattern "(" does not compile`}},
		{"format date-time", `{"format": "date-time"}`, `"2025-12-09T10:00:00+01:00"`, nil},
		{"format date-time, not one", `{"format": "date-time"}`, `"9 December"`, []string{"want an RFC 3339 date-time"}},
		{"format unknown", `{"format": "email"}`, `"a@b"`, []string{"the schema uses format email"}},

		// numbers
		{"minimum", `{"minimum": 1}`, `1`, nil},
		{"minimum, below", `{"minimum": 1}`, `0.5`, []string{"got 0.5, want at least 1"}},
		{"maximum", `{"maximum": 1}`, `1`, nil},
		{"maximum, above", `{"maximum": 1}`, `2`, []string{"got 2, want at most 1"}},
		{"exclusiveMinimum", `{"exclusiveMinimum": 0}`, `0.1`, nil},
		{"exclusiveMinimum, equal", `{"exclusiveMinimum": 0}`, `0`, []string{"got 0, want above 0"}},
		{"exclusiveMaximum", `{"exclusiveMaximum": 1}`, `0.9`, nil},
		{"exclusiveMaximum, equal", `{"exclusiveMaximum": 1}`, `1`, []string{"got 1, want below 1"}},

		// $ref
		{"$ref", `{"$ref": "#/components/schemas/Pair"}`, `{"id": 3}`, nil},
		{"$ref, nested mismatch", `{"$ref": "#/components/schemas/Pair"}`, `{"id": 0}`, []string{"$.id: got 0, want at least 1"}},
		{"$ref with an escaped /", `{"$ref": "#/components/schemas/a~1b"}`, `"x"`, nil},
		{"$ref that does not resolve", `{"$ref": "#/components/schemas/Nope"}`, `1`, []string{`$ref "#/components/schemas/Nope" does not resolve`}},
		{"$ref not local", `{"$ref": "other.json#/x"}`, `1`, []string{"is not a local reference"}},
		{"$ref to no object", `{"$ref": "#/components/schemas/notAnObject"}`, `1`, []string{"names no object"}},

		// oneOf
		{"oneOf, one matches", `{"oneOf": [{"type": "string"}, {"type": "integer"}]}`, `1`, nil},
		{"oneOf, none matches", `{"oneOf": [{"type": "string"}, {"type": "integer"}]}`, `true`, []string{"matching 0 of the oneOf alternatives, want exactly one"}},
		{"oneOf, two match", `{"oneOf": [{"type": "number"}, {"type": "integer"}]}`, `1`, []string{"matching 2 of the oneOf alternatives"}},

		// keywords
		{"annotations are ignored", `{"description": "d", "title": "t", "examples": [1], "default": 1, "deprecated": true}`, `"anything"`, nil},
		{"an unknown keyword is a mismatch", `{"anyOf": [{}]}`, `1`, []string{`the schema uses "anyOf", which this validator does not check`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			schema := mustDecode(t, c.schema).(map[string]any)
			got := v.Validate(schema, mustDecode(t, c.value))
			if len(got) != len(c.want) {
				t.Fatalf("validating %s against %s: got %d mismatches %q, want %d %q", c.value, c.schema, len(got), got, len(c.want), c.want)
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("validating %s against %s: got mismatch %q, want one containing %q", c.value, c.schema, got[i], w)
				}
			}
		})
	}
}

func TestKnown(t *testing.T) {
	for _, c := range []struct {
		keyword string
		want    bool
	}{{"type", true}, {"$ref", true}, {"exclusiveMaximum", true}, {"description", true}, {"anyOf", false}, {"allOf", false}, {"uniqueItems", false}} {
		if got := Known(c.keyword); got != c.want {
			t.Errorf("Known(%q): got %v, want %v", c.keyword, got, c.want)
		}
	}
}

func TestDecode(t *testing.T) {
	v, err := Decode([]byte(`{"n": 12345678901234567890}`))
	if err != nil {
		t.Fatal(err)
	}
	if n := v.(map[string]any)["n"]; n != json.Number("12345678901234567890") {
		t.Errorf("Decode: got %#v, want the number as json.Number", n)
	}
	for _, bad := range []string{``, `{`, `1 2`} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%q): got no error, want one", bad)
		}
	}
}

func TestDeref(t *testing.T) {
	d := mustDecode(t, doc).(map[string]any)
	got, err := Deref(d, map[string]any{"$ref": "#/components/schemas/Id"})
	if err != nil || got["type"] != "integer" {
		t.Errorf("Deref of a $ref: got %v, %v; want the Id schema", got, err)
	}
	inline := map[string]any{"type": "string"}
	if got, err := Deref(d, inline); err != nil || got["type"] != "string" {
		t.Errorf("Deref of an inline object: got %v, %v; want it back", got, err)
	}
	if _, err := Deref(d, "text"); err == nil {
		t.Errorf("Deref of a string: got no error, want one")
	}
}

func TestDescribeAndEqual(t *testing.T) {
	for _, c := range []struct {
		value, want string
	}{
		{`null`, "null"}, {`true`, "boolean true"}, {`"x"`, `string "x"`}, {`1.5`, "number 1.5"},
		{`{}`, "an object"}, {`[]`, "an array"},
		{`"` + strings.Repeat("a", 70) + `"`, `string "` + strings.Repeat("a", 56) + "…"},
	} {
		if got := Describe(mustDecode(t, c.value)); got != c.want {
			t.Errorf("Describe(%s): got %q, want %q", c.value, got, c.want)
		}
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{{`1`, `1.0`, true}, {`1`, `"1"`, false}, {`[1, {"a": 2}]`, `[1, {"a": 2}]`, true}, {`{"a": 1}`, `{"a": 2}`, false}} {
		if got := Equal(mustDecode(t, c.a), mustDecode(t, c.b)); got != c.want {
			t.Errorf("Equal(%s, %s): got %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
