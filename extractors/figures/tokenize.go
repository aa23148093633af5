package figures

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord tokKind = iota // letters, with inner hyphens and apostrophes ("twenty-foot")
	tNum                 // digits with their separators ("8,000", "1 500", "2.6")
	tSym                 // any other single character ("$", "%", ".", "-")
	tNL                  // a line break: ends sentences and noun phrases
)

// token is one word, number or symbol of the text. Offsets are bytes.
type token struct {
	start, end int
	kind       tokKind
	space      bool   // whitespace (or the text start) precedes the token
	low        string // lower-cased text for words and symbols
}

// tokenize splits text into tokens, appending to buf. URLs and e-mail
// addresses are dropped whole, so that numbers inside them ("v102.ru",
// "news/10543.html") are never seen.
func tokenize(text string, buf []token) []token {
	low := lowerSameLen(text)
	toks := buf[:0]
	space := true
	i := 0
	for i < len(text) {
		c := text[i]
		// ASCII fast paths.
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				toks = append(toks, token{start: i, end: i + 1, kind: tNL, space: space})
				space = true
				i++
				continue
			case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				space = true
				i++
				continue
			case c >= '0' && c <= '9':
				end := scanNumber(text, i)
				toks = append(toks, token{start: i, end: end, kind: tNum, space: space})
				space = false
				i = end
				continue
			case isASCIILetter(c):
				if n := urlLen(text, i); n > 0 {
					i += n
					space = false
					continue
				}
				end := scanWord(text, i)
				toks = append(toks, token{start: i, end: end, kind: tWord, space: space, low: low[i:end]})
				space = false
				i = end
				continue
			default:
				toks = append(toks, token{start: i, end: i + 1, kind: tSym, space: space, low: text[i : i+1]})
				space = false
				i++
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			toks = append(toks, token{start: i, end: i + size, kind: tNL, space: space})
			space = true
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			space = true
		case unicode.IsLetter(r):
			end := scanWord(text, i)
			toks = append(toks, token{start: i, end: end, kind: tWord, space: space, low: low[i:end]})
			space = false
			i = end
			continue
		case unicode.IsDigit(r):
			// Non-ASCII digits are not parsed; treat them as a symbol so
			// that they break phrases without becoming figures.
			toks = append(toks, token{start: i, end: i + size, kind: tSym, space: space, low: text[i : i+size]})
			space = false
		default:
			toks = append(toks, token{start: i, end: i + size, kind: tSym, space: space, low: text[i : i+size]})
			space = false
		}
		i += size
	}
	return toks
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lowerSameLen lower-cases s rune by rune, keeping a rune as it is when
// its lower case has another UTF-8 length, so that byte offsets into the
// result are offsets into s. It allocates once, and not at all when s has
// no upper case.
func lowerSameLen(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is already in b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				b.WriteByte(c + 'a' - 'A')
				done = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
			if b.Cap() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[done:i])
			b.WriteRune(l)
			done = i + size
		}
		i += size
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// scanWord returns the end of the word starting at i: letters, and a
// hyphen or apostrophe between letters.
func scanWord(text string, i int) int {
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			i += size
			continue
		}
		if r == '-' || r == '\'' || r == '\u2019' || r == '\u2010' || r == '\u2011' {
			if j := i + size; j < len(text) {
				r2, _ := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) {
					i = j
					continue
				}
			}
		}
		break
	}
	return i
}

// scanNumber returns the end of the number starting at i: digits, with
// "." or "," between digit groups, and thousands groups split by a space
// or a no-break/thin space ("1 500 000") when the first group has at most
// three digits and each further group exactly three.
func scanNumber(text string, i int) int {
	start := i
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	first := i - start
	spaced := first <= 3
	punct := false
	for i < len(text) {
		c := text[i]
		if (c == '.' || c == ',') && i+1 < len(text) && isDigit(text[i+1]) {
			j := i + 1
			for j < len(text) && isDigit(text[j]) {
				j++
			}
			i = j
			punct = true
			continue
		}
		if spaced && !punct {
			if n := groupSpace(text, i); n > 0 {
				j := i + n
				k := j
				for k < len(text) && isDigit(text[k]) {
					k++
				}
				if k-j == 3 && (k == len(text) || !continuesNumber(text, k)) {
					i = k
					continue
				}
			}
		}
		break
	}
	return i
}

// continuesNumber reports whether the text at k goes on with more of a
// number ("1 500.5", "1 5000"), which makes a space grouping doubtful.
func continuesNumber(text string, k int) bool {
	c := text[k]
	if isDigit(c) {
		return true
	}
	return (c == '.' || c == ',') && k+1 < len(text) && isDigit(text[k+1])
}

// groupSpace returns the byte length of a thousands-separating space at i,
// or 0.
func groupSpace(text string, i int) int {
	if text[i] == ' ' {
		return 1
	}
	if text[i] < utf8.RuneSelf {
		return 0
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '\u00a0', '\u202f', '\u2009', '\u2007':
		return size
	}
	return 0
}

// urlLen returns the length of a URL or e-mail address starting at i, or 0.
func urlLen(text string, i int) int {
	if i > 0 {
		prev := text[i-1]
		if isASCIILetter(prev) || isDigit(prev) {
			return 0
		}
	}
	rest := text[i:]
	isURL := hasPrefixFold(rest, "http://") || hasPrefixFold(rest, "https://") || hasPrefixFold(rest, "www.")
	if !isURL {
		// an e-mail address: word@...
		j := 0
		for j < len(rest) && (isASCIILetter(rest[j]) || isDigit(rest[j]) || rest[j] == '.' || rest[j] == '_' || rest[j] == '-') {
			j++
		}
		if j == len(rest) || rest[j] != '@' {
			return 0
		}
	}
	j := 0
	for j < len(rest) {
		c := rest[j]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '"' || c == '<' || c == '>' || c == ')' {
			break
		}
		if c >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(rest[j:])
			if unicode.IsSpace(r) || r == '»' || r == '\u201d' {
				break
			}
		}
		j++
	}
	// A URL ends before trailing sentence punctuation.
	for j > 0 && strings.IndexByte(".,;:!?", rest[j-1]) >= 0 {
		j--
	}
	// Stay on a rune boundary.
	for j > 0 && j < len(rest) && !utf8.RuneStart(rest[j]) {
		j--
	}
	return j
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
