// Package places tags the countries (ISO 3166-1) and first-level regions
// (ISO 3166-2) an article names, in English and Russian: by name, alias,
// rule variant ("Perm Territory", "Пермского края"), coordinated form ("the
// Moscow, Rostov and Ulyanovsk regions") or country adjective ("Belarusian
// enterprises"), after disambiguation (Moscow vs Moscow Oblast, Georgia the
// country vs the US state, "in Russian" the language).
package places

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/extractors/gazetteer"
	"github.com/tieline/tieline/pipeline"
)

// FormCoordinated marks a region named inside a coordinated list whose
// type word is shared ("Rostov" in "the Rostov and Ulyanovsk regions").
const FormCoordinated = "coordinated"

// Tagger finds places in text. It is immutable and safe for concurrent use.
type Tagger struct {
	g *gazetteer.Gazetteer
}

// New loads the embedded gazetteer and builds a tagger.
func New() (*Tagger, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	return &Tagger{g: g}, nil
}

var shared = sync.OnceValues(New)

// Default returns a tagger shared by the whole process, built on first use.
func Default() (*Tagger, error) { return shared() }

// CountryName returns the English short name of an ISO 3166-1 code.
func (t *Tagger) CountryName(code string) (string, bool) {
	p, ok := t.g.Place(code)
	if !ok || p.Type != "country" {
		return "", false
	}
	return p.Name, true
}

// RegionName returns the English name of an ISO 3166-2 code.
func (t *Tagger) RegionName(code string) (string, bool) {
	p, ok := t.g.Place(code)
	if !ok || p.Type == "country" {
		return "", false
	}
	return p.Name, true
}

// Countries aggregates the country mentions of ps to one entry per code,
// in order of first mention. Regions do not add their country: the
// annotation rules count a country only when the text names it.
func (t *Tagger) Countries(ps []extractors.Place) []pipeline.Country {
	var out []pipeline.Country
	idx := map[string]int{}
	for _, p := range ps {
		if p.IsRegion {
			continue
		}
		i, ok := idx[p.Code]
		if !ok {
			name, _ := t.CountryName(p.Code)
			i = len(out)
			idx[p.Code] = i
			out = append(out, pipeline.Country{Code: p.Code, Name: name})
		}
		out[i].Mentions++
		out[i].Spans = append(out[i].Spans, pipeline.Span{Start: p.Start, End: p.End})
	}
	return out
}

// Regions aggregates the region mentions of ps to one entry per code, in
// order of first mention.
func (t *Tagger) Regions(ps []extractors.Place) []pipeline.Region {
	var out []pipeline.Region
	idx := map[string]int{}
	for _, p := range ps {
		if !p.IsRegion {
			continue
		}
		i, ok := idx[p.Code]
		if !ok {
			name, _ := t.RegionName(p.Code)
			i = len(out)
			idx[p.Code] = i
			out = append(out, pipeline.Region{Code: p.Code, Name: name, Country: p.Country})
		}
		out[i].Mentions++
		out[i].Spans = append(out[i].Spans, pipeline.Span{Start: p.Start, End: p.End})
	}
	return out
}

// hit is a candidate mention over tokens [from, to).
type hit struct {
	from, to int
	ents     []gazetteer.Entry
	form     string // overrides the entry form (coordinated)
	stemOnly bool
	surface  string // folded words of the hit, for Russian stemming collisions
	typed    bool   // a bare region name after its type word ("провинции Хэйлунцзян", "state of Utah")
}

// Find returns every place mention in text after disambiguation, in text
// order, with byte offsets. lang is "en", "ru" or "" (both are tried; the
// dictionary keys are script-specific).
func (t *Tagger) Find(text, lang string) []extractors.Place {
	toks := gazetteer.Tokenize(text)
	hits := t.scan(text, toks)
	hits = t.coordinate(toks, hits)
	hits = promoteStems(toks, hits)
	hits = t.resolve(hits)
	out := make([]extractors.Place, 0, len(hits))
	for _, h := range hits {
		e := h.ents[0]
		form := e.Form
		if h.form != "" {
			form = h.form
		}
		name := e.Code
		if p, ok := t.g.Place(e.Code); ok {
			name = p.Name
		}
		s, en := toks[h.from].Start, toks[h.to-1].End
		out = append(out, extractors.Place{
			Code: e.Code, Country: e.Country, IsRegion: e.IsRegion, Name: name,
			Form: form, Text: text[s:en], Start: s, End: en,
		})
	}
	return out
}

