package gap

import (
	"fmt"
	"strings"
)

// Convergence is the standing of every tabled draft, oldest first, with a
// verdict on the latest.
type Convergence struct {
	Drafts  []Status `json:"drafts"`
	Verdict string   `json:"verdict"`
}

// Converge sums up the gap maps of the tabled drafts, given oldest first.
func Converge(maps []*Map) *Convergence {
	c := &Convergence{Drafts: []Status{}}
	for _, m := range maps {
		c.Drafts = append(c.Drafts, StatusOf(m))
	}
	c.Verdict = Verdict(c.Drafts)
	return c
}

// Verdict says in one sentence how the latest draft stands against every
// earlier one with marks to compare, e.g. "Closer than any earlier draft:
// 14 of 20 points acceptable to all parties; 2 unsuitable to at least one;
// main point of contention: 7 Territory." A draft whose marking is under
// way is not compared ("Draft 3: marking under way (Russia finished,
// Ukraine 12 of 22) …"), nor one on which the viewer sees no mark; a
// verdict from some parties' marks only says on whose.
func Verdict(drafts []Status) string { return VerdictIn(drafts, fmt.Sprintf) }

// VerdictIn is Verdict in the language of sprintf, a translating Sprintf
// whose formats are the English texts.
func VerdictIn(drafts []Status, sprintf func(string, ...any) string) string {
	if len(drafts) == 0 {
		return sprintf("No draft has been tabled yet.")
	}
	last := drafts[len(drafts)-1]
	detail := details(last, sprintf)
	if last.Points > 0 && last.AcceptableToAll == last.Points {
		return sprintf("Every point of draft %d is acceptable to all parties: ready for a decision on the whole text.", last.Draft)
	}
	if p := last.ProgressIn(sprintf); p != "" {
		return sprintf("Draft %d: marking under way (%s); so far %s", last.Draft, p, detail)
	}
	if last.NoMarks {
		return sprintf("Draft %d: no mark on it is shared with you yet.", last.Draft)
	}
	if hidden := last.hidden(sprintf); len(hidden) > 0 {
		return sprintf("Draft %d (not compared: you see none of %s marks): %s", last.Draft, orList(hidden, sprintf), detail)
	}
	if len(drafts) == 1 {
		return sprintf("Draft %d, the first: %s", last.Draft, detail)
	}
	var earlier []Status
	for _, d := range drafts[:len(drafts)-1] {
		if !d.NoMarks && len(d.hidden(sprintf)) == 0 {
			earlier = append(earlier, d)
		}
	}
	if len(earlier) == 0 {
		return sprintf("Draft %d, the first with marks to compare: %s", last.Draft, detail)
	}
	return compare(last, earlier, sprintf) + detail
}

// compare opens the verdict on draft last against the earlier drafts with
// marks to compare.
func compare(last Status, earlier []Status, sprintf func(string, ...any) string) string {
	best, bestDraft := -1.0, 0
	for _, d := range earlier {
		if d.ShareAcceptable > best {
			best, bestDraft = d.ShareAcceptable, d.Draft
		}
	}
	prev := earlier[len(earlier)-1]
	const eps = 1e-9
	switch {
	case last.ShareAcceptable > best+eps:
		return sprintf("Closer than any earlier draft: ")
	case last.ShareAcceptable > best-eps:
		return sprintf("As close as draft %d, and no closer: ", bestDraft)
	case last.ShareAcceptable > prev.ShareAcceptable+eps:
		return sprintf("Closer than draft %d, but not as close as draft %d: ", prev.Draft, bestDraft)
	default:
		return sprintf("Further apart than draft %d: ", bestDraft)
	}
}

// details lists the facts of a draft's standing, and on whose marks they
// rest when the viewer sees only some.
func details(last Status, sprintf func(string, ...any) string) string {
	var facts []string
	facts = append(facts, sprintf("%d of %d points acceptable to all parties", last.AcceptableToAll, last.Points))
	facts = append(facts, sprintf("%d unsuitable to at least one", last.UnsuitableToAny))
	if last.Unmarked > 0 {
		facts = append(facts, sprintf("%d not yet marked by every party", last.Unmarked))
	}
	if last.Withheld > 0 {
		facts = append(facts, sprintf("on %d some party's mark is not shared with you", last.Withheld))
	}
	if last.Main != nil {
		facts = append(facts, sprintf("main point of contention: %s", last.Main.Label))
	}
	detail := strings.Join(facts, "; ") + "."
	if last.Basis != "" {
		detail += sprintf(" This rests on %s.", BasisIn(last.Parties, sprintf))
	}
	return detail
}

// hidden names the parties none of whose marks on the draft the viewer
// sees, though they may have some: with them, no point can be known to be
// acceptable to all, and the draft has nothing to compare.
func (s Status) hidden(sprintf func(string, ...any) string) []string {
	var names []string
	for _, c := range s.Parties {
		if c.Withheld > 0 && c.Seen() == 0 {
			names = append(names, sprintf("%s's", c.Name))
		}
	}
	return names
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string, sprintf func(string, ...any) string) string {
	if len(names) == 1 {
		return names[0]
	}
	return sprintf("%s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
