// Package analysis is Parley's negotiation-analysis engine: given an issue
// space and one linear additive preference profile per party, it computes
// the Pareto frontier of the packages, the zone of possible agreement, the
// classic bargaining solutions over it (Nash, Kalai–Smorodinsky, egalitarian,
// utilitarian), how contentious each issue is and which issue trades help
// every side, and the Adjusted Winner division of Brams and Taylor.
//
// The package is pure: it does no I/O and no logging. Readers for the GENIUS
// and GeniusWeb file formats and for Parley's own scenario files live in the
// packages under format/.
//
// # Utilities
//
// Utilities follow the GENIUS convention (genius.core.utility): a party's
// utility of a package is the sum over issues of the issue weight times the
// evaluation of the chosen option, where a discrete issue's evaluation is the
// option's evaluation divided by the largest evaluation of that issue
// (EvaluatorDiscrete), and an issue marked absolute (how GENIUS treats
// integer issues, EvaluatorInteger) uses its evaluations, already in [0, 1],
// as they are. Weights must be non-negative and are expected to sum to 1; if
// they do not (by more than 1e-6) [NewModel] normalises them and returns a
// warning rather than rejecting the profile, because published scenarios
// often round their weights.
//
// # Exact arithmetic
//
// Each float64 input (weight, evaluation, reservation value) is read as the
// shortest decimal that rounds to it, so 0.1 means exactly 1/10. Each
// party's per-issue contributions weight × evaluation are then exact
// rationals; when their common denominator L is below 2^61 the engine works
// in integer multiples of 1/L, so sums are exact, equal utilities compare
// equal and the frontier is exact. Otherwise (long decimal weights, for
// instance) each contribution is rounded to the nearest multiple of 2^-56,
// about 1.4e-17, and utilities are the exact sums of the rounded
// contributions; ties are then exact in those units. Either way the
// frontier, the package counts and the zone of possible agreement are exact
// for the utilities the engine defines, and reported utilities are within
// a few units of 1e-16 of the real ones.
//
// # Frontier
//
// [Model.Frontier] never enumerates the outcome space. It merges issue by
// issue, keeping only the non-dominated partial packages: a partial package
// that is dominated stays dominated whatever options complete it. For two
// parties each merge step is a sort-based sweep, O(mn log mn) for n partial
// packages and m options; for three parties a sweep in lexicographic order
// with a Fenwick tree over the second utility, O(mn log mn). For four or
// more parties, a candidate s+o_j (partial package s, option j) is dominated
// iff some s'+o_j' with j' ≠ j is at least as large everywhere and differs
// from it (the partial packages are mutually non-dominated), so each step
// builds a k-d tree over the n partial packages, keeping per node the
// largest value of each utility and of their sum, and asks it for every
// candidate and every other option j' whether it holds such an s' ≥
// s+o_j−o_j'; with more than eight options it builds the tree over all mn
// candidates instead and asks once per candidate. The survivors are merged
// back into lexicographic order run by run. Options that another option of
// the same issue dominates are dropped first, and big steps split their
// queries, which only read the tree, between goroutines. Partial packages
// with the same utility vector are merged and their package counts added, so
// every frontier point carries the exact number of packages that share its
// utility vector; the package it shows is the first of them compared option
// by option from the last issue to the first.
//
// The merge adds issues with more options first (a step costs the frontier
// so far times the options) and, for four or more parties, among issues
// with as many options those whose options differ least first, so that the
// issues that spread the frontier most come last.
//
// With ε > 0 the frontier is an additive ε-Pareto set: for every package u
// there is a returned point p with p_i ≥ u_i − ε for every party i (utilities
// in [0, 1]). See [Model.EpsilonFrontier].
//
// For many parties, where even the ε-Pareto set is too large to read,
// [Options.MaxPoints] bounds the frontier to evenly spread points and
// reports the coverage reached in [Analysis.Coverage]: the same guarantee
// as ε, with the ε the bound cost. Every analysis runs under a memory
// limit ([Options.MemoryLimit], [DefaultMemoryLimit]) and stops with
// [ErrTooLarge] before passing it. See [Model.AnalyzeWith].
package analysis