// scan finds the longest valid name at each position, left to right.
func (t *Tagger) scan(text string, toks []gazetteer.Token) []hit {
	var hits []hit
	for i := 0; i < len(toks); {
		ms := t.g.MatchesAt(toks, i)
		found := false
		for k := len(ms) - 1; k >= 0; k-- {
			var valid []gazetteer.Entry
			block, stem := false, false
			for _, e := range ms[k].Entries {
				if !validAt(text, toks, i, ms[k].N, e) {
					continue
				}
				if e.Form == gazetteer.FormBlock {
					block = true
					break
				}
				valid = append(valid, e)
			}
			if block {
				i += ms[k].N
				found = true
				break
			}
			if len(valid) == 0 {
				continue
			}
			// A bare city stem only counts inside a list of regions.
			var full []gazetteer.Entry
			for _, e := range valid {
				if !e.StemOnly {
					full = append(full, e)
				}
			}
			if len(full) == 0 {
				stem = true
				full = valid
			}
			h := hit{from: i, to: i + ms[k].N, ents: full, stemOnly: stem, typed: typeBefore(toks, i)}
			if len(full) > 1 && full[0].Lang == "ru" {
				h.surface = surface(text, toks[i:i+ms[k].N])
			}
			hits = append(hits, h)
			i += ms[k].N
			found = true
			break
		}
		if !found {
			i++
		}
	}
	return hits
}

// surface folds the words of toks as the data spells names: lower case,
// separated by single spaces, hyphens kept.
func surface(text string, toks []gazetteer.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			if t.Hyphen {
				b.WriteByte('-')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(gazetteer.Fold(text[t.Start:t.End]))
	}
	return b.String()
}

// typeBefore reports a region type word right before token i: "провинции
// Хэйлунцзян", "штат Аляска", "the state of Utah".
func typeBefore(toks []gazetteer.Token, i int) bool {
	if i == 0 || toks[i].Break || toks[i].Comma {
		return false
	}
	p := toks[i-1]
	if p.Key == "of" && i >= 2 && !p.Break && !p.Comma {
		p = toks[i-2]
	}
	return gazetteer.IsTypeWord(p.Key)
}

var languageNext = map[string]bool{"language": true, "languages": true, "speaking": true, "speaker": true, "speakers": true, "translation": true, "subtitles": true, "язык": true, "языц": true}

// validAt checks the spelling context of one candidate.
func validAt(text string, toks []gazetteer.Token, i, n int, e gazetteer.Entry) bool {
	first := toks[i]
	if e.Short && utf8.RuneCountInString(surface(text, toks[i:i+n])) < utf8.RuneCountInString(e.Surface) {
		return false // "Сан-Франциско" is not "Сана"
	}
	switch {
	case e.Caps:
		if !first.Caps {
			return false
		}
	case e.Form == gazetteer.FormAdjective || e.Form == gazetteer.FormDemonym:
		if e.Lang == "en" && !first.Upper {
			return false
		}
	case e.Form == gazetteer.FormBlock:
	default:
		if !first.Upper {
			return false
		}
		// An all-capitals short word is an acronym ("URI", "BAR"), not a
		// place written in capitals, unless the name is itself one.
		if first.Caps && n == 1 && first.End-first.Start <= 3 && !first.Cyr {
			return false
		}
	}
	if e.Form == gazetteer.FormAdjective {
		if isLanguage(toks, i, n) {
			return false
		}
	}
	if e.Person && personContext(toks, i, n) {
		return false
	}
	if !e.IsRegion && e.Form != gazetteer.FormAdjective && e.Form != gazetteer.FormDemonym && i+n < len(toks) && currencyNext[toks[i+n].Key] && !toks[i+n].Break && !toks[i+n].Comma {
		return false // "48 million US dollars": the currency, not the state
	}
	return true
}

// currencyNext are currency words that make a preceding country name part
// of the currency's name ("US dollars", "Singapore dollar").
var currencyNext = map[string]bool{"dollar": true, "dollars": true}

