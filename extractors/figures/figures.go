// Package figures tags the quantities a news article reports: sums of money
// (normalized value and ISO 4217 currency), percentages, and counts of
// things ("over 8,000 enterprises", "12 соглашений"), in English and
// Russian.
//
// A number is a figure only when something tells what it measures: a
// currency, a percent sign or word, or a counted noun. Dates, years, times,
// ordinals, durations, phone numbers, page counters and vague amounts
// ("thousands") are left alone. The knowledge (currency forms, number and
// scale words, nouns to accept or reject) lives in the embedded data/
// files; the code holds only general rules.
package figures

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tieline/tieline/pipeline"
)

// Find returns the figures in text, in text order, with Start and End byte
// offsets into text and Text the words as written. lang is "en", "ru" or ""
// to decide by the script of the text; it only settles what a lone comma
// in a number means, since both languages' words are always recognized.
// Find is pure and safe for concurrent use.
func Find(text, lang string) []pipeline.Figure {
	if lang != "en" && lang != "ru" {
		lang = detectLang(text)
	}
	bp := tokenPool.Get().(*[]token)
	m := matcher{text: text, lang: lang, toks: tokenize(text, (*bp)[:0])}
	out := m.run()
	yenOrYuan(text, out)
	clear(m.toks) // drop references to text before pooling
	*bp = m.toks[:0]
	tokenPool.Put(bp)
	return out
}

// yenOrYuan re-reads the "¥" sign, written for both the Japanese yen and
// the Chinese yuan, as CNY when the text is about China rather than Japan
// (currencies.txt maps it to JPY).
func yenOrYuan(text string, figs []pipeline.Figure) {
	idx := -1
	for i, f := range figs {
		if f.Unit == "JPY" && strings.Contains(f.Text, "¥") {
			idx = i
			break
		}
	}
	if idx < 0 {
		return
	}
	china, japan := 0, 0
	for _, w := range chinaWords {
		china += strings.Count(text, w)
	}
	for _, w := range japanWords {
		japan += strings.Count(text, w)
	}
	if china <= japan {
		return
	}
	for i := idx; i < len(figs); i++ {
		if figs[i].Unit == "JPY" && strings.Contains(figs[i].Text, "¥") {
			figs[i].Unit = "CNY"
		}
	}
}

// Word stems that tell which country's "¥" an article means.
var (
	chinaWords = []string{"China", "Chinese", "yuan", "RMB", "renminbi", "Beijing", "Китай", "Китая", "китайск", "юан"}
	japanWords = []string{"Japan", "yen", "Tokyo", "Япони", "японск", "иен", "йен"}
)

// tokenPool recycles token slices between calls.
var tokenPool = sync.Pool{New: func() any {
	s := make([]token, 0, 4096)
	return &s
}}

// detectLang returns "ru" when Cyrillic letters outnumber Latin ones.
func detectLang(text string) string {
	cyr, lat := 0, 0
	for i, r := range text {
		if i > 8192 {
			break
		}
		switch {
		case r < utf8.RuneSelf:
			if isASCIILetter(byte(r)) {
				lat++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		}
	}
	if cyr > lat {
		return "ru"
	}
	return "en"
}

type matcher struct {
	text string
	lang string
	toks []token
	out  []pipeline.Figure
	// the token range of the last figure, for "13 of them" and "and 3"
	lastKind string
	lastUnit string
	lastEnd  int
	floor    int // first token after the last figure: figures never overlap
}

// headStatus says what the search for a counted noun found.
type headStatus uint8

const (
	headNone     headStatus = iota // no noun: the number counts nothing
	headFound                      // a counted noun
	headRejected                   // a duration, month, "times", ...: not a figure at all
)

func (m *matcher) run() []pipeline.Figure {
	for i := 0; i < len(m.toks); {
		if !m.canStart(i) {
			i++
			continue
		}
		next := m.figureAt(i)
		if next <= i {
			next = i + 1
		}
		i = next
	}
	return m.out
}

// canStart reports whether a number expression may start at toks[i].
func (m *matcher) canStart(i int) bool {
	t := m.toks[i]
	switch t.kind {
	case tNum:
		return true
	case tWord:
		w := t.low
		if j := indexHyphen(w); j > 0 {
			w = w[:j]
		}
		nw, ok := lex.nums[w]
		if !ok {
			return false
		}
		if nw.typ == 's' {
			return m.ruScaleAlone(i, w)
		}
		return nw.typ == 'u' || nw.typ == 't' || nw.typ == 'h'
	}
	return false
}

// ruScaleAlone reports whether a Russian scale word with no number before
// it means one of it: the singular "тысяча", "миллион", "тысячу", or the
// genitive singular after a qualifier ("более тысячи", "около миллиона").
// Plural forms ("тысячи демонстрантов", "миллионов людей") are vague, like
// English "thousands", and English scale words never stand alone.
func (m *matcher) ruScaleAlone(i int, w string) bool {
	switch w {
	case "тысяча", "тысячу", "миллион", "миллиард", "триллион":
		return true
	case "тысячи", "миллиона", "миллиарда", "триллиона":
		return m.approxBefore(i) < i
	}
	return false
}

func indexHyphen(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			return i
		}
	}
	return -1
}

