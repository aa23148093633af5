package figures

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseNumber parses a number as news text writes it: digits with English
// or Russian separators ("8,000", "1,5", "1 500", "0.5"), an optional scale
// ("2.6m", "5 bn", "1,5 млрд", "3 million") and number words ("two",
// "twenty-five", "три тысячи"). lang ("en", "ru" or "") decides what a lone
// comma means: a decimal comma in Russian ("1,5" = 1.5), a thousands
// separator in English when three digits follow ("8,000" = 8000). It
// reports false for anything else, dates such as "27.05.2024" included.
func ParseNumber(s, lang string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || !utf8.ValidString(s) {
		return 0, false
	}
	toks := tokenize(s, nil)
	if len(toks) == 0 {
		return 0, false
	}
	e, ok := parseExpr(s, toks, 0, lang)
	if !ok || e.next != len(toks) {
		return 0, false
	}
	return e.value, true
}

// expr is a parsed number expression: a number and its scale.
type expr struct {
	value  float64
	next   int  // index of the first token after the expression
	words  bool // spelled out in words ("two", "три")
	scaled bool // a scale word or abbreviation multiplied it
	frac   int  // digits after the decimal separator
	plain  bool // digits only, no separators ("2018")
	digits int  // number of digits in a plain number
}

// parseExpr parses the number expression starting at toks[i].
func parseExpr(text string, toks []token, i int, lang string) (expr, bool) {
	t := toks[i]
	var e expr
	switch t.kind {
	case tNum:
		raw := text[t.start:t.end]
		v, frac, ok := parseDigits(raw, lang)
		if !ok {
			return e, false
		}
		e.value, e.frac = v, frac
		e.plain = strings.IndexAny(raw, ".,") < 0 && isAllDigits(raw)
		if e.plain {
			e.digits = len(raw)
		}
		e.next = i + 1
		e.applyScale(text, toks, true)
	case tWord:
		v, next, ok := parseWords(toks, i)
		if !ok {
			return e, false
		}
		e.value, e.next, e.words = v, next, true
		e.applyScale(text, toks, false)
	default:
		return e, false
	}
	if math.IsInf(e.value, 0) || math.IsNaN(e.value) {
		return e, false
	}
	return e, true
}

// applyScale consumes a scale after the number: "million", "bn", "тыс.",
// and "m"/"k"/"b" only when attached to digits ("2.6m"), since a spaced
// "5 m" is as likely to be metres.
func (e *expr) applyScale(text string, toks []token, digits bool) {
	if e.next >= len(toks) {
		return
	}
	t := toks[e.next]
	// "$1.5-billion deal": a hyphen glued to both sides.
	hyphen := false
	if (t.low == "-" || t.low == "\u2010" || t.low == "\u2011") && !t.space && e.next+1 < len(toks) && !toks[e.next+1].space {
		t = toks[e.next+1]
		hyphen = true
	}
	if t.kind != tWord {
		return
	}
	nw, ok := lex.nums[t.low]
	if !ok || (nw.typ != 's' && nw.typ != 'a') {
		return
	}
	if nw.typ == 'a' {
		if !digits {
			return
		}
		if utf8.RuneCountInString(t.low) == 1 && t.space {
			return
		}
	}
	if e.words && nw.typ == 's' {
		return // parseWords already took its scales
	}
	if hyphen && nw.typ != 's' {
		return
	}
	e.value *= nw.value
	e.scaled = true
	e.next++
	if hyphen {
		e.next++
	}
	// "тыс." and "mln." carry a period that belongs to the abbreviation,
	// unless it also ends the sentence ("составил $50 млрд. Это ...").
	if nw.dot && e.next < len(toks) && toks[e.next].low == "." && !toks[e.next].space {
		if k := e.next + 1; k == len(toks) || (toks[k].kind != tNL && !(toks[k].kind == tWord && startsUpper(text[toks[k].start:toks[k].end]))) {
			e.next++
		}
	}
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// parseDigits parses digits with separators. Spaces (and no-break or thin
// spaces) between groups of three are thousands separators. With both "."
// and "," the last one is the decimal mark. A lone "," is decimal in
// Russian (unless ",000" follows), and in English unless exactly three
// digits follow. Several "."
// or "," must separate groups of three ("1.500.000"); otherwise (dates like
// "27.05.2024", versions) the text is not a number.
func parseDigits(raw, lang string) (v float64, frac int, ok bool) {
	// Fast path: plain digits, the common case (years, days, counts).
	if len(raw) <= 15 && isAllDigits(raw) {
		var n int64
		for i := 0; i < len(raw); i++ {
			n = n*10 + int64(raw[i]-'0')
		}
		return float64(n), 0, true
	}
	var b strings.Builder
	b.Grow(len(raw))
	var groups []string // digit runs between "." and ","
	var seps []byte
	start := 0
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case isDigit(c):
			i++
			continue
		case c == '.' || c == ',':
			groups = append(groups, raw[start:i])
			seps = append(seps, c)
			i++
			start = i
			continue
		case c == ' ':
			i++
			continue
		default:
			r, size := utf8.DecodeRuneInString(raw[i:])
			switch r {
			case '\u00a0', '\u202f', '\u2009', '\u2007':
				i += size
				continue
			}
			return 0, 0, false
		}
	}
	groups = append(groups, raw[start:])
	// Strip group spaces, checking that spaced groups are of three digits.
	for gi, g := range groups {
		if strings.ContainsAny(g, " \u00a0\u202f\u2009\u2007") {
			parts := strings.FieldsFunc(g, func(r rune) bool {
				return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u2007'
			})
			for pi, p := range parts {
				if !isAllDigits(p) || (pi > 0 && len(p) != 3) || (pi == 0 && len(p) > 3) {
					return 0, 0, false
				}
			}
			if len(parts) == 0 {
				return 0, 0, false
			}
			groups[gi] = strings.Join(parts, "")
		}
		if !isAllDigits(groups[gi]) {
			return 0, 0, false
		}
	}
	intPart, fracPart := "", ""
	switch len(seps) {
	case 0:
		intPart = groups[0]
	case 1:
		decimal := true
		if seps[0] == ',' && len(groups[1]) == 3 && len(groups[0]) <= 3 && groups[0] != "0" &&
			(lang != "ru" || groups[1] == "000") {
			// English "8,000"; in Russian only ",000", which no one
			// writes as a decimal fraction.
			decimal = false
		}
		if decimal {
			intPart, fracPart = groups[0], groups[1]
		} else {
			intPart = groups[0] + groups[1]
		}
	default:
		last := seps[len(seps)-1]
		allSame := true
		for _, s := range seps {
			if s != seps[0] {
				allSame = false
			}
		}
		n := len(groups)
		if allSame {
			// 1,500,000 or 1.500.000: all are thousands separators.
			if !threeGroups(groups) {
				return 0, 0, false
			}
			intPart = strings.Join(groups, "")
		} else {
			// 1,234,567.89 or 1.234.567,89: the last mark is decimal and
			// the others, all different from it, group thousands.
			for _, s := range seps[:len(seps)-1] {
				if s == last {
					return 0, 0, false
				}
			}
			if !threeGroups(groups[:n-1]) {
				return 0, 0, false
			}
			intPart = strings.Join(groups[:n-1], "")
			fracPart = groups[n-1]
		}
	}
	if intPart == "" {
		return 0, 0, false
	}
	b.WriteString(intPart)
	if fracPart != "" {
		b.WriteByte('.')
		b.WriteString(fracPart)
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		return 0, 0, false
	}
	return v, len(fracPart), true
}