// isLanguage reports "in Russian", "Russian-language", "по-русски",
// "на русском языке": the language, not the country.
func isLanguage(toks []gazetteer.Token, i, n int) bool {
	j := i + n
	if j < len(toks) && !toks[j].Break && !toks[j].Comma && languageNext[toks[j].Key] {
		return true
	}
	if i > 0 && toks[i].Hyphen && toks[i-1].Key == "по" {
		return true
	}
	if i > 0 && !toks[i].Break && !toks[i].Comma {
		switch toks[i-1].Key {
		case "in", "into", "from", "to":
			if j >= len(toks) || toks[j].Break || toks[j].Comma || toks[j].Key == "and" || toks[j].Key == "or" {
				return true
			}
		}
	}
	return false
}

// personContext reports a capitalized word glued to the name on either
// side, as in a personal name ("Chad Smith", "Michael Jordan").
func personContext(toks []gazetteer.Token, i, n int) bool {
	if i > 0 && !toks[i].Break && !toks[i].Comma && !toks[i].Hyphen && toks[i-1].Upper && !toks[i-1].Caps {
		return true
	}
	j := i + n
	if j < len(toks) && !toks[j-1].Poss && !toks[j].Break && !toks[j].Comma && !toks[j].Hyphen && toks[j].Upper && !toks[j].Caps && !roleWords[toks[j].Key] {
		return true
	}
	return false
}

// roleWords may follow a country name without making it a personal name
// ("Jordan King Abdullah", "Chad President").
var roleWords = map[string]bool{
	"king": true, "queen": true, "president": true, "prime": true, "premier": true, "minister": true,
	"foreign": true, "ambassador": true, "embassy": true, "government": true, "parliament": true,
	"governor": true, "state": true, "republic": true, "national": true, "army": true, "central": true,
}

// sepBefore reports whether token k is separated from token k-1 by a list
// separator (comma) and returns the index of the last token of the item
// before it, skipping a conjunction ("and", "и", ", and").
func sepBefore(toks []gazetteer.Token, k int) (int, bool) {
	if k <= 0 {
		return 0, false
	}
	prev := k - 1
	if toks[prev].Key == "and" || toks[prev].Key == "и" || toks[prev].Key == "&" {
		if toks[k].Break || toks[prev].Break {
			return 0, false
		}
		return prev - 1, prev-1 >= 0
	}
	if toks[k].Comma && !toks[k].Break {
		return prev, true
	}
	return 0, false
}

// coordinate finds the regions that share the type word of a following
// region: "the Moscow, Rostov and Ulyanovsk regions", "Московской и
// Ленинградской областей", and "the regions of Tomsk and Omsk".
func (t *Tagger) coordinate(toks []gazetteer.Token, hits []hit) []hit {
	var added []hit
	for _, h := range hits {
		last := toks[h.to-1]
		if h.stemOnly || !h.ents[0].IsRegion || h.ents[0].Type == "" || h.ents[0].Type != last.Key {
			continue
		}
		if !last.Cyr && !last.Plural {
			continue
		}
		k := h.from
		for {
			end, ok := sepBefore(toks, k)
			if !ok {
				break
			}
			from, ents := t.itemEndingAt(toks, end, last.Key)
			if ents == nil {
				break
			}
			added = append(added, hit{from: from, to: end + 1, ents: ents, form: FormCoordinated})
			k = from
		}
	}
	// Forward: "the regions of Tomsk and Omsk"; singular "the province of
	// Bursa" names one region.
	for i := 0; i+2 < len(toks); i++ {
		if toks[i+1].Key != "of" || toks[i+1].Break || toks[i+1].Comma || toks[i+2].Break || toks[i+2].Comma {
			continue
		}
		single := !toks[i].Plural
		if single && (!gazetteer.IsTypeWord(toks[i].Key) || covered(hits, i) || covered(hits, i+2)) {
			continue // "Republic of Tatarstan" is already one name
		}
		typ := toks[i].Key
		k := i + 2
		for k < len(toks) {
			to, ents := t.itemStartingAt(toks, k, typ)
			if ents == nil {
				break
			}
			added = append(added, hit{from: k, to: to, ents: ents, form: FormCoordinated})
			if to >= len(toks) || single {
				break
			}
			switch {
			case toks[to].Key == "and" && to+1 < len(toks) && !toks[to+1].Break:
				k = to + 1
			case toks[to].Comma && !toks[to].Break:
				k = to
				if toks[k].Key == "and" {
					k++
				}
			default:
				k = len(toks)
			}
		}
	}
	if len(added) == 0 {
		return hits
	}
	return merge(hits, added)
}

