package analysis

// SpaceIndex finds issues and options of a [Space] by name in constant
// time. [Space.IssueIndex] and [Space.OptionIndex] scan the lists, which
// made a reader that looks every option up quadratic in the options (an
// issue of 100,000 options took minutes); readers build one SpaceIndex and
// look up in it instead. A SpaceIndex reflects the space as it was when
// it was made.
type SpaceIndex struct {
	issues  map[string]int
	options []map[string]int
}

// NewSpaceIndex indexes the issues and options of s, in time linear in
// their number. Where a name appears twice, the first counts, as with
// [Space.IssueIndex] and [Space.OptionIndex].
func NewSpaceIndex(s Space) *SpaceIndex {
	x := &SpaceIndex{issues: make(map[string]int, len(s.Issues)), options: make([]map[string]int, len(s.Issues))}
	for i, is := range s.Issues {
		if _, ok := x.issues[is.Name]; !ok {
			x.issues[is.Name] = i
		}
		opts := make(map[string]int, len(is.Options))
		for j, o := range is.Options {
			if _, ok := opts[o]; !ok {
				opts[o] = j
			}
		}
		x.options[i] = opts
	}
	return x
}

// Issue returns the index of the issue with the given name, or -1.
func (x *SpaceIndex) Issue(name string) int {
	if i, ok := x.issues[name]; ok {
		return i
	}
	return -1
}

// Option returns the index of the named option of issue i, or -1.
func (x *SpaceIndex) Option(i int, name string) int {
	if j, ok := x.options[i][name]; ok {
		return j
	}
	return -1
}

// Distinct reports whether the options of issue i have distinct names.
func (x *SpaceIndex) Distinct(s Space, i int) bool {
	return len(x.options[i]) == len(s.Issues[i].Options)
}
