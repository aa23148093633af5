// Package ties finds pairs of places an article presents as cooperating,
// trading, visiting, signing or twinned, where at least one side is a
// region: [BY, RU-PER], [RU-RYA, US-MA].
//
// A sentence is evidence when it carries a cue word (cues.txt) and names
// places of two countries, directly or through an official of one of them;
// a region mentioned with cue words but alone is tied to the article's
// most salient place of another country ("Потом делегация переместится в
// провинцию Гуандун"). Places of the same country never tie (a region and
// its own country are not partners), nor do two countries.
package ties

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/extractors/text"
	"github.com/tieline/tieline/pipeline"
)

//go:embed cues.txt
var cuesData string

//go:embed namewords.txt
var namewordsData string

// cue is one line of cues.txt.
type cue struct {
	word string
	stem bool
	kind string
}

// lexicon holds the parsed data files.
type lexicon struct {
	exact     map[string]string // word -> kind
	stems     map[string][]cue  // first three runes -> stems
	nameWords map[string]bool
}

var lex = sync.OnceValue(func() *lexicon {
	lx := &lexicon{exact: map[string]string{}, stems: map[string][]cue{}, nameWords: map[string]bool{}}
	for _, line := range strings.Split(cuesData, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue
		}
		w := text.Fold(strings.TrimSpace(f[1]))
		c := cue{word: strings.TrimSuffix(w, "*"), stem: strings.HasSuffix(w, "*"), kind: strings.TrimSpace(f[2])}
		if c.stem {
			k := key3(c.word)
			lx.stems[k] = append(lx.stems[k], c)
		} else {
			lx.exact[c.word] = c.kind
		}
	}
	for _, line := range strings.Split(namewordsData, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			lx.nameWords[text.Fold(line)] = true
		}
	}
	return lx
})

func key3(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			return w[:i]
		}
		n++
	}
	return w
}

// cueKind returns the kind of the cue word w (folded), or "".
func (lx *lexicon) cueKind(w string) string {
	if k, ok := lx.exact[w]; ok {
		return k
	}
	for _, c := range lx.stems[key3(w)] {
		if strings.HasPrefix(w, c.word) && utf8.RuneCountInString(w[len(c.word):]) <= 5 {
			return c.kind
		}
	}
	return ""
}

// side is one party a sentence mentions: a place, or the place an
// official represents.
type side struct {
	code    string
	country string
	region  bool
	start   int
	end     int
}

// Find returns the ties of s, one per unordered pair (A < B), each with the
// first sentence that shows it. places are the country and region mentions
// of s and officials its officials (both with byte offsets into s); lang is
// "en" or "ru". Evidence offsets are byte offsets into s.
func Find(s, lang string, places []extractors.Place, officials []pipeline.Official) []pipeline.Tie {
	if s == "" || len(places) == 0 {
		return nil
	}
	lx := lex()
	offSides := officialSides(officials, len(s))
	ps := make([]extractors.Place, 0, len(places))
	for _, p := range places {
		if p.Start < 0 || p.End > len(s) || p.Start >= p.End || p.Code == "" {
			continue
		}
		if p.Country == "" {
			p.Country = p.Code
		}
		// "Ambassador to India Denis Alipov": the capitalized words after
		// the place are an official's name, not an organisation's.
		if (!inName(s, p, lx) || nameAfter(s, p, offSides)) && !inEventName(s, p, lx) {
			ps = append(ps, p)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Start < ps[j].Start })
	sents := text.Sentences(s)
	focal := salience(ps)

	cueSentences := 0
	kinds := make([]string, len(sents))
	for i, sp := range sents {
		kinds[i] = sentenceCue(s[sp.Start:sp.End], lx)
		if kinds[i] != "" {
			cueSentences++
		}
	}
	seen := map[[2]string]bool{}
	var out []pipeline.Tie
	add := func(a, b side, kind string, sp text.Span) {
		x, y := a.code, b.code
		if x > y {
			x, y = y, x
		}
		k := [2]string{x, y}
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, pipeline.Tie{A: x, B: y, Kind: kind, Evidence: s[sp.Start:sp.End], Start: sp.Start, End: sp.End})
	}
	pi := 0
	for si, sp := range sents {
		var sides, posts []side
		for pi < len(ps) && ps[pi].Start < sp.Start {
			pi++
		}
		for k := pi; k < len(ps) && ps[k].Start < sp.End; k++ {
			p := ps[k]
			if postOf(s, p, offSides) {
				// No party, but it still shows the sentence is about two
				// countries (an envoy's host).
				posts = append(posts, side{code: p.Code, country: p.Country})
				continue
			}
			if genericRegion(s, p) || currencyAdj(s, p) {
				continue
			}
			sides = append(sides, side{code: p.Code, country: p.Country, region: p.IsRegion, start: p.Start, end: p.End})
		}
		for _, os := range offSides {
			if os.start >= sp.Start && os.start < sp.End {
				sides = append(sides, os)
			}
		}
		if len(sides) == 0 {
			continue
		}
		kind := kinds[si]
		if kind == "" {
			// In an article about cooperation, a sentence that sets exactly
			// two parties side by side ("Bashkortostan possesses experience,
			// while Tashkent region offers conditions") shows the tie too.
			if cueSentences >= 3 {
				if pairs := sentencePairs(s, sides); len(pairs) == 1 && len(distinct(sides)) == 2 {
					add(pairs[0][0], pairs[0][1], "cooperation", sp)
				}
			}
			continue
		}
		pairs := sentencePairs(s, sides)
		if len(pairs) == 0 {
			// Only one country's places: tie its regions to the article's
			// main partner, when the article has one.
			country := sides[0].country
			one := true
			for _, sd := range append(sides, posts...) {
				if sd.country != country {
					one = false
				}
			}
			if one {
				if f, ok := focal[country]; ok {
					hasRegion := false
					for _, sd := range sides {
						hasRegion = hasRegion || sd.region
					}
					for _, sd := range sides {
						// A venue ("the meeting took place in Moscow") is no
						// party; a country stands for itself only when the
						// sentence names none of its regions.
						if (sd.region && !afterVenuePrep(s, sd.start)) || (!sd.region && !hasRegion && f.region) {
							pairs = append(pairs, [2]side{sd, f})
						}
					}
				}
			}
		}
		for _, pr := range pairs {
			add(pr[0], pr[1], kind, sp)
		}
	}
	return out
}