// covered reports whether token i lies inside one of the sorted hits (a
// bare city stem does not count).
func covered(hits []hit, i int) bool {
	k := sort.Search(len(hits), func(k int) bool { return hits[k].to > i })
	return k < len(hits) && hits[k].from <= i && !hits[k].stemOnly
}

// itemEndingAt looks for a region stem of up to four words ending at token
// end that forms a region name with the type word typ.
func (t *Tagger) itemEndingAt(toks []gazetteer.Token, end int, typ string) (int, []gazetteer.Entry) {
	for l := min(4, end+1); l >= 1; l-- {
		from := end - l + 1
		if !toks[from].Upper || crosses(toks, from, end) {
			continue
		}
		if ents := regionsOnly(t.g.Lookup(append(keys(toks[from:end+1]), typ))); ents != nil {
			return from, ents
		}
	}
	return 0, nil
}

func (t *Tagger) itemStartingAt(toks []gazetteer.Token, from int, typ string) (int, []gazetteer.Entry) {
	if !toks[from].Upper {
		return 0, nil
	}
	for l := min(4, len(toks)-from); l >= 1; l-- {
		if crosses(toks, from, from+l-1) {
			continue
		}
		if ents := regionsOnly(t.g.Lookup(append(keys(toks[from:from+l]), typ))); ents != nil {
			return from + l, ents
		}
	}
	return 0, nil
}

// crosses reports a separator inside tokens [from, to].
func crosses(toks []gazetteer.Token, from, to int) bool {
	for k := from + 1; k <= to; k++ {
		if toks[k].Comma || toks[k].Break {
			return true
		}
	}
	return false
}

func keys(toks []gazetteer.Token) []string {
	out := make([]string, len(toks), len(toks)+1)
	for i, t := range toks {
		out[i] = t.Key
	}
	return out
}

func regionsOnly(ents []gazetteer.Entry) []gazetteer.Entry {
	var out []gazetteer.Entry
	for _, e := range ents {
		if e.IsRegion && !e.StemOnly && e.Form != gazetteer.FormBlock {
			out = append(out, e)
		}
	}
	return out
}

// merge replaces the hits that overlap the added ones. Both lists come
// sorted by position except added, which is small.
func merge(hits, added []hit) []hit {
	slices.SortFunc(added, func(a, b hit) int { return a.from - b.from })
	added = slices.CompactFunc(added, func(a, b hit) bool { return a.from == b.from && a.to == b.to })
	out := make([]hit, 0, len(hits)+len(added))
	j := 0
	for _, h := range hits {
		for j < len(added) && added[j].from < h.to {
			if added[j].to <= h.from || len(out) == 0 || out[len(out)-1].to <= added[j].from {
				out = append(out, added[j])
			}
			j++
		}
		if len(out) > 0 && out[len(out)-1].to > h.from {
			continue // overlaps an added item
		}
		overlap := false
		for k := j; k < len(added) && added[k].from < h.to; k++ {
			overlap = true
		}
		if !overlap {
			out = append(out, h)
		}
	}
	return append(out, added[j:]...)
}

