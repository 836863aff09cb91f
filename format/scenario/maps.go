package scenario

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// numbers is a YAML mapping from names to numbers, in the file's order: a
// party's weights, or its evaluations of one issue's options. It decodes
// itself because yaml.v3 checks a mapping's keys for duplicates by
// comparing every pair, which made an issue of 100,000 options take
// minutes to read; numbers checks them with a map instead and reports a
// duplicate as yaml.v3 does.
type numbers struct {
	names  []string
	values []float64
}

// numberTable is a YAML mapping from names to [numbers], in the file's
// order: a party's evaluations, per issue.
type numberTable struct {
	names []string
	rows  []numbers
}

// UnmarshalYAML decodes a mapping of names to numbers in linear time.
func (m *numbers) UnmarshalYAML(n *yaml.Node) error {
	var out numbers
	err := eachPair(n, "map[string]float64", func(k, v *yaml.Node) error {
		f, err := number(v)
		out.names, out.values = append(out.names, k.Value), append(out.values, f)
		return err
	})
	if err != nil {
		return err
	}
	*m = out
	return nil
}

// UnmarshalYAML decodes a mapping of names to mappings of names to
// numbers in linear time.
func (m *numberTable) UnmarshalYAML(n *yaml.Node) error {
	var out numberTable
	err := eachPair(n, "map[string]map[string]float64", func(k, v *yaml.Node) error {
		var row numbers
		if err := row.UnmarshalYAML(v); err != nil {
			return err
		}
		out.names, out.rows = append(out.names, k.Value), append(out.rows, row)
		return nil
	})
	if err != nil {
		return err
	}
	*m = out
	return nil
}

// eachPair calls f with each key and value of the mapping n, refusing
// duplicate keys, and leaves a null alone; what names the Go type in the
// error for anything else.
func eachPair(n *yaml.Node, what string, f func(k, v *yaml.Node) error) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: cannot unmarshal %s `%s` into %s", n.Line, n.ShortTag(), n.Value, what)}}
	}
	line := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a key of %s must be a name", k.Line, what)}}
		}
		if at, ok := line[k.Value]; ok {
			return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: mapping key %q already defined at line %d", k.Line, k.Value, at)}}
		}
		line[k.Value] = k.Line
		if err := f(k, v); err != nil {
			return err
		}
	}
	return nil
}

// number decodes a YAML number: plain decimals directly, anything else
// (.inf, 0x1F, 1_000, or what is not a number) through yaml.v3, so that
// the values and errors are yaml.v3's.
func number(v *yaml.Node) (float64, error) {
	if v.Kind == yaml.ScalarNode && v.Style == 0 {
		if t := v.ShortTag(); t == "!!int" || t == "!!float" {
			if f, err := strconv.ParseFloat(v.Value, 64); err == nil {
				return f, nil
			}
		}
	}
	var f float64
	err := v.Decode(&f)
	return f, err
}