// inName reports whether the place p is part of an organisation's or
// event's name: followed by a capitalized name word ("Moscow Export Center").
func inName(s string, p extractors.Place, lx *lexicon) bool {
	rest := s[p.End:]
	i := 0
	for i < len(rest) {
		r, n := utf8.DecodeRuneInString(rest[i:])
		if r != ' ' && r != '\u00a0' {
			break
		}
		i += n
	}
	if i >= len(rest) {
		return false
	}
	if i == 0 && strings.HasPrefix(rest, "-") {
		// "Российско-Китайского ЭКСПО": skip the rest of the compound.
		j := 1
		for j < len(rest) {
			r, n := utf8.DecodeRuneInString(rest[j:])
			if !text.IsWordRune(r) {
				break
			}
			j += n
		}
		rest = rest[j:]
		for i < len(rest) && (rest[i] == ' ') {
			i++
		}
	}
	if i == 0 || i >= len(rest) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest[i:])
	if !unicode.IsUpper(r) {
		return false
	}
	j := i
	for j < len(rest) {
		r, n := utf8.DecodeRuneInString(rest[j:])
		if !text.IsWordRune(r) {
			break
		}
		j += n
	}
	return lx.nameWords[text.Fold(rest[i:j])]
}

// genericRegion reports a country adjective that qualifies an unnamed
// region ("supply machinery to the Russian region", "a Chinese province"):
// the phrase stands for a region named elsewhere, not for the country.
func genericRegion(s string, p extractors.Place) bool {
	if p.Form != "adjective" || p.End >= len(s) || s[p.End] != ' ' {
		return false
	}
	rest := s[p.End+1:]
	j := 0
	for j < len(rest) && j < 16 {
		r, n := utf8.DecodeRuneInString(rest[j:])
		if !text.IsWordRune(r) {
			break
		}
		j += n
	}
	return singularTypes[rest[:j]]
}

// currencyAdj reports a country adjective that only names a currency
// ("2.5 billion Russian rubles"): no party to a tie.
func currencyAdj(s string, p extractors.Place) bool {
	if p.Form != "adjective" || p.End >= len(s) || s[p.End] != ' ' {
		return false
	}
	rest := s[p.End+1:]
	j := 0
	for j < len(rest) && j < 16 {
		r, n := utf8.DecodeRuneInString(rest[j:])
		if !text.IsWordRune(r) {
			break
		}
		j += n
	}
	return currencyWords[text.Fold(rest[:j])]
}

