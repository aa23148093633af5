package figures

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// singularEN returns the singular of an English plural noun and true, or
// false when the word does not look like a plural noun. Only plurals can
// head a count: "600 Russian companies" counts companies, while "2014
// crisis" or "18 Oktyabrskaya Street" count nothing.
func singularEN(raw, lw string) (string, bool) {
	if s, ok := lex.en.irregular[lw]; ok {
		return s, true
	}
	if lex.en.notPlural[lw] {
		return "", false
	}
	n := len(lw)
	if n <= 3 || lw[n-1] != 's' {
		return "", false
	}
	for _, suf := range []string{"ss", "us", "is", "'s", "\u2019s"} {
		if strings.HasSuffix(lw, suf) {
			return "", false
		}
	}
	// Title-case words in -as/-os are names (Texas, Barbados), not plurals.
	if titleCase(raw) && (strings.HasSuffix(lw, "as") || strings.HasSuffix(lw, "os")) {
		return "", false
	}
	switch {
	case strings.HasSuffix(lw, "ies") && n > 4:
		return lw[:n-3] + "y", true
	case strings.HasSuffix(lw, "sses"), strings.HasSuffix(lw, "xes"),
		strings.HasSuffix(lw, "ches"), strings.HasSuffix(lw, "shes"):
		return lw[:n-2], true
	}
	s := lw[:n-1]
	if t, ok := lex.en.irregular[s]; ok { // "tonnes" -> "tonne" -> "ton"
		return t, true
	}
	return s, true
}

// titleCase reports whether s is a capital letter followed by lower case.
func titleCase(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range s[size:] {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isCyrillic(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Cyrillic, r)
}

// ruStems maps the stem of each Russian lemma (the lemma without its final
// vowel or soft sign) to the lemma; ruRejectStems does the same for the
// rejected words, ruRejectExact holds the "x!" entries.
var ruStems, ruRejectStems, ruRejectExact = buildRuStems()

func buildRuStems() (lemmas, reject, exact map[string]string) {
	lemmas, reject, exact = map[string]string{}, map[string]string{}, map[string]string{}
	for _, l := range lex.ru.lemmas {
		lemmas[ruStem(l)] = l
	}
	for w := range lex.ru.reject {
		if e, ok := strings.CutSuffix(w, "!"); ok {
			exact[e] = e
			continue
		}
		reject[ruStem(w)] = w
		reject[w] = w
	}
	return lemmas, reject, exact
}

// ruStem drops one final vowel or soft sign: "страна" -> "стран",
// "область" -> "област", "регион" stays.
func ruStem(l string) string {
	r, size := utf8.DecodeLastRuneInString(l)
	if strings.ContainsRune("аяоеёьйыи", r) && len(l) > size {
		return l[:len(l)-size]
	}
	return l
}

// ruEnding reports whether s can be a Russian noun case ending: up to three
// letters from vowels, soft sign, й, м, х and в ("ами", "ов", "ей", "ях").
func ruEnding(s string) bool {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune("аяоеёыиуюьймхв", r) {
			return false
		}
		n++
	}
	return n <= 3
}

// ruMatch finds the stem in stems that w starts with, followed by a case
// ending, preferring the longest stem.
func ruMatch(stems map[string]string, w string) (string, bool) {
	for end := len(w); end > 0; {
		if l, ok := stems[w[:end]]; ok && ruEnding(w[end:]) && utf8.RuneCountInString(w[:end]) >= 2 {
			return l, true
		}
		_, size := utf8.DecodeLastRuneInString(w[:end])
		end -= size
		if len(w)-end > 8 { // endings are at most three letters (6 bytes)
			break
		}
	}
	return "", false
}

// ruRejected reports whether a Russian word is a duration, month, fraction
// or another word that makes a number not a figure ("лет", "марта").
func ruRejected(w string) bool {
	if _, ok := ruRejectExact[w]; ok {
		return true
	}
	_, ok := ruMatch(ruRejectStems, w)
	return ok
}

