package guard_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-talks/parley/guard"
)

// TestSpans checks that matches point at the right bytes of statement and
// source, in English and in text full of multi-byte runes, combining marks
// and case differences.
func TestSpans(t *testing.T) {
	for _, tc := range []struct {
		name, source, quoteInSource, statement, quoteInStatement string
	}{
		{
			name:             "english",
			source:           "Preamble. The whole of the Donetsk region is ours by our constitution, and no document we sign can say otherwise. Then more text follows here.",
			quoteInSource:    "The whole of the Donetsk region is ours by our constitution, and no document we sign can say otherwise",
			statement:        "Good evening. As I said, THE WHOLE of the Donetsk region is ours by our constitution, and no document we sign can say otherwise! Thank you.",
			quoteInStatement: "THE WHOLE of the Donetsk region is ours by our constitution, and no document we sign can say otherwise",
		},
		{
			name:             "cyrillic",
			source:           "Записка. Американская сторона предложила совместное управление зоной на срок от трёх до пяти лет. Конец.",
			quoteInSource:    "Американская сторона предложила совместное управление зоной на срок от трёх до пяти лет",
			statement:        "Итак: «АМЕРИКАНСКАЯ сторона предложила совместное управление зоной на срок от трех до пяти лет», — сказал он.",
			quoteInStatement: "АМЕРИКАНСКАЯ сторона предложила совместное управление зоной на срок от трех до пяти лет",
		},
		{
			name:             "combining marks and ligatures",
			source:           "Note: the de\u0301le\u0301gation prefe\u0301re\u0300re a ﬁnal text on the Zaporizhzhia plant before any référendum takes place.",
			quoteInSource:    "de\u0301le\u0301gation prefe\u0301re\u0300re a ﬁnal text on the Zaporizhzhia plant before any référendum",
			statement:        "— Délégation préférère a final text on the Zaporizhzhia plant before any REFERENDUM, they said.",
			quoteInStatement: "Délégation préférère a final text on the Zaporizhzhia plant before any REFERENDUM",
		},
		{
			name:             "invisible characters, look-alikes and hyphenation in the statement",
			source:           "Preamble. The whole of the Donetsk region is ours by our constitution, and no document we sign can say otherwise. Then more text follows here.",
			quoteInSource:    "The whole of the Donetsk region is ours by our constitution, and no document we sign can say otherwise",
			statement:        "Good evening. As I said, \u200bТhе whоle\u00ad of the Do\u200bnetsk re-\ngion is ours by our consti\u00adtu\u2060tion, and no dоcument we sіgn can say other\u00ad\nwise\u200b! Thank you.",
			quoteInStatement: "Тhе whоle\u00ad of the Do\u200bnetsk re-\ngion is ours by our consti\u00adtu\u2060tion, and no dоcument we sіgn can say other\u00ad\nwise",
		},
		{
			name:             "invisible characters and look-alikes in the source",
			source:           "Записка. Амер\u00adиканская cтoрoнa предложила совместное управление зоной на срок от трёх до пяти лет.\u200b Конец.",
			quoteInSource:    "Амер\u00adиканская cтoрoнa предложила совместное управление зоной на срок от трёх до пяти лет",
			statement:        "Итак: «Американская сторона предложила совместное управление зоной на срок от трех до пяти лет», — сказал он.",
			quoteInStatement: "Американская сторона предложила совместное управление зоной на срок от трех до пяти лет",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := guard.NewIndex([]guard.Source{
				{ID: "other", Kind: "notes", Text: "Unrelated notes about the weather in Geneva and the coffee."},
				{ID: "src", Kind: "draft", Text: tc.source},
			}, guard.DefaultOptions())
			ms := ix.Check(tc.statement)
			if len(ms) != 1 {
				t.Fatalf("got %d matches %+v, want 1", len(ms), ms)
			}
			m := ms[0]
			if got := tc.statement[m.StatementSpan[0]:m.StatementSpan[1]]; got != tc.quoteInStatement {
				t.Errorf("statement passage %q, want %q", got, tc.quoteInStatement)
			}
			if got := tc.source[m.SourceSpan[0]:m.SourceSpan[1]]; got != tc.quoteInSource {
				t.Errorf("source passage %q, want %q", got, tc.quoteInSource)
			}
			if m.SourceID != "src" || m.SourceKind != "draft" {
				t.Errorf("source %s/%s, want src/draft", m.SourceID, m.SourceKind)
			}
			if m.Score != 1 {
				t.Errorf("score %v, want 1 for a verbatim quote", m.Score)
			}
			if m.Excerpt != tc.quoteInSource {
				t.Errorf("excerpt %q, want %q", m.Excerpt, tc.quoteInSource)
			}
		})
	}
}