// currencyWords follow a country adjective in a currency's name.
var currencyWords = map[string]bool{
	"ruble": true, "rubles": true, "rouble": true, "roubles": true, "dollar": true, "dollars": true,
	"yuan": true, "yen": true, "won": true, "tenge": true, "soms": true, "som": true, "sums": true,
	"rupee": true, "rupees": true, "rupiah": true, "dram": true, "drams": true, "lari": true,
	"manat": true, "manats": true, "lira": true, "liras": true, "pound": true, "pounds": true,
	"franc": true, "francs": true, "hryvnia": true, "hryvnias": true, "dong": true, "rial": true, "rials": true,
	"dirham": true, "dirhams": true, "tugrik": true, "tugriks": true, "riyal": true, "riyals": true,
	"рубль": true, "рублей": true, "рубля": true, "рублях": true,
}

// singularTypes are lower-case region words that, after a country
// adjective, name one region of that country.
var singularTypes = map[string]bool{
	"region": true, "province": true, "oblast": true, "krai": true, "territory": true,
	"state": true, "prefecture": true, "aimag": true, "republic": true,
}

// inEventName reports whether the place p stands in the "of" part of an
// event's or body's name ("the 5th Forum of Regions of Belarus and
// Russia"): walking back over capitalized words, "of" and "and" reaches a
// name word.
func inEventName(s string, p extractors.Place, lx *lexicon) bool {
	i, steps, sawOf := p.Start, 0, false
	for steps < 10 {
		w := wordBefore(s, i)
		if w == "" {
			return false
		}
		j := i
		for j > 0 && s[j-1] == ' ' {
			j--
		}
		start := j - len(w)
		if start < 0 || text.Fold(s[start:j]) != w {
			return false // folding changed the length: not a plain word
		}
		switch {
		case w == "of":
			sawOf = true
		case w == "and":
		default:
			r, _ := utf8.DecodeRuneInString(s[start:])
			if !unicode.IsUpper(r) {
				return false
			}
			if sawOf && lx.nameWords[w] {
				return true
			}
		}
		i = start
		steps++
	}
	return false
}

// officialSides turns officials' mentions into sides.
func officialSides(officials []pipeline.Official, n int) []side {
	var out []side
	for _, o := range officials {
		code, country, region := o.Region, o.Country, o.Region != ""
		if code == "" {
			code = country
		}
		if code == "" {
			continue
		}
		if country == "" {
			country = strings.SplitN(code, "-", 2)[0]
		}
		for _, sp := range o.Spans {
			if sp.Start >= 0 && sp.End <= n {
				out = append(out, side{code: code, country: country, region: region, start: sp.Start, end: sp.End})
			}
		}
	}
	return out
}

// sentenceCue returns the kind of the first cue word in the sentence, or "".
func sentenceCue(sent string, lx *lexicon) string {
	for _, tk := range text.Tokens(sent) {
		if k := lx.cueKind(text.Fold(tk.Text)); k != "" {
			return k
		}
	}
	return ""
}

// tieable reports whether a and b can form a tie: different countries, at
// least one a region.
func tieable(a, b side) bool {
	return a.country != b.country && (a.region || b.region)
}

// sentencePairs returns the tieable pairs among a sentence's sides. When
// the sentence lists two or more coordinated pairs ("Assam and Sakhalin,
// Haryana and Bashkortostan"), only those pairs count.
func sentencePairs(s string, sides []side) [][2]side {
	sort.SliceStable(sides, func(i, j int) bool { return sides[i].start < sides[j].start })
	var coord [][2]side
	for i := 0; i+1 < len(sides); i++ {
		a, b := sides[i], sides[i+1]
		if !tieable(a, b) || b.start < a.end {
			continue
		}
		switch text.Fold(strings.TrimSpace(s[a.end:b.start])) {
		case "and", "with", "-", "–", "—", "&", "и", "с", "со":
			coord = append(coord, [2]side{a, b})
		}
	}
	if len(coord) >= 2 {
		return coord
	}
	// A country that only qualifies its own region ("Russia's Kamchatka
	// Territory", "the Indian state of Goa", "Buryatia of the Russian
	// Federation") is not a party of its own.
	kept := sides[:0:0]
	for i, sd := range sides {
		if !sd.region && qualifies(s, sides, i) {
			continue
		}
		kept = append(kept, sd)
	}
	sides = kept
	var out [][2]side
	for i := range sides {
		for j := i + 1; j < len(sides); j++ {
			if tieable(sides[i], sides[j]) && sides[i].code != sides[j].code {
				out = append(out, [2]side{sides[i], sides[j]})
			}
		}
	}
	return out
}