// figureAt tries to read a figure whose number starts at toks[i]. It
// appends the figure, if any, and returns the index to go on from.
func (m *matcher) figureAt(i int) int {
	lang := m.numLang(i)
	e, ok := parseExpr(m.text, m.toks, i, lang)
	if !ok {
		return i + 1
	}
	if !m.contextOK(i, e) {
		return e.next
	}
	j := e.next
	start := m.approxBefore(i)
	approx := start < i

	// Percent: "70%", "70 per cent", "на 85%", "85 процентов".
	if k, ok := m.percentAt(j); ok {
		m.emit(pipeline.KindPercent, e.value, "percent", start, k, true)
		return k
	}

	// Money: a currency before ("$0.5 billion", "RUB 31 billion") or after
	// ("2.8 billion rubles", "163 млн долл.").
	preTok, preCode, preIsCode := m.currencyBefore(i)
	postEnd, postCode, postIsCode := m.currencyAt(j)
	if preCode != "" || postCode != "" {
		code, end := preCode, j
		if preCode == "" || postCode == preCode {
			if postCode != "" {
				code, end = postCode, postEnd
			}
		}
		// Exchange-rate widgets ("USD 3.2580") give rates to four places
		// and are followed by more numbers; real sums are not.
		if !e.scaled && (e.frac >= 3 || ((preIsCode || postIsCode) && m.numberFollows(end))) {
			return end
		}
		if preCode != "" {
			start = m.approxBefore(preTok)
		}
		if e.value <= 0 || m.rateContext(start, end) {
			return end
		}
		m.emit(pipeline.KindMoney, e.value, code, start, end, true)
		return end
	}

	// Measures written as abbreviations: "500 тыс. т", "10 km".
	if k, unit, ok := m.measureAt(j); ok && e.value > 0 && !m.yearLike(e, approx) {
		m.emit(pipeline.KindCount, e.value, unit, start, k, false)
		return k
	}

	// Counts: a counted noun after the number, skipping modifiers.
	head, unit, st := m.headAt(j, e.value)
	switch st {
	case headRejected:
		return j
	case headFound:
		if !m.countOK(i, e, approx, unit) {
			return head + 1
		}
		m.emit(pipeline.KindCount, e.value, unit, start, head+1, false)
		return head + 1
	}

	// "76 of the 89 regions": the number counts what the next one counts.
	if unit, ok := m.partOf(j, e, approx); ok {
		m.emit(pipeline.KindCount, e.value, unit, start, j, false)
		return j
	}

	// A bare number can still count what an earlier figure counted:
	// "43 Russian regions. 13 of them ..., and 3 at the level of ...".
	if unit, ok := m.elliptic(i, j, e, approx); ok {
		m.emit(pipeline.KindCount, e.value, unit, start, j, false)
	}
	return j
}

// numLang picks the language that decides a lone comma: the script of the
// word after the number, else the document's language.
func (m *matcher) numLang(i int) string {
	for k := i + 1; k < len(m.toks) && k <= i+2; k++ {
		t := m.toks[k]
		if t.kind == tWord {
			if isCyrillic(t.low) {
				return "ru"
			}
			if isASCIILetter(t.low[0]) {
				return "en"
			}
			break
		}
		if t.kind == tNL {
			break
		}
	}
	return m.lang
}

