// Package schematest checks JSON values against JSON Schema, for tests.
//
// It implements the subset of JSON Schema (draft 2020-12, the dialect of
// OpenAPI 3.1) that Parley's OpenAPI document uses: $ref (local JSON
// pointers), type, enum, const, oneOf, properties, required,
// additionalProperties, items, minItems, minLength, maxLength, pattern,
// minimum, maximum, exclusiveMinimum, exclusiveMaximum and format
// date-time, with the annotations description, title, examples and
// default. A schema that uses any other keyword is reported as a
// mismatch, so that no promise of a document goes unchecked.
//
// Beyond JSON Schema, an object schema that lists properties and says
// nothing of additionalProperties admits no other properties: a document
// checked with this package must describe every field an API sends.
//
// Values are those of encoding/json decoded with UseNumber (see Decode):
// numbers are json.Number, so that integers are told from other numbers.
package schematest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// known are the schema keywords the validator understands.
var known = map[string]bool{
	"$ref": true, "type": true, "enum": true, "const": true, "oneOf": true,
	"properties": true, "required": true, "additionalProperties": true,
	"items": true, "minItems": true, "minLength": true, "maxLength": true, "pattern": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true,
	"format": true,
	// annotations
	"description": true, "title": true, "examples": true, "default": true, "deprecated": true,
}

// Known reports whether the validator understands a schema keyword.
func Known(keyword string) bool { return known[keyword] }

// Decode decodes one JSON value with numbers as json.Number, refusing
// trailing data.
func Decode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// Resolve follows a local JSON pointer such as
// "#/components/schemas/Talks" in doc.
func Resolve(doc map[string]any, ref string) (map[string]any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("$ref %q is not a local reference", ref)
	}
	var cur any = doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q names no object", ref)
	}
	return m, nil
}

// Deref returns obj, or what it refers to in doc if it is a {"$ref": …}.
func Deref(doc map[string]any, obj any) (map[string]any, error) {
	m, ok := obj.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("got %s, want an object", Describe(obj))
	}
	if ref, ok := m["$ref"].(string); ok {
		return Resolve(doc, ref)
	}
	return m, nil
}

// Validator checks values against the schemas of one document, in which
// it resolves $ref.
type Validator struct {
	doc map[string]any
}

// New returns a validator for the schemas of doc.
func New(doc map[string]any) *Validator { return &Validator{doc: doc} }

// Validate returns the mismatches of value against schema, each as
// "$.json.path: got …, want …"; none if the value matches.
func (v *Validator) Validate(schema map[string]any, value any) []string {
	var errs []string
	v.check(schema, value, "$", &errs)
	return errs
}

// check appends to errs the mismatches of val, found at the JSON path at,
// against the schema s.
func (v *Validator) check(s map[string]any, val any, at string, errs *[]string) {
	fail := func(format string, args ...any) {
		*errs = append(*errs, at+": "+fmt.Sprintf(format, args...))
	}
	for _, k := range slices.Sorted(maps.Keys(s)) {
		if !known[k] {
			fail("the schema uses %q, which this validator does not check", k)
		}
	}
	if ref, ok := s["$ref"].(string); ok {
		target, err := Resolve(v.doc, ref)
		if err != nil {
			fail("%v", err)
			return
		}
		v.check(target, val, at, errs)
	}
	if !v.checkGeneric(s, val, at, fail) {
		return
	}
	switch x := val.(type) {
	case map[string]any:
		v.checkObject(s, x, at, errs, fail)
	case []any:
		v.checkArray(s, x, at, errs, fail)
	case string:
		checkString(s, x, fail)
	case json.Number:
		checkNumber(s, x, fail)
	}
}

// checkGeneric checks the keywords that apply to a value of any type:
// type, enum, const and oneOf. It returns false if the type is wrong, when
// nothing else is worth checking.
func (v *Validator) checkGeneric(s map[string]any, val any, at string, fail func(string, ...any)) bool {
	if t, ok := s["type"]; ok {
		var types []string
		switch x := t.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, e := range x {
				types = append(types, fmt.Sprint(e))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(val, t) }) {
			fail("got %s, want %s", Describe(val), strings.Join(types, " or "))
			return false
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		if !slices.ContainsFunc(enum, func(e any) bool { return Equal(e, val) }) {
			fail("got %s, want one of %s", Describe(val), Compact(enum))
		}
	}
	if c, ok := s["const"]; ok && !Equal(c, val) {
		fail("got %s, want %s", Describe(val), Compact(c))
	}
	if alts, ok := s["oneOf"].([]any); ok {
		var matched int
		var why []string
		for i, alt := range alts {
			am, _ := alt.(map[string]any)
			var sub []string
			v.check(am, val, at, &sub)
			if len(sub) == 0 {
				matched++
			} else {
				why = append(why, fmt.Sprintf("alternative %d: %s", i+1, strings.Join(sub, "; ")))
			}
		}
		if matched != 1 {
			fail("got %s matching %d of the oneOf alternatives, want exactly one (%s)", Describe(val), matched, strings.Join(why, " | "))
		}
	}
	return true
}