// salience picks, for each country, the article's most mentioned place of
// any other country: a region when one is mentioned at least twice, else
// the most mentioned place if mentioned at least twice.
func salience(ps []extractors.Place) map[string]side {
	type stat struct {
		sd    side
		n     int
		first int
	}
	stats := map[string]*stat{}
	countries := map[string]bool{}
	for i, p := range ps {
		countries[p.Country] = true
		st := stats[p.Code]
		if st == nil {
			st = &stat{sd: side{code: p.Code, country: p.Country, region: p.IsRegion}, first: i}
			stats[p.Code] = st
		}
		st.n++
	}
	better := func(a, b *stat) bool { // a better than b
		if b == nil {
			return true
		}
		if a.sd.region != b.sd.region {
			return a.sd.region
		}
		if a.n != b.n {
			return a.n > b.n
		}
		return a.first < b.first
	}
	out := map[string]side{}
	for c := range countries {
		var best *stat
		for _, st := range stats {
			if st.sd.country == c || st.n < 2 {
				continue
			}
			if better(st, best) {
				best = st
			}
		}
		if best != nil {
			out[c] = best.sd
		}
	}
	return out
}

// distinct returns the distinct codes among sides.
func distinct(sides []side) map[string]bool {
	m := map[string]bool{}
	for _, sd := range sides {
		m[sd.code] = true
	}
	return m
}

// postOf reports whether the place p is where an official named right after
// it is posted ("Consul General of India in St Petersburg Kumar Gaurav",
// "Ambassador of Belarus to Russia Alexander Rogozhnik"):
// the post's location, not a party.
func postOf(s string, p extractors.Place, offSides []side) bool {
	// "Ambassador of Belarus to Russia Alexander Rogozhnik": the host too.
	if w := wordBefore(s, p.Start); !afterVenuePrep(s, p.Start) && w != "to" {
		return false
	}
	return nameAfter(s, p, offSides)
}

// nameAfter reports whether an official's name starts right after the
// place p, past spaces and a comma.
func nameAfter(s string, p extractors.Place, offSides []side) bool {
	j := p.End
	for j < len(s) && j < p.End+3 && (s[j] == ' ' || s[j] == ',') {
		j++
	}
	for _, os := range offSides {
		if os.start == j {
			return true
		}
	}
	return false
}

// afterVenuePrep reports whether the word before offset i is "in"/"в"/"во",
// which makes the place there a venue rather than a party.
func afterVenuePrep(s string, i int) bool {
	switch wordBefore(s, i) {
	case "in", "at", "в", "во":
		return true
	}
	return false
}

// wordBefore returns the folded word that ends, past spaces, at offset i.
func wordBefore(s string, i int) string {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	k := j
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if !text.IsWordRune(r) {
			break
		}
		k -= n
	}
	return text.Fold(s[k:j])
}

// qualifierWords may stand between a country and its region when the
// country only says where the region is.
var qualifierWords = map[string]bool{
	"state": true, "province": true, "region": true, "oblast": true, "krai": true,
	"republic": true, "territory": true, "of": true, "the": true, "'s": true, "s": true,
	// "the Republic of Karelia in northwestern Russia"
	"in": true, "northern": true, "southern": true, "eastern": true, "western": true,
	"northwestern": true, "northeastern": true, "southwestern": true, "southeastern": true,
	"central": true, "north": true, "south": true, "east": true, "west": true,
	"штат": true, "штата": true, "провинция": true, "провинции": true, "область": true, "области": true,
	"край": true, "края": true, "республика": true, "республики": true,
}

// qualifies reports whether the country side i stands right next to a
// region of its own, with nothing but qualifier words between.
func qualifies(s string, sides []side, i int) bool {
	c := sides[i]
	check := func(gap string) bool {
		gap = strings.NewReplacer("’", "'", ",", " ", "'s", " ").Replace(text.Fold(gap))
		for _, w := range strings.Fields(gap) {
			if !qualifierWords[w] {
				return false
			}
		}
		return len(gap) < 30
	}
	if i+1 < len(sides) {
		r := sides[i+1]
		if r.region && r.country == c.code && r.start >= c.end && check(s[c.end:r.start]) {
			return true
		}
	}
	if i > 0 {
		r := sides[i-1]
		if r.region && r.country == c.code && c.start >= r.end && check(s[r.end:c.start]) {
			return true
		}
	}
	return false
}
