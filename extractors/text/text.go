// Package text holds the small text helpers the taggers share: a sentence
// splitter and a word tokenizer, both reporting byte offsets into the text
// they were given.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a [Start, End) range of byte offsets into a text.
type Span struct {
	Start int
	End   int
}

// Token is one word of a text: a run of letters and digits, with inner
// hyphens, apostrophes and dots kept when they join letters ("Sok-Son",
// "O'Neill", "Sh.Orgil" is split into "Sh." and "Orgil" by Tokens).
type Token struct {
	Text  string
	Start int
	End   int
}

// IsWordRune reports whether r can be part of a word.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// joiner reports whether r may join two word parts inside one token.
func joiner(r rune) bool {
	switch r {
	case '-', '\'', '’', '‑':
		return true
	}
	return false
}

// Tokens splits s into words and single punctuation marks, skipping spaces.
// A short capitalized word directly followed by a dot ("A.", "Sh.", "Д.")
// keeps its dot, so that initials can be told from sentence ends.
func Tokens(s string) []Token {
	out := make([]Token, 0, len(s)/6+1)
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || r == utf8.RuneError && n <= 1 && !utf8.FullRuneInString(s[i:]) {
			i += n
			continue
		}
		if r == utf8.RuneError && n == 1 {
			i++
			continue
		}
		if !IsWordRune(r) {
			out = append(out, Token{Text: s[i : i+n], Start: i, End: i + n})
			i += n
			continue
		}
		start := i
		j := i + n
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if IsWordRune(r2) {
				j += n2
				continue
			}
			if joiner(r2) && j+n2 < len(s) {
				r3, _ := utf8.DecodeRuneInString(s[j+n2:])
				if IsWordRune(r3) {
					j += n2
					continue
				}
			}
			break
		}
		// Keep the dot of an initial: one or two letters, first upper case.
		if j < len(s) && s[j] == '.' && isInitial(s[start:j]) {
			j++
		}
		out = append(out, Token{Text: s[start:j], Start: start, End: j})
		i = j
	}
	return out
}

// isInitial reports whether w (without dot) looks like a name initial: one or
// two letters, the first upper case ("A", "Sh", "Дж").
func isInitial(w string) bool {
	n := utf8.RuneCountInString(w)
	if n == 0 || n > 2 {
		return false
	}
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	if n == 2 {
		r2, _ := utf8.DecodeRuneInString(w[size:])
		return unicode.IsLower(r2)
	}
	return true
}

// IsInitial reports whether the token is an initial with its dot ("A.", "Sh.").
func IsInitial(tok string) bool {
	return strings.HasSuffix(tok, ".") && isInitial(tok[:len(tok)-1])
}

// IsCapitalized reports whether w starts with an upper-case letter.
func IsCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// IsAllCaps reports whether w has at least two letters and no lower-case one.
func IsAllCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// IsCyrillic reports whether w starts with a Cyrillic letter.
func IsCyrillic(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Cyrillic, r)
}

// Fold lower-cases s and maps typographic variants (ё, curly apostrophes,
// non-breaking hyphens) to plain ones, for dictionary look-ups.
func Fold(s string) string {
	s = strings.ToLower(s)
	if !strings.ContainsAny(s, "ё’‑") {
		return s
	}
	return foldReplacer.Replace(s)
}

var foldReplacer = strings.NewReplacer("ё", "е", "’", "'", "‑", "-")