// contextOK rejects numbers whose surroundings show they are not
// quantities: part of a code or name ("S-400", "H1", "COVID-19"), a range
// or phone number ("16-17", "+375-17-..."), a time ("9:16"), a date
// ("28/01/18"), an ordinal ("13th", "75-летию"), a numbered item ("№ 5"),
// or a spelled-out number that refers back ("the two countries").
func (m *matcher) contextOK(i int, e expr) bool {
	t := m.toks[i]
	if i > 0 {
		p := m.toks[i-1]
		if t.kind == tWord && p.kind == tWord && (lex.en.determ[p.low] || lex.ru.determ[p.low]) {
			return false
		}
		if t.kind == tNum {
			// "Article 5", "статьи 283", "No. 3", "д. 5": labels.
			if lex.en.label[p.low] || lex.ru.label[p.low] {
				return false
			}
			if p.low == "." && i >= 2 && (lex.en.label[m.toks[i-2].low] || lex.ru.label[m.toks[i-2].low]) {
				return false
			}
			switch p.low {
			case "#", "№", "_", "=", "^", "\\", "@", "&":
				return false
			case "no", "nr", "no.", "тел", "tel", "fax", "phone":
				return false
			}
			if !t.space {
				// "H1", "v102", "COVID19" are names; "Br12 million" is money.
				if (p.kind == tWord && !m.isPreCurrency(i-1)) || p.kind == tNum {
					return false
				}
				switch p.low {
				case ".", ",", "/", ":", "-", "\u2013", "\u2010", "\u2011", "\u2212":
					if p.low == "-" || p.low == "\u2212" {
						// a minus sign is fine; a hyphen joining to
						// something before it is not
						if i >= 2 && !p.space && m.toks[i-2].kind != tNL {
							return false
						}
						break
					}
					if p.low == "\u2013" && (p.space || i < 2) {
						break
					}
					return false
				}
			}
			if p.low == "." && i >= 2 && (m.toks[i-2].low == "no" || m.toks[i-2].low == "nr") {
				return false
			}
		}
	}
	// What is attached right after the number itself (before any scale).
	if t.kind == tNum && i+1 < len(m.toks) {
		n := m.toks[i+1]
		if !n.space {
			switch n.kind {
			case tWord:
				// Only a scale, currency or measure may be glued to digits
				// ("2.6m", "5bn"); "13th", "2nd", "5G" are not figures.
				if _, ok := lex.nums[n.low]; !ok {
					if _, ok := lex.currencies[n.low]; !ok {
						if _, ok := lex.en.measure[n.low]; !ok {
							if _, ok := lex.ru.measure[n.low]; !ok {
								return false
							}
						}
					}
				}
			case tSym:
				if i+2 < len(m.toks) {
					a := m.toks[i+2]
					attached := !a.space && (a.kind == tWord || a.kind == tNum)
					switch n.low {
					case "-", "\u2010", "\u2011", "\u2013":
						// "75-летию", "16-17", "three-day" are not figures,
						// "50-percent" and "$1.5-billion" are.
						if attached && !(a.kind == tWord && (isPercentWord(a.low) || isScaleWord(a.low))) {
							return false
						}
					case ":", "/", "\\":
						if !a.space && a.kind == tNum {
							return false
						}
					case ".", ",":
						if !a.space && a.kind == tWord {
							return false // "5.a", a numbered item
						}
					}
				}
			}
		}
	}
	return true
}

// rateContext reports an exchange rate around toks[from:to]: "USD 1 =
// RUB 90.5", "3.25 BYN per dollar", "90 рублей за доллар".
func (m *matcher) rateContext(from, to int) bool {
	if m.is(to, "=") || (from > 0 && m.toks[from-1].low == "=") {
		return true
	}
	if m.is(to, "per") || m.is(to, "за") || m.is(to, "/") {
		if k := to + 1; k < len(m.toks) {
			if m.is(k, "1") || m.is(k, "one") || m.is(k, "один") || m.is(k, "a") {
				k++
			}
			if _, code, _ := m.currencyAt(k); code != "" {
				return true
			}
			if k < len(m.toks) {
				if cs, ok := lex.currencies[m.toks[k].low]; ok && len(cs) > 0 {
					return true
				}
				switch m.toks[k].low {
				case "dollar", "euro", "ruble", "rouble", "yuan", "доллар", "евро", "рубль", "юань":
					return true
				}
			}
		}
	}
	return false
}