// checkObject checks required, properties and additionalProperties.
func (v *Validator) checkObject(s, x map[string]any, at string, errs *[]string, fail func(string, ...any)) {
	req, _ := s["required"].([]any)
	for _, r := range req {
		if _, ok := x[fmt.Sprint(r)]; !ok {
			fail("got no property %q, want it: the schema requires it", r)
		}
	}
	props, hasProps := s["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(x)) {
		p := at + "." + name
		if ps, ok := props[name].(map[string]any); ok {
			v.check(ps, x[name], p, errs)
			continue
		}
		switch ap := s["additionalProperties"].(type) {
		case nil:
			if hasProps {
				fail("got property %q, which the schema does not describe", name)
			}
		case bool:
			if !ap {
				fail("got property %q, want none but those described (additionalProperties is false)", name)
			}
		case map[string]any:
			v.check(ap, x[name], p, errs)
		}
	}
}

// checkArray checks minItems and items.
func (v *Validator) checkArray(s map[string]any, x []any, at string, errs *[]string, fail func(string, ...any)) {
	if n, ok := s["minItems"].(json.Number); ok {
		if min, _ := n.Int64(); int64(len(x)) < min {
			fail("got %d items, want at least %d", len(x), min)
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		for i, e := range x {
			v.check(items, e, fmt.Sprintf("%s[%d]", at, i), errs)
		}
	}
}

// checkString checks minLength and maxLength (in characters), pattern and
// format.
func checkString(s map[string]any, x string, fail func(string, ...any)) {
	n := utf8.RuneCountInString(x)
	if min, ok := s["minLength"].(json.Number); ok {
		if m, _ := min.Int64(); int64(n) < m {
			fail("got %d characters, want at least %d", n, m)
		}
	}
	if max, ok := s["maxLength"].(json.Number); ok {
		if m, _ := max.Int64(); int64(n) > m {
			fail("got %d characters, want at most %d", n, m)
		}
	}
	if p, ok := s["pattern"].(string); ok {
		if re, err := regexp.Compile(p); err != nil {
			fail("the schema's pattern %q does not compile: %v", p, err)
		} else if !re.MatchString(x) {
			fail("got %q, want a match of %s", x, p)
		}
	}
	switch f := s["format"]; f {
	case nil:
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
			fail("got %q, want an RFC 3339 date-time", x)
		}
	default:
		fail("the schema uses format %v, which this validator does not check", f)
	}
}

// checkNumber checks the inclusive and exclusive bounds.
func checkNumber(s map[string]any, x json.Number, fail func(string, ...any)) {
	a, _ := x.Float64()
	for _, bound := range []struct {
		keyword, want string
		breaks        func(a, b float64) bool
	}{
		{"minimum", "at least", func(a, b float64) bool { return a < b }},
		{"maximum", "at most", func(a, b float64) bool { return a > b }},
		{"exclusiveMinimum", "above", func(a, b float64) bool { return a <= b }},
		{"exclusiveMaximum", "below", func(a, b float64) bool { return a >= b }},
	} {
		if n, ok := s[bound.keyword].(json.Number); ok {
			if b, _ := n.Float64(); bound.breaks(a, b) {
				fail("got %s, want %s %s", x, bound.want, n)
			}
		}
	}
}

// hasType reports whether v is of the JSON Schema type t.
func hasType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := strconv.ParseInt(string(n), 10, 64)
		return err == nil
	}
	return false
}

// Equal reports whether two JSON values are equal; numbers by value.
func Equal(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, _ := x.Float64()
		fy, _ := y.Float64()
		return fx == fy
	}
	return Compact(a) == Compact(b)
}

// Compact is a JSON value as compact JSON text.
func Compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Describe shows a JSON value briefly, with its type.
func Describe(v any) string {
	var kind string
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		kind = "boolean"
	case string:
		kind = "string"
	case json.Number:
		kind = "number"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	s := Compact(v)
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return kind + " " + s
}