// threeGroups reports whether digit groups look like thousands grouping:
// one to three digits, then groups of exactly three.
func threeGroups(groups []string) bool {
	if len(groups) == 0 || len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// parseWords parses spelled-out numbers starting at toks[i]: "two",
// "twenty-five", "one hundred and fifty", "two million", "три тысячи",
// "двести пятьдесят". It returns the value and the index after the last
// number word.
func parseWords(toks []token, i int) (float64, int, bool) {
	var total, cur float64
	last := byte(0) // type of the previous word
	n := i
	any := false
	for n < len(toks) {
		t := toks[n]
		if t.kind != tWord {
			break
		}
		if t.low == "and" && (last == 'x' || last == 's') && n+1 < len(toks) {
			if nw, ok := lex.nums[toks[n+1].low]; ok && (nw.typ == 'u' || nw.typ == 't') {
				n++
				continue
			}
			break
		}
		parts := []string{t.low}
		if strings.ContainsAny(t.low, "-\u2010\u2011") {
			parts = strings.FieldsFunc(t.low, func(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' })
		}
		ok := true
		nc, nt, nl := cur, total, last
		for _, p := range parts {
			nw, found := lex.nums[p]
			if !found {
				ok = false
				break
			}
			switch nw.typ {
			case 'u':
				if nl == 'u' || (nl == 't' && nw.value >= 10) {
					ok = false
				}
				nc += nw.value
			case 't':
				if nl == 'u' || nl == 't' {
					ok = false
				}
				nc += nw.value
			case 'h':
				if nl != 0 && nl != 's' {
					ok = false
				}
				nc += nw.value
			case 'x':
				if nl != 'u' || nc == 0 {
					ok = false
				}
				nc *= nw.value
			case 's':
				if nl == 's' {
					ok = false
				}
				if nc == 0 {
					// Russian "тысяча предприятий", "миллион тонн": the
					// scale word alone means one of it. English needs a
					// number before it ("thousands" is vague, not a figure).
					if isASCII(p) {
						ok = false
					}
					nc = 1
				}
				nt += nc * nw.value
				nc = 0
			default:
				ok = false
			}
			if !ok {
				break
			}
			nl = nw.typ
		}
		if !ok {
			break
		}
		cur, total, last = nc, nt, nl
		any = true
		n++
	}
	if !any {
		return 0, i, false
	}
	// A trailing "and" was not consumed: n points after the last number word.
	for n > i && toks[n-1].low == "and" {
		n--
	}
	return total + cur, n, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