// promoteStems keeps a bare city stem ("Irkutsk") as its region when it
// stands in a list of at least two regions ("Moscow Oblast, Irkutsk, Tula
// Oblast"); elsewhere it is the city and is dropped.
func promoteStems(toks []gazetteer.Token, hits []hit) []hit {
	byEnd := map[int]int{}
	byStart := map[int]int{}
	for i, h := range hits {
		byEnd[h.to-1] = i
		byStart[h.from] = i
	}
	// Cities that are regions (Moscow) do not make a list one of regions:
	// "Moscow, Omsk and Tomsk" are cities.
	isRegion := func(h hit) bool { return !h.stemOnly && h.ents[0].IsRegion && !h.ents[0].City }
	var out []hit
	for i, h := range hits {
		if !h.stemOnly {
			out = append(out, h)
			continue
		}
		n := 0
		// Walk left through the list.
		for k, steps := h.from, 0; steps < 4; steps++ {
			end, ok := sepBefore(toks, k)
			if !ok {
				break
			}
			j, ok := byEnd[end]
			if !ok {
				break
			}
			if isRegion(hits[j]) {
				n++
			} else if !hits[j].stemOnly {
				break
			}
			k = hits[j].from
		}
		// Walk right.
		for k, steps := i, 0; steps < 4; steps++ {
			next := hits[k].to
			if next >= len(toks) {
				break
			}
			if toks[next].Key == "and" || toks[next].Key == "и" {
				next++
			} else if !toks[next].Comma {
				break
			} else if next < len(toks) && toks[next].Key == "and" {
				next++
			}
			j, ok := byStart[next]
			if !ok || (next < len(toks) && toks[next].Break) {
				break
			}
			if isRegion(hits[j]) {
				n++
			} else if !hits[j].stemOnly {
				break
			}
			k = j
		}
		if n >= 2 {
			h.stemOnly = false
			h.form = FormCoordinated
			out = append(out, h)
		}
	}
	return out
}

// resolve picks one entry per hit. Ambiguous names (Georgia: GE or US-GA;
// a province name shared by two countries) go to the country the rest of
// the text is about; names still ambiguous are dropped.
func (t *Tagger) resolve(hits []hit) []hit {
	score := map[string]int{}
	for _, h := range hits {
		if len(h.ents) == 1 {
			score[h.ents[0].Country]++
		}
	}
	// Country context: the country named, or one of its regions named
	// with its type word ("Jilin Province", "Sverdlovsk Oblast").
	context := map[string]bool{}
	for _, h := range hits {
		for _, e := range h.ents {
			if !e.IsRegion || (!e.Bare && !h.stemOnly && h.form == "") || h.typed {
				context[e.Country] = true
			}
		}
	}
	out := hits[:0]
	for _, h := range hits {
		reviewed := slices.ContainsFunc(h.ents, func(e gazetteer.Entry) bool { return e.Form == gazetteer.FormAlias })
		if len(h.ents) > 1 && h.ents[0].Lang == "ru" {
			h.ents = bySurface(h.ents, h.surface)
		}
		if len(h.ents) > 1 {
			h.ents = pick(h.ents, score)
			if h.ents == nil {
				continue
			}
		}
		if e := h.ents[0]; e.IsRegion && e.Bare && !e.City && !reviewed && !h.typed && !homeCountry[e.Country] && !context[e.Country] {
			// A bare foreign region name ("Wellington", "Miranda", "Bar")
			// is far more often a city, a person or a word unless the
			// text is about its country.
			continue
		}
		out = append(out, h)
	}
	return out
}

// homeCountry lists the countries whose regions tieline's sources name
// without introducing the country: Russian outlets write "Tatarstan" and
// "Crimea" alone.
var homeCountry = map[string]bool{"RU": true, "UA": true, "BY": true}

// bySurface keeps the entries whose data spelling is the text's, when the
// stemmer made two names one ("Цзянсу", "Цзянси" -> "цзянс").
func bySurface(ents []gazetteer.Entry, words string) []gazetteer.Entry {
	var out []gazetteer.Entry
	for _, e := range ents {
		if e.Surface != "" && e.Surface == words {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return ents
	}
	return out
}

func pick(ents []gazetteer.Entry, score map[string]int) []gazetteer.Entry {
	// Same code under several forms: keep the first.
	same := true
	for _, e := range ents[1:] {
		if e.Code != ents[0].Code {
			same = false
		}
	}
	if same {
		return ents[:1]
	}
	best, bestScore, tie := -1, -1, false
	for i, e := range ents {
		s := score[e.Country] * 2
		if !e.IsRegion {
			s++ // a country name is a country unless the text is about another country
		}
		switch {
		case s > bestScore:
			best, bestScore, tie = i, s, false
		case s == bestScore && ents[best].Code != e.Code:
			tie = true
		}
	}
	if tie || best < 0 {
		return nil
	}
	return ents[best : best+1]
}