// isPreCurrency reports whether toks[k] is a currency written before a
// number ("Br", "RUB").
func (m *matcher) isPreCurrency(k int) bool {
	for _, c := range lex.currencies[m.toks[k].low] {
		if c.pre && len(c.toks) == 1 && m.matchCurrency(c, k) {
			return true
		}
	}
	return false
}

func isPercentWord(w string) bool {
	return w == "percent" || w == "per-cent" || w == "pct" || w == "pc"
}

func isScaleWord(w string) bool {
	nw, ok := lex.nums[w]
	return ok && nw.typ == 's'
}

// yearLike reports a plain four-digit number that reads as a year ("in
// 2021", "2014 crisis") and no qualifier ("over 2000") says otherwise.
func (m *matcher) yearLike(e expr, approx bool) bool {
	return e.plain && e.digits == 4 && e.value >= 1800 && e.value <= 2100 && !approx
}

// countOK applies the rules for counts: a whole number above one (a lone
// "one" or "1 region" is rarely a reported quantity), not a year, and not
// "two" with a noun naming the parties of the story ("two countries",
// "двух стран").
func (m *matcher) countOK(i int, e expr, approx bool, unit string) bool {
	if e.value < 2 || (!e.scaled && e.value != float64(int64(e.value))) {
		return false
	}
	if m.yearLike(e, approx) {
		return false
	}
	// Seven or more digits with no grouping are identifiers, not counts.
	if e.plain && e.digits >= 7 {
		return false
	}
	if e.words && e.value == 2 && (lex.en.party[unit] || lex.ru.party[unit]) {
		return false
	}
	return true
}

// percentAt matches a percent sign or word at toks[j] and returns the
// index after it.
func (m *matcher) percentAt(j int) (int, bool) {
	if j >= len(m.toks) {
		return 0, false
	}
	t := m.toks[j]
	// "a 50-percent stake"
	if (t.low == "-" || t.low == "\u2010" || t.low == "\u2011") && !t.space && j+1 < len(m.toks) &&
		!m.toks[j+1].space && isPercentWord(m.toks[j+1].low) {
		return j + 2, true
	}
	switch t.low {
	case "%", "\uff05", "\u066a":
		return j + 1, true
	case "pc":
		if t.space {
			return 0, false // "5 pc" is as often "pieces"
		}
		return j + 1, true
	case "percent", "per-cent", "pct", "percents":
		if t.low == "pct" && m.is(j+1, ".") && !m.toks[j+1].space {
			return j + 2, true
		}
		return j + 1, true
	case "per":
		if m.is(j+1, "cent") {
			return j + 2, true
		}
	case "percentage":
		if m.is(j+1, "point") || m.is(j+1, "points") {
			return j + 2, true
		}
	case "проц":
		if m.is(j+1, ".") && !m.toks[j+1].space {
			return j + 2, true
		}
		return j + 1, true
	}
	if t.kind == tWord && len(t.low) > len("процент")-1 && t.low[:len("процент")] == "процент" {
		if j+1 < len(m.toks) && len(m.toks[j+1].low) >= len("пункт") && m.toks[j+1].low[:len("пункт")] == "пункт" {
			return j + 2, true
		}
		return j + 1, true
	}
	return 0, false
}

func (m *matcher) is(k int, low string) bool {
	return k < len(m.toks) && m.toks[k].low == low
}

// matchCurrency reports whether the currency form c matches the tokens
// starting at k.
func (m *matcher) matchCurrency(c currency, k int) bool {
	if k+len(c.toks) > len(m.toks) {
		return false
	}
	for n, want := range c.toks {
		t := m.toks[k+n]
		if t.kind == tNL || t.low != want {
			return false
		}
		if n > 0 && t.kind == tSym && t.space {
			return false // "U.S. dollars": the periods are attached
		}
		// Codes and short abbreviations are matched with their case:
		// "RUB" and "Br" are currencies, "rub" and "br" are not.
		if c.caseSensitive[n] && m.text[t.start:t.end] != c.raw[n] {
			return false
		}
	}
	return true
}

