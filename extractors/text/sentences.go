package text

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed abbrev.txt
var abbrevData string

// abbrevs holds the lower-case abbreviations (without the final dot) that do
// not end a sentence.
var abbrevs = loadList(abbrevData)

// loadList reads a one-item-a-line list, skipping blanks and # comments.
func loadList(data string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[line] = true
	}
	return m
}

// Sentences splits s into sentences and returns their byte spans, trimmed of
// surrounding white space. A line break always ends a sentence, because
// agency pages put headlines, captions and paragraphs on lines of their own.
// Inside a line, a sentence ends at ".", "!", "?" or "…" (with any closing
// quotes and brackets) followed by a space and a plausible sentence start,
// unless the dot belongs to an abbreviation, an initial or a number.
func Sentences(s string) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		a, b := trimSpan(s, start, end)
		if a < b {
			out = append(out, Span{Start: a, End: b})
		}
		start = end
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			emit(i)
			i += n
			start = i
			continue
		case r == '.' || r == '!' || r == '?' || r == '…':
			end := i + n
			// Absorb runs of terminators and closing quotes/brackets.
			for end < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[end:])
				if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || isCloser(r2) {
					end += n2
					continue
				}
				break
			}
			if boundaryAt(s, i, r, end) {
				emit(end)
			}
			i = end
			continue
		}
		i += n
	}
	emit(len(s))
	return out
}

// isCloser reports whether r closes a quotation or a bracket.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '“':
		return true
	}
	return false
}

// boundaryAt decides whether the terminator r at i, whose run ends at end,
// closes a sentence.
func boundaryAt(s string, i int, r rune, end int) bool {
	if end >= len(s) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[end:])
	if !unicode.IsSpace(next) {
		// "Dyumin.The official": agencies sometimes drop the space. Accept
		// only a long lower-case-ending word followed by a capitalized word.
		if r != '.' || end != i+1 {
			return false
		}
		prev := wordBefore(s, i)
		if utf8.RuneCountInString(prev) < 3 || !endsLower(prev) {
			return false
		}
		after := wordAt(s, end)
		return utf8.RuneCountInString(after) >= 2 && IsCapitalized(after) && !IsAllCaps(after)
	}
	if r != '.' {
		return startsSentence(s, end)
	}
	if end > i+1 {
		// "...". or .") – the dot is followed by closers; decide on the next word.
		return startsSentence(s, end)
	}
	prev := wordBefore(s, i)
	if prev == "" {
		return startsSentence(s, end)
	}
	lw := Fold(prev)
	if abbrevs[lw] || abbrevs[strings.TrimSuffix(lw, ".")] {
		return false
	}
	// Initials: "A. Lukashenko", "Д. А. Медведев", "U.S. officials".
	if isInitial(prev) || (strings.Contains(prev, ".") && utf8.RuneCountInString(prev) <= 6) {
		return false
	}
	return startsSentence(s, end)
}

// startsSentence reports whether the text after position i (past spaces)
// begins like a sentence: an upper-case letter, a digit, a quote or a dash.
func startsSentence(s string, i int) bool {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
		switch r {
		case '"', '“', '«', '\'', '‘', '(', '[', '—', '–', '-', '•', '*':
			return true
		}
		return unicode.IsLetter(r) && !unicode.IsLower(r)
	}
	return true
}

// wordBefore returns the word (letters, digits and inner dots) that ends at i.
func wordBefore(s string, i int) string {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if IsWordRune(r) || r == '.' || r == '-' {
			j -= n
			continue
		}
		break
	}
	return strings.TrimLeft(s[j:i], ".-")
}

// wordAt returns the run of word runes starting at i.
func wordAt(s string, i int) string {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !IsWordRune(r) {
			break
		}
		j += n
	}
	return s[i:j]
}

// endsLower reports whether w ends with a lower-case letter.
func endsLower(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return unicode.IsLower(r)
}

// trimSpan shrinks [a, b) to exclude surrounding white space.
func trimSpan(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}

// SentenceAt returns the index of the sentence in spans containing byte
// offset off, or -1.
func SentenceAt(spans []Span, off int) int {
	lo, hi := 0, len(spans)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case off < spans[m].Start:
			hi = m
		case off >= spans[m].End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}