// TestPassages checks that a statement quoting two distant parts of a
// source and a second source gets one match per passage, in statement
// order, and that unrelated text between them is not included.
func TestPassages(t *testing.T) {
	a := "The snapback clause is essential for Congress; without automatic restoration the package will not pass the Senate. " +
		strings.Repeat("Filler about procedure and schedules of the working groups. ", 20) +
		"We should not tell the Europeans yet that the first tranche may come before the ceasefire is verified."
	b := "He will not move on Donetsk: he said twice that he would rather take the rest of the region by force."
	ix := guard.NewIndex([]guard.Source{{ID: "a", Text: a}, {ID: "b", Text: b}}, guard.DefaultOptions())
	st := "First, the snapback clause is essential for Congress, without automatic restoration the package will not pass. " +
		"Weather was fine and the talks were long. " +
		"Second, he said twice that he would rather take the rest of the region by force. " +
		"Third, we should not tell the Europeans yet that the first tranche may come before the ceasefire."
	ms := ix.Check(st)
	var got []string
	for _, m := range ms {
		got = append(got, m.SourceID+": "+st[m.StatementSpan[0]:m.StatementSpan[1]])
	}
	want := []string{
		"a: the snapback clause is essential for Congress, without automatic restoration the package will not pass",
		"b: he said twice that he would rather take the rest of the region by force",
		"a: we should not tell the Europeans yet that the first tranche may come before the ceasefire",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPublic checks that a passage also found in a public source is not
// reported, while the rest of the confidential source still is.
func TestPublic(t *testing.T) {
	conf := "Say the conversation was constructive, useful and substantive, and territorial questions were the focus. " +
		"They are testing whether we would accept an interim joint administration for three to five years."
	pub := "The meeting was constructive, useful and substantive, and territorial questions were the focus."
	st1 := "The talks were constructive, useful and substantive, and territorial questions were the focus."
	st2 := "They are testing whether we would accept an interim joint administration for three to five years."
	without := guard.NewIndex([]guard.Source{{ID: "brief", Text: conf}}, guard.DefaultOptions())
	with := guard.NewIndex([]guard.Source{{ID: "brief", Text: conf}, {ID: "tass", Text: pub, Public: true}}, guard.DefaultOptions())
	if len(without.Check(st1)) == 0 {
		t.Fatalf("without public text: no match for %q", st1)
	}
	if ms := with.Check(st1); len(ms) != 0 {
		t.Errorf("with public text: got %+v, want no match", ms)
	}
	if ms := with.Check(st2); len(ms) != 1 || ms[0].SourceID != "brief" {
		t.Errorf("with public text: got %+v, want one match in brief", ms)
	}
	if ms := with.Check(pub); len(ms) != 0 {
		t.Errorf("a public source is never reported itself: got %+v", ms)
	}
}

// TestDeterministic checks that the result does not depend on map order
// or on the run.
func TestDeterministic(t *testing.T) {
	s := loadEval(t)
	ix := guard.NewIndex(s.Sources, guard.DefaultOptions())
	var all strings.Builder
	for _, st := range s.Statements {
		all.WriteString(st.Text + " ")
	}
	first := ix.Check(all.String())
	if len(first) < 20 {
		t.Fatalf("got %d matches for the concatenated statements, want many", len(first))
	}
	for range 20 {
		if got := guard.NewIndex(s.Sources, guard.DefaultOptions()).Check(all.String()); !reflect.DeepEqual(got, first) {
			t.Fatal("results differ between runs")
		}
	}
}

func TestEmpty(t *testing.T) {
	ix := guard.NewIndex(nil, guard.Options{})
	if ms := ix.Check("The meeting was constructive and useful."); ms != nil {
		t.Errorf("empty index: got %v, want nil", ms)
	}
	ix = guard.NewIndex([]guard.Source{{ID: "x", Text: ""}, {ID: "y", Text: "Work will continue at the expert level next week."}}, guard.Options{})
	for _, st := range []string{"", " ", "…", "Work"} {
		if ms := ix.Check(st); ms != nil {
			t.Errorf("Check(%q) = %v, want nil", st, ms)
		}
	}
}

// boundaries returns the offsets at which a rune starts, as a range over
// the string decodes it (an invalid byte is a rune of its own), and len(s).
func boundaries(s string) map[int]bool {
	b := map[int]bool{len(s): true}
	for i := range s {
		b[i] = true
	}
	return b
}

func checkSpans(t *testing.T, ix *guard.Index, sources map[string]string, statement string) {
	t.Helper()
	for _, m := range ix.Check(statement) {
		s, e := m.StatementSpan[0], m.StatementSpan[1]
		if sb := boundaries(statement); s < 0 || s >= e || e > len(statement) || !sb[s] || !sb[e] {
			t.Fatalf("statement span %v out of %d bytes or off a rune boundary in %q", m.StatementSpan, len(statement), statement)
		}
		src := sources[m.SourceID]
		s, e = m.SourceSpan[0], m.SourceSpan[1]
		if sb := boundaries(src); s < 0 || s >= e || e > len(src) || !sb[s] || !sb[e] {
			t.Fatalf("source span %v out of %d bytes or off a rune boundary", m.SourceSpan, len(src))
		}
		if m.Score <= 0 || m.Score > 1 || m.Fingerprints < 1 {
			t.Fatalf("score %v with %d fingerprints", m.Score, m.Fingerprints)
		}
	}
}

// FuzzCheck checks that Check never panics and returns spans inside the
// statement and the source, for any statement and any source text, in
// both units.
func FuzzCheck(f *testing.F) {
	f.Add("The whole of the Donetsk region is ours by our constitution.", "the whole of the Donetsk region is ours by our constitution", false)
	f.Add("Американская сторона предложила совместное управление зоной", "американская СТОРОНА предложила совместное управление", true)
	f.Add("cafe\u0301 ﬁnal Straße 600,000 \xff\xfe", "CAFÉ final strasse 600 000", false)
	f.Add("", "", true)
	f.Add("The whole of the Donetsk region is ours by our constitution.", "Тhе whоle\u00ad of the Do\u200bnetsk re-\ngion is ours\u2060 by our con\u200dstitution", false)
	f.Add("cтoрoнa предложила совместное управление", "Сторона\u00ad предло\u200bжила совместное упра-\nвление", true)
	f.Add("ΤΗΕ ΚΙΕV ｐｅａｃｅ 𝐩𝐥𝐚𝐧 ½ ⑴ \U000e0041\ufe0f\u3164", "the kiev peace plan 12 1 a-\u00ad\n\u00ad-b", false)
	f.Fuzz(func(t *testing.T, source, statement string, chars bool) {
		opts := guard.DefaultOptions()
		if chars {
			opts = guard.Options{Unit: guard.Chars, K: 5, W: 3, MinFingerprints: 1}
		}
		srcs := map[string]string{"s": source, "t": source + " " + statement}
		ix := guard.NewIndex([]guard.Source{{ID: "s", Text: source}, {ID: "t", Text: srcs["t"]}}, opts)
		checkSpans(t, ix, srcs, statement)
		checkSpans(t, ix, srcs, source)
	})
}

// benchSources returns about size bytes of source text in files of about
// 10 kB, made of sentences of the evaluation set's vocabulary in random
// order, so that words and short phrases repeat as in real material.
func benchSources(tb testing.TB, size int, wholeSentences bool) []guard.Source {
	tb.Helper()
	s := loadEval(tb)
	var sentences []string
	for _, src := range s.Sources {
		for _, sent := range strings.SplitAfter(src.Text, ". ") {
			sentences = append(sentences, sent)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	vocab := strings.Fields(strings.Join(sentences, " "))
	var out []guard.Source
	total := 0
	for total < size {
		var b strings.Builder
		for b.Len() < 10000 {
			if wholeSentences {
				b.WriteString(sentences[r.IntN(len(sentences))])
				b.WriteByte(' ')
				continue
			}
			// Shuffled words rather than whole sentences, so that the
			// text is not one long repeat of the set.
			for range 12 + r.IntN(20) {
				b.WriteString(vocab[r.IntN(len(vocab))])
				b.WriteByte(' ')
			}
			b.WriteString(". ")
		}
		out = append(out, guard.Source{ID: fmt.Sprint("s", len(out)), Kind: "notes", Text: b.String()})
		total += b.Len()
	}
	// One real source, so that the statement's quote is found.
	return append(out, s.Sources[2])
}

// benchStatement returns a statement of about 300 words with one quote of
// 20 words from the real source benchSources adds last.
func benchStatement() string {
	filler := "The meeting was long and the atmosphere was businesslike, and both delegations thanked their hosts for the arrangements. "
	quote := "The whole of the Donetsk region is ours by our constitution, and no document we sign can say otherwise. "
	var b strings.Builder
	for i := 0; len(strings.Fields(b.String())) < 290; i++ {
		if i == 6 {
			b.WriteString(quote)
		}
		b.WriteString(filler)
	}
	return b.String()
}

// BenchmarkCheck300WordsAgainst1MB checks a 300-word statement with one
// 20-word quote against 1 MB of sources.
func BenchmarkCheck300WordsAgainst1MB(b *testing.B) {
	benchCheck(b, false)
}

// BenchmarkCheck300WordsAgainst1MBRepetitive is the worst case: the 1 MB
// is made of whole sentences of the evaluation set's sources, so the
// quoted sentence occurs in nearly every one of the hundred sources and
// every fingerprint of the quote has hundreds of postings.
func BenchmarkCheck300WordsAgainst1MBRepetitive(b *testing.B) {
	benchCheck(b, true)
}

// BenchmarkCheck300WordsDisguised checks the statement of
// BenchmarkCheck300WordsAgainst1MB with every word disguised by Cyrillic or
// Greek look-alikes or invisible characters, so that nearly every word
// takes the slower, non-ASCII path of normalisation.
func BenchmarkCheck300WordsDisguised(b *testing.B) {
	srcs := benchSources(b, 1<<20, false)
	ix := guard.NewIndex(srcs, guard.DefaultOptions())
	var mixed transform
	for _, t := range transforms() {
		if strings.HasPrefix(t.name, "look-alikes and invisible characters mixed") {
			mixed = t
		}
	}
	st := mixed.apply(benchStatement(), rand.New(rand.NewPCG(1, 2)))
	b.ReportAllocs()
	for b.Loop() {
		ix.Check(st)
	}
}

func benchCheck(b *testing.B, repetitive bool) {
	srcs := benchSources(b, 1<<20, repetitive)
	ix := guard.NewIndex(srcs, guard.DefaultOptions())
	st := benchStatement()
	if n := len(strings.Fields(st)); n < 290 || n > 320 {
		b.Fatalf("statement of %d words, want about 300", n)
	}
	if ms := ix.Check(st); len(ms) == 0 {
		b.Fatal("the quote in the statement was not found")
	}
	b.ReportAllocs()
	for b.Loop() {
		ix.Check(st)
	}
}

func BenchmarkNewIndex1MB(b *testing.B) {
	srcs := benchSources(b, 1<<20, false)
	b.SetBytes(1 << 20)
	b.ReportAllocs()
	for b.Loop() {
		guard.NewIndex(srcs, guard.DefaultOptions())
	}
}

// ExampleIndex_Check shows a statement that quotes a confidential
// rationale after small edits.
func ExampleIndex_Check() {
	ix := guard.NewIndex([]guard.Source{{
		ID:   "rationale-ru-territory",
		Kind: "rationale",
		Text: "The whole of the Donetsk region is ours by our constitution, and no document we sign can say otherwise.",
	}}, guard.DefaultOptions())
	st := "Talks were useful. The whole of the Donetsk region is, of course, ours by our constitution, and no document we sign could ever say otherwise."
	for _, m := range ix.Check(st) {
		fmt.Printf("%s (%s), score %.2f\nstatement: %q\nsource:    %q\n", m.SourceID, m.SourceKind, m.Score,
			st[m.StatementSpan[0]:m.StatementSpan[1]], m.Excerpt)
	}
	// Output:
	// rationale-ru-territory (rationale), score 0.75
	// statement: "The whole of the Donetsk region is, of course, ours by our constitution, and no document we sign"
	// source:    "The whole of the Donetsk region is ours by our constitution, and no document we sign"
}

// BenchmarkCheckRepetitionAgainstRepetition is the worst case a delegate
// could type: a statement repeating one word 4,000 times against a source
// that does the same (quadratic before the index kept at most 32
// occurrences of a fingerprint per source).
func BenchmarkCheckRepetitionAgainstRepetition(b *testing.B) {
	ix := guard.NewIndex([]guard.Source{{ID: "s", Text: strings.Repeat("ceasefire ", 4000)}}, guard.DefaultOptions())
	statement := strings.Repeat("ceasefire ", 4000)
	for b.Loop() {
		ix.Check(statement)
	}
}