// currencyBefore finds a currency form ending right before toks[i]; it
// returns the form's first token, its code, and whether it is an ISO code.
func (m *matcher) currencyBefore(i int) (int, string, bool) {
	for L := 3; L >= 1; L-- {
		k := i - L
		if k < m.floor {
			continue
		}
		for _, c := range lex.currencies[m.toks[k].low] {
			if !c.pre || len(c.toks) != L || !m.matchCurrency(c, k) {
				continue
			}
			return k, c.code, c.isCode
		}
	}
	return 0, "", false
}

// currencyAt finds a currency form starting at toks[j]; it returns the
// index after it, its code, and whether it is an ISO code.
func (m *matcher) currencyAt(j int) (int, string, bool) {
	if j >= len(m.toks) {
		return 0, "", false
	}
	for _, c := range lex.currencies[m.toks[j].low] {
		if c.post && m.matchCurrency(c, j) {
			return j + len(c.toks), c.code, c.isCode
		}
	}
	return 0, "", false
}

// numberFollows reports a number right after toks[k-1] (a rate table).
func (m *matcher) numberFollows(k int) bool {
	if k < len(m.toks) {
		t := m.toks[k]
		return t.kind == tNum || t.low == "+" || t.low == "-" || t.low == "\u2212" || t.low == "\u25b2" || t.low == "\u25bc"
	}
	return false
}

// measureAt matches a measurement abbreviation ("km", "sq km", "т", "кв.
// м") at toks[j].
func (m *matcher) measureAt(j int) (int, string, bool) {
	if j >= len(m.toks) || m.toks[j].kind != tWord {
		return 0, "", false
	}
	for _, words := range []langWords{lex.en, lex.ru} {
		for _, alt := range words.measure[m.toks[j].low] {
			abbr, unit := splitAlt(alt)
			n := 0
			ok := true
			for _, w := range abbr {
				k := j + n
				if k >= len(m.toks) || m.toks[k].low != w || m.toks[k].kind == tNL {
					ok = false
					break
				}
				n++
			}
			if !ok {
				continue
			}
			// An abbreviation must end there: "т.е." and "km/h" are not.
			if k := j + n; k < len(m.toks) && !m.toks[k].space {
				if m.toks[k].kind == tWord || m.toks[k].kind == tNum || m.toks[k].low == "/" {
					continue
				}
				if m.toks[k].low == "." && k+1 < len(m.toks) && !m.toks[k+1].space && m.toks[k+1].kind == tWord {
					continue
				}
			}
			return j + n, unit, true
		}
	}
	return 0, "", false
}

func splitAlt(alt string) ([]string, string) {
	for i := 0; i < len(alt); i++ {
		if alt[i] == '|' {
			return splitSpaces(alt[:i]), alt[i+1:]
		}
	}
	return nil, alt
}