// ruAdjective reports whether a word has an adjective ending that agrees
// with a numeral: after "5", "500" or "2" adjectives are in the genitive
// or nominative plural, or oblique plural cases ("российских компаний",
// "новые соглашения", "двумя крупными городами").
func ruAdjective(w string) bool {
	for _, suf := range []string{"ых", "их", "ые", "ие", "ыми", "ими", "ым", "им"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// ruSingularAdj reports singular oblique adjective endings, which do not
// agree with a numeral above one.
func ruSingularAdj(w string) bool {
	for _, suf := range []string{"ого", "его", "ой", "ому", "ему"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// ruVerbLike reports endings of infinitives and reflexive verbs, which end
// the search for a counted noun.
func ruVerbLike(w string) bool {
	for _, suf := range []string{"ся", "сь", "ть"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// ruLemma returns the nominative singular of a Russian noun after a
// numeral: a listed lemma when the word is one of its forms, otherwise a
// guess from the case ending. After 2-4 a noun is genitive singular
// ("журналиста", "сферы"), after 5 and more genitive plural ("журналистов",
// "ферм", "пользователей"), after a preposition another plural case
// ("городами", "странах"). The guess may miss a fleeting vowel, but it
// keeps the stem, which is what names the noun.
func ruLemma(w string, value float64) string {
	if l, ok := ruMatch(ruStems, w); ok {
		return l
	}
	// After 21, 31, ... the noun is in the nominative singular already.
	if n := int64(value); float64(n) == value && n%10 == 1 && n%100 != 11 {
		return w
	}
	n := utf8.RuneCountInString(w)
	cut := func(suf string) (string, bool) {
		s, ok := strings.CutSuffix(w, suf)
		return s, ok && utf8.RuneCountInString(s) >= 3
	}
	lastIs := func(s, set string) bool {
		r, _ := utf8.DecodeLastRuneInString(s)
		return strings.ContainsRune(set, r)
	}
	for _, suf := range []string{"ами", "ями", "ах", "ях", "ам", "ям"} {
		if s, ok := cut(suf); ok {
			return s
		}
	}
	if s, ok := cut("ов"); ok {
		return s
	}
	if s, ok := cut("ев"); ok {
		if lastIs(s, "аеиоуюяэы") {
			return s + "й" // "случаев" -> "случай", "музеев" -> "музей"
		}
		return s
	}
	if s, ok := cut("ей"); ok {
		return s + "ь" // "пользователей" -> "пользователь"
	}
	if s, ok := cut("ий"); ok {
		// Neuter "-ие" nouns end their stems in "-ен", "-ан", "-ят", ...
		// ("соглашений", "мероприятий"); the others are feminine "-ия"
		// ("партий", "федераций", "технологий").
		for _, e := range []string{"ен", "ан", "ят", "ит", "ет", "ыт", "ов", "ев"} {
			if strings.HasSuffix(s, e) {
				return s + "ие"
			}
		}
		return s + "ия"
	}
	if s, ok := cut("ы"); ok {
		return s + "а" // "сферы" -> "сфера"
	}
	if s, ok := cut("и"); ok {
		switch {
		case lastIs(s, "гкхжчшщ"):
			return s + "а" // "книги" -> "книга"
		case lastIs(s, "и"):
			return s + "я" // "терапии" -> "терапия"
		}
		return s + "ь" // "мысли" -> "мысль"
	}
	if s, ok := cut("я"); ok {
		if lastIs(s, "и") {
			return s + "е" // "здания" -> "здание"
		}
		return s + "ь" // "пользователя" -> "пользователь"
	}
	if s, ok := cut("а"); ok {
		return s // "журналиста" -> "журналист"
	}
	// No ending: a genitive plural of a feminine noun ("ферм", "квартир"),
	// with a fleeting vowel before "к" ("заявок" -> "заявка").
	if n >= 4 && !lastIs(w, "аеёиоуыэюяйь") {
		for _, fl := range []string{"ок", "ек", "ёк"} {
			if s, ok := strings.CutSuffix(w, fl); ok && !lastIs(s, "аеёиоуыэюяйь") {
				return s + "ка"
			}
		}
		return w + "а"
	}
	return w
}
