package guard

import "strings"

// stopWords are English function words. With [Options.StopWords] they are
// left out of the word sequence, so that inserting or dropping "the", "will"
// or "has been" does not break the k-grams around them.
var stopWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`a an the and or but nor so yet of to in on at by for from with
		into onto upon about as than that this these those it its is are was were be been being
		am has have had having do does did will would shall should can could may might must
		not no there their they them he she his her we our us you your i me my which who whom
		whose what when where while if then also very just such any all each both either
		neither only own same too further more most other some`) {
		m[w] = true
	}
	return m
}()

// stem strips a few English inflections from an already folded word:
// plurals and third persons (-s, -es, -ies), past tenses (-ed, -ied) and
// participles (-ing), then final e's and a doubled final consonant, so
// that "agree", "agreed" and "agreeing" all give "agr" and "stopped" gives
// "stop". It is far lighter than Porter's stemmer and leaves irregular forms
// ("withdrew") alone; words in other scripts pass through unchanged.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && (strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied")):
		return w[:n-3] + "y"
	case n > 5 && strings.HasSuffix(w, "ing"):
		w = w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ed"):
		w = w[:n-2]
	case n > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") ||
		strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		w = w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	for len(w) > 3 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	if n := len(w); n > 3 && w[n-1] == w[n-2] && strings.IndexByte("bdgmnprt", w[n-1]) >= 0 {
		w = w[:n-1]
	}
	return w
}
