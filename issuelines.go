package parley

import (
	"strings"
)

// MaxIssueLines is the longest issue-space text ParseIssueLines reads, in
// bytes.
const MaxIssueLines = 200_000

// ParseIssueLines reads an issue space from the simple line format of the
// analysis page: one issue a line, its name, a colon, then its options
// separated by commas —
//
//	Territory: line of contact, 1991 borders
//	Sanctions: lifted, eased, kept
//
// Blank lines and lines starting with '#' are skipped; spaces around names
// and options are dropped. An issue's name cannot hold a colon, nor an
// option a comma. The space is validated (IssueSpace.Validate); an error
// names the line at fault where it can.
func ParseIssueLines(text string) (*IssueSpace, error) {
	if len(text) > MaxIssueLines {
		return nil, Invalid("issues", "the issues are longer than %d bytes", MaxIssueLines)
	}
	if err := CheckText("issues", text, 0, MaxIssueLines); err != nil {
		return nil, err
	}
	s := &IssueSpace{Issues: []SpaceIssue{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(s.Issues) == 500 {
			return nil, Invalid("issues", "an issue space has 1 to 500 issues")
		}
		name, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, Invalid("issues", "line %d: write the issue, a colon, then its options separated by commas", n+1)
		}
		is := SpaceIssue{Name: strings.TrimSpace(name)}
		if is.Name == "" {
			return nil, Invalid("issues", "line %d: the issue has no name before its colon", n+1)
		}
		for _, o := range strings.Split(rest, ",") {
			if o = strings.TrimSpace(o); o == "" {
				return nil, Invalid("issues", "line %d: an option of %q is empty", n+1, is.Name)
			}
			is.Options = append(is.Options, o)
		}
		s.Issues = append(s.Issues, is)
	}
	if len(s.Issues) == 0 {
		return nil, Invalid("issues", "write at least one issue, as \"Issue: option, option\"")
	}
	if err := s.Validate(); err != nil {
		return nil, Invalid("issues", "%s", ErrorMessage(err))
	}
	return s, nil
}

// FormatIssueLines writes an issue space in the line format that
// ParseIssueLines reads.
func FormatIssueLines(s *IssueSpace) string {
	var b strings.Builder
	for _, is := range s.Issues {
		b.WriteString(is.Name)
		b.WriteString(": ")
		b.WriteString(strings.Join(is.Options, ", "))
		b.WriteString("\n")
	}
	return b.String()
}
