package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text with its byte span and the key it is
// matched by.
type Token struct {
	Key    string // normalized matching key (lower case, folded, stemmed for Cyrillic)
	Start  int    // byte offset of the first byte
	End    int    // byte offset after the last byte
	Upper  bool   // the word starts with an upper-case letter
	Caps   bool   // every letter is upper case (and there are at least two)
	Cyr    bool   // the word is written in Cyrillic
	Plural bool   // an English plural type word folded to its singular ("regions")
	Comma  bool   // a comma, semicolon or slash separates it from the previous token
	Break  bool   // a sentence or line break separates it from the previous token
	Hyphen bool   // only a hyphen separates it from the previous token ("по-русски")
	Poss   bool   // a possessive 's followed the word ("Russia's")
}

// englishFold maps English words to the form names are stored under: type
// words lose their plural so that "the Moscow and Rostov regions" can be
// matched name by name, and "St." reads as "Saint".
var englishFold = map[string]string{
	"st": "saint", "ste": "sainte",
	"regions": "region", "oblasts": "oblast", "krais": "krai", "krays": "krai", "kray": "krai",
	"territories": "territory", "republics": "republic", "provinces": "province",
	"states": "state", "prefectures": "prefecture", "okrugs": "okrug", "areas": "area",
	"districts": "district", "governorates": "governorate", "counties": "county",
	"aimags": "aimag", "aimaks": "aimag", "aimak": "aimag", "oblys": "oblast", "oblysy": "oblast",
	"viloyati": "region", "viloyat": "region", "oblasti": "oblast",
	// "the Minsk Regional Executive Committee", "Tver regional government":
	// the adjective names the region.
	"regional": "region",
}

// Fold lower-cases a word and strips Latin diacritics ("Bình" -> "binh");
// Cyrillic letters keep their identity except ё -> е.
func Fold(s string) string {
	ascii, lower := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return s
		}
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	ext := false // Latin letters beyond ASCII were seen
	for _, r := range s {
		switch {
		case r == 'ё' || r == 'Ё':
			b.WriteRune('е')
		case r < 0x80:
			b.WriteRune(unicode.ToLower(r))
		case r >= 0x400 && r <= 0x4FF:
			b.WriteRune(unicode.ToLower(r))
		case r < 0x250 || (r >= 0x1E00 && r <= 0x1EFF):
			ext = true
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		case unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	if !ext {
		return b.String()
	}
	// Letters NFD cannot split.
	return unsplittable.Replace(b.String())
}

var unsplittable = strings.NewReplacer("ı", "i", "ø", "o", "ł", "l", "đ", "d", "ß", "ss", "æ", "ae", "œ", "oe")

// KeyOf returns the matching key of one word.
func KeyOf(word string) string {
	f := Fold(word)
	if isCyrillic(word) {
		return Stem(f)
	}
	if m, ok := englishFold[f]; ok {
		return m
	}
	return f
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.Is(unicode.Cyrillic, r)
		}
	}
	return false
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokenize splits text into words. Hyphens, quotes and punctuation separate
// words ("Khanty-Mansi" is two); a possessive "'s" is dropped ("Russia's");
// dotted initials are one word ("U.S." -> "us"). It never fails: invalid
// UTF-8 bytes are treated as separators.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/6)
	comma, brk, hyph, gap := false, false, false, 0
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			switch {
			case r == ',' || r == ';' || r == '/':
				comma = true
			case r == '.' || r == '!' || r == '?' || r == '\n' || r == ':' || r == '|' || r == '•':
				brk = true
			case r == '-' || r == '‐':
				hyph = true
			}
			gap++
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			i += size
		}
		end := i
		word := text[start:end]
		// Dotted initials: U.S., U.K., U.S.A.
		if utf8.RuneCountInString(word) == 1 && unicode.IsUpper(r0(word)) && i < len(text) && text[i] == '.' {
			j := i
			letters := word
			for j < len(text) && text[j] == '.' {
				r2, s2 := utf8.DecodeRuneInString(text[j+1:])
				if !unicode.IsUpper(r2) || j+1+s2 < len(text) && isWordRune(r0(text[j+1+s2:])) {
					break
				}
				letters += string(r2)
				j += 1 + s2
			}
			if j > i {
				end = j
				if end < len(text) && text[end] == '.' {
					end++
				}
				i = end
				word = letters
			}
		}
		// Possessive 's: keep the word, skip the suffix.
		poss := false
		if i+1 < len(text) {
			if ar, as := utf8.DecodeRuneInString(text[i:]); isApostrophe(ar) && i+as < len(text) && (text[i+as] == 's' || text[i+as] == 'S') {
				k := i + as + 1
				if k >= len(text) || !isWordRune(r0(text[k:])) {
					i = k
					poss = true
				}
			}
		}
		if i < len(text) && text[i] == '$' {
			word += "$" // "US$", "NZ$": a currency, not a country
		}
		t := Token{Start: start, End: end, Comma: comma, Break: brk, Hyphen: hyph && gap == 1, Poss: poss}
		comma, brk, hyph, gap = false, false, false, 0
		first := r0(word)
		t.Upper = unicode.IsUpper(first)
		t.Cyr = unicode.Is(unicode.Cyrillic, first)
		t.Caps = capitals(word)
		f := Fold(word)
		switch {
		case t.Cyr:
			t.Key = Stem(f)
		default:
			if m, ok := englishFold[f]; ok {
				t.Plural = m != f && strings.HasSuffix(f, "s")
				f = m
			}
			t.Key = f
		}
		toks = append(toks, t)
	}
	return toks
}

// capitals reports a word of two or more letters, all upper case.
func capitals(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n > 1
}

func r0(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// ruEndings are Russian inflectional endings of adjectives and nouns,
// longest first. Stripping them maps every case form of a name to one key
// ("Пермского края", "в Пермском крае" -> "пермск кра").
var ruEndings = []string{
	"ыми", "ими", "ями", "ами", "ого", "его", "ому", "ему",
	"ой", "ей", "ая", "яя", "ую", "юю", "ое", "ее", "ий", "ый", "ым", "им", "ом", "ем",
	"ых", "их", "ые", "ие", "ов", "ев", "ам", "ям", "ах", "ях", "ью",
	"а", "я", "о", "е", "у", "ю", "ы", "и", "ь", "й",
}

// Stem strips one Russian inflectional ending from a lower-case word,
// keeping at least three letters. It is deliberately crude: names and text
// go through the same function, so only collisions between different
// words matter, and place names rarely collide.
func Stem(w string) string {
	n := utf8.RuneCountInString(w)
	for _, e := range ruEndings {
		if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 3 {
			return w[:len(w)-len(e)]
		}
	}
	return w
}

// Keys tokenizes a name and returns its word keys.
func Keys(name string) []string {
	toks := Tokenize(name)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Key
	}
	return out
}