func splitSpaces(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// headAt looks for the counted noun of a number whose expression ends
// before toks[j].
func (m *matcher) headAt(j int, value float64) (int, string, headStatus) {
	if j >= len(m.toks) || m.toks[j].kind != tWord {
		return -1, "", headNone
	}
	if isCyrillic(m.toks[j].low) {
		return m.ruHead(j, value)
	}
	return m.enHead(j)
}

// enHead finds the English counted noun: the first plural noun after the
// number, past up to four modifiers ("8,000 Belarusian and Russian
// enterprises", "160 distribution chain entities", "131 twenty-foot
// containers"). A stop word, a punctuation mark or a month before it means
// the number counts nothing said here; a rejected word (a duration,
// "times") means it is no figure at all.
func (m *matcher) enHead(j int) (int, string, headStatus) {
	mods := 0
	for k := j; k < len(m.toks) && k < j+6; k++ {
		t := m.toks[k]
		if t.kind != tWord {
			return -1, "", headNone
		}
		lw := t.low
		if lex.en.reject[lw] {
			return -1, "", headRejected
		}
		if lex.en.stop[lw] {
			return -1, "", headNone
		}
		if lw == "and" || lw == "or" {
			if mods == 0 {
				return -1, "", headNone
			}
			continue
		}
		if _, isNum := lex.nums[lw]; isNum && k > j {
			return -1, "", headNone
		}
		raw := m.text[t.start:t.end]
		sing, ok := singularEN(raw, lw)
		// An invariant plural ("staff", "aircraft") followed by another
		// noun is its modifier: "10 staff members".
		if ok && sing == lw && k+1 < len(m.toks) && m.toks[k+1].kind == tWord && !lex.en.stop[m.toks[k+1].low] &&
			m.toks[k+1].low != "and" && m.toks[k+1].low != "or" {
			ok = false
		}
		if ok {
			if lex.en.reject[sing] {
				return -1, "", headRejected
			}
			if k > j && lex.en.unitPref[m.toks[k-1].low] {
				sing = m.toks[k-1].low + " " + sing
			}
			return k, sing, headFound
		}
		mods++
		if mods > 3 {
			return -1, "", headNone
		}
	}
	return -1, "", headNone
}

// ruHead finds the Russian counted noun: up to three agreeing adjectives
// ("500 российских компаний"), then the noun, reduced to its nominative
// singular ("соглашений" -> "соглашение", "городами" -> "город").
func (m *matcher) ruHead(j int, value float64) (int, string, headStatus) {
	mods := 0
	for k := j; k < len(m.toks) && k < j+4; k++ {
		t := m.toks[k]
		if t.kind != tWord || !isCyrillic(t.low) {
			return -1, "", headNone
		}
		lw := t.low
		if lex.ru.stop[lw] {
			return -1, "", headNone
		}
		if ruRejected(lw) {
			return -1, "", headRejected
		}
		if l, ok := lex.ru.irregular[lw]; ok {
			return k, l, headFound
		}
		if l, ok := ruMatch(ruStems, lw); ok {
			return k, l, headFound
		}
		// A singular adjective or an adverb cannot agree with a count:
		// "283 уголовного кодекса" is an article number, "9 больше" and
		// "3 миллионов ежедневно" count nothing.
		if ruSingularAdj(lw) || strings.HasSuffix(lw, "о") {
			return -1, "", headNone
		}
		if ruAdjective(lw) && mods < 3 {
			mods++
			continue
		}
		if ruVerbLike(lw) || startsUpper(m.text[t.start:t.end]) {
			return -1, "", headNone
		}
		if _, isNum := lex.nums[lw]; isNum {
			return -1, "", headNone
		}
		return k, ruLemma(lw, value), headFound
	}
	return -1, "", headNone
}

// elliptic gives a bare number the unit of the count just before it when
// the text refers back to it: "13 of them", "13 из них", or "... and 3 at
// the level of prime ministers" right after such a count in the same
// sentence.
func (m *matcher) elliptic(i, j int, e expr, approx bool) (string, bool) {
	if m.lastKind != pipeline.KindCount || e.value < 2 || e.scaled || e.value != float64(int64(e.value)) || m.yearLike(e, approx) {
		return "", false
	}
	if e.value > 1e6 {
		return "", false
	}
	// "из них 30", "of which 30", "among them 5".
	if i >= 2 {
		a, b := m.toks[i-2].low, m.toks[i-1].low
		if (a == "из" && (b == "них" || b == "которых")) || ((a == "of" || a == "among") && (b == "them" || b == "which" || b == "these")) {
			if m.sameParagraph(i) {
				return m.lastUnit, true
			}
			return "", false
		}
	}
	// "13 of them" / "13 из них": same paragraph as the count.
	if (m.is(j, "of") && (m.is(j+1, "them") || m.is(j+1, "these") || m.is(j+1, "those") || m.is(j+1, "which"))) ||
		(m.is(j, "из") && (m.is(j+1, "них") || m.is(j+1, "которых"))) {
		if m.sameParagraph(i) {
			return m.lastUnit, true
		}
		return "", false
	}
	// "and 3 at the level of ...": right after a conjunction that follows
	// a word (not "7 and 8"), in the sentence of the last count, with no
	// noun of its own.
	if i < 2 {
		return "", false
	}
	c := m.toks[i-1].low
	if c != "and" && c != "while" && c != "и" && c != "а" && c != "," {
		return "", false
	}
	if b := m.toks[i-2]; b.kind != tWord || m.canStart(i-2) {
		return "", false
	}
	if j < len(m.toks) {
		n := m.toks[j]
		if n.kind == tWord && !lex.en.stop[n.low] && !lex.ru.stop[n.low] {
			return "", false
		}
		if n.kind == tSym && n.low != "," && n.low != "." && n.low != ";" && n.low != ")" {
			return "", false
		}
	}
	for k := i - 1; k >= 0 && m.toks[k].end > m.lastEnd; k-- {
		switch m.toks[k].low {
		case ".", "!", "?", ";", "\n":
			return "", false
		}
		if m.toks[k].kind == tNL {
			return "", false
		}
	}
	return m.lastUnit, true
}

// partOf returns the counted noun of a whole that a bare number is a part
// of: "76 of the 89 Russian regions", "15 of 40 projects".
func (m *matcher) partOf(j int, e expr, approx bool) (string, bool) {
	if !m.is(j, "of") || e.scaled || e.value < 2 || e.value != float64(int64(e.value)) || m.yearLike(e, approx) {
		return "", false
	}
	k := j + 1
	if m.is(k, "the") || m.is(k, "all") {
		k++
	}
	if k >= len(m.toks) || m.toks[k].kind != tNum {
		return "", false
	}
	whole, ok := parseExpr(m.text, m.toks, k, m.numLang(k))
	if !ok || whole.value <= e.value {
		return "", false
	}
	if _, unit, st := m.headAt(whole.next, whole.value); st == headFound {
		return unit, true
	}
	return "", false
}

// sameParagraph reports whether no line break separates toks[i] from the
// last figure.
func (m *matcher) sameParagraph(i int) bool {
	for k := i - 1; k >= 0 && m.toks[k].end > m.lastEnd; k-- {
		if m.toks[k].kind == tNL {
			return false
		}
	}
	return true
}

// approxBefore extends a figure back over a qualifier ("over", "more
// than", "около") and returns the first token of the figure.
func (m *matcher) approxBefore(i int) int {
	best := i
	for _, words := range []langWords{lex.en, lex.ru} {
		for _, p := range words.approx {
			k := i - len(p)
			if k < m.floor || k >= best {
				continue
			}
			ok := true
			for n, w := range p {
				if t := m.toks[k+n]; t.low != w || t.kind != tWord {
					ok = false
					break
				}
			}
			if ok {
				best = k
			}
		}
	}
	return best
}

// emit appends a figure over toks[from:to].
func (m *matcher) emit(kind string, value float64, unit string, from, to int, subject bool) {
	f := pipeline.Figure{
		Kind:  kind,
		Value: value,
		Unit:  unit,
		Start: m.toks[from].start,
		End:   m.toks[to-1].end,
	}
	f.Text = m.text[f.Start:f.End]
	if subject {
		f.Subject = m.subject(from, to)
	}
	m.out = append(m.out, f)
	m.lastKind, m.lastUnit, m.lastEnd = kind, unit, f.End
	m.floor = to
}

// subject finds what a money or percent figure measures from a word near
// it in its sentence: first just after it ("$0.5 billion in trade"), then
// before it ("trade turnover ... reached 1 million USD").
func (m *matcher) subject(from, to int) string {
	// After the figure only through a preposition: "$0.5 billion in
	// trade", "$2bn of exports"; "..., while imports" is another clause.
	if to < len(m.toks) {
		switch m.toks[to].low {
		case "in", "of", "for", "on", "в", "по", "на":
			for k := to + 1; k < len(m.toks) && k < to+4; k++ {
				if m.boundary(k) || m.toks[k].kind != tWord {
					break
				}
				if s := subjectOf(m.toks[k].low); s != "" {
					return s
				}
			}
		}
	}
	for k := from - 1; k >= 0 && k >= from-20; k-- {
		if m.boundary(k) {
			break
		}
		if s := subjectOf(m.toks[k].low); s != "" {
			return s
		}
	}
	return ""
}

func (m *matcher) boundary(k int) bool {
	t := m.toks[k]
	if t.kind == tNL {
		return true
	}
	switch t.low {
	case "!", "?", ";":
		return true
	case ".":
		// An abbreviation's period ("млн.", "U.S.") is not a boundary.
		return k+1 < len(m.toks) && m.toks[k+1].space && m.toks[k+1].kind == tWord && startsUpper(m.text[m.toks[k+1].start:m.toks[k+1].end])
	}
	return false
}

func subjectOf(w string) string {
	if s, ok := lex.subjects[w]; ok {
		return s
	}
	for _, p := range lex.subjPrefix {
		if len(w) >= len(p.prefix) && w[:len(p.prefix)] == p.prefix {
			return p.subject
		}
	}
	return ""
}
