package genius

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

// maxIntegerOptions bounds the options an integer issue may expand into.
const maxIntegerOptions = 100000

// Domain is a parsed GENIUS domain file.
type Domain struct {
	// Space is the issue space.
	Space analysis.Space
	// file is the file name used in messages.
	file    string
	integer []bool
	lower   []int64
	byIndex map[string]int // issue index attribute → position
	index   *analysis.SpaceIndex
}

// names returns the index of the domain's issue and option names, made
// on first use.
func (d *Domain) names() *analysis.SpaceIndex {
	if d.index == nil {
		d.index = analysis.NewSpaceIndex(d.Space)
	}
	return d.index
}

func issueType(n *node) string {
	for _, k := range []string{"etype", "type", "vtype"} {
		if v, ok := n.attr(k); ok && v != "" {
			return v
		}
	}
	return "discrete"
}

// ReadDomain parses a GENIUS domain file; file names it in errors.
func ReadDomain(r io.Reader, file string) (*Domain, error) {
	us, err := parse(r, file)
	if err != nil {
		return nil, err
	}
	var issues, weights []*node
	collect(us, &issues, &weights)
	if len(issues) == 0 {
		return nil, fmt.Errorf("%s: no <issue> elements", file)
	}
	d := &Domain{file: file, byIndex: map[string]int{}}
	names := map[string]bool{}
	for pos, is := range issues {
		name, _ := is.attr("name")
		if name == "" {
			return nil, fmt.Errorf("%s: %s: issue without a name", file, is.describe())
		}
		if names[name] {
			return nil, fmt.Errorf("%s: %s: duplicate issue name", file, is.describe())
		}
		names[name] = true
		if idx, ok := is.attr("index"); ok {
			d.byIndex[idx] = pos
		}
		issue := analysis.Issue{Name: strings.Clone(name)} // not the whole file's string
		var lower int64
		integer := false
		switch t := issueType(is); t {
		case "discrete":
			issue.Options, err = discreteOptions(is)
		case "integer":
			integer = true
			lower, issue.Options, err = integerOptions(is)
		default:
			err = fmt.Errorf("unsupported issue type %q", t)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, is.describe(), err)
		}
		d.Space.Issues = append(d.Space.Issues, issue)
		d.integer = append(d.integer, integer)
		d.lower = append(d.lower, lower)
	}
	return d, nil
}

// discreteOptions returns the values of a discrete issue's items, each
// once.
func discreteOptions(is *node) ([]string, error) {
	items, err := is.items()
	if err != nil {
		return nil, err
	}
	options := make([]string, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if seen[it.value] {
			continue // GENIUS keys items by value: a repeat adds nothing.
		}
		seen[it.value] = true
		options = append(options, strings.Clone(it.value))
	}
	if len(options) == 0 {
		return nil, fmt.Errorf("issue has no options")
	}
	return options, nil
}

// integerOptions returns the lower bound of an integer issue and its
// values from the lower to the upper bound.
func integerOptions(is *node) (int64, []string, error) {
	lo, err := intAttr(is, "lowerbound")
	if err != nil {
		return 0, nil, err
	}
	hi, err := intAttr(is, "upperbound")
	if err != nil {
		return 0, nil, err
	}
	if hi < lo {
		return 0, nil, fmt.Errorf("upperbound %d below lowerbound %d: issue has no options", hi, lo)
	}
	if span := uint64(hi) - uint64(lo); span >= maxIntegerOptions {
		return 0, nil, fmt.Errorf("range %d…%d has more than %d values", lo, hi, maxIntegerOptions)
	}
	var options []string
	for v := lo; v <= hi; v++ {
		options = append(options, strconv.FormatInt(v, 10))
	}
	return lo, options, nil
}
