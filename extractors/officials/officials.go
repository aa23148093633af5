// Package officials finds people named together with a public role —
// presidents, governors, ministers, ambassadors, trade representatives,
// heads of agencies — in English and Russian agency text, and tells whom
// each represents from the places in and around the title.
//
// The tagger is a small rule system over tokens: titles, the words that may
// stand inside a title phrase, name particles and non-name words are data
// (titles.txt, vocab.txt, particles.txt, stopwords.txt, firstnames.txt);
// the rules bind a title phrase to the name next to it ("Perm Krai Governor
// Dmitry Makhonin", "Pyotr Pavlenko, trade representative of Russia",
// "губернатором Константином Титовым") and merge later mentions ("Makarov
// said") into one official per person.
package officials

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors"
	"github.com/tieline/tieline/extractors/text"
	"github.com/tieline/tieline/pipeline"
)

// Tagger finds officials; it is safe for concurrent use.
type Tagger struct {
	lx *lexicon
}

// New builds a Tagger from the embedded data files.
func New() (*Tagger, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	return &Tagger{lx: lx}, nil
}

var defaultTagger = sync.OnceValues(New)

// Default returns the shared Tagger built from the embedded data.
func Default() (*Tagger, error) { return defaultTagger() }

// Find returns the officials named in s, using the shared Tagger. places
// are the country and region mentions of s (byte offsets, text order); lang
// is "en" or "ru" (other values are accepted; the rules look at the script
// of each word). Spans are byte offsets into s.
func Find(s, lang string, places []extractors.Place) []pipeline.Official {
	t, err := Default()
	if err != nil {
		return nil
	}
	return t.Find(s, lang, places)
}

// tok is a token with what the rules need to know about it.
type tok struct {
	text.Token
	f     string // folded, possessive removed
	poss  bool   // ended in 's
	place int    // index into places, -1 if none
	cap   bool
	cyr   bool
	punct bool
	init  bool // an initial with its dot
	sent  int
}

// mention is a title phrase, bound or not to a name.
type mention struct {
	start, end   int // phrase tokens [start, end), name excluded
	firstTitle   int // token of the first title word (mod or head)
	head         *titlePattern
	canonical    string
	places       []int // places the holder represents
	hosts        []int // places after to/in: where he serves
	nameA, nameB int   // name tokens [nameA, nameB), nameA < 0 if none
	extra        [][2]int
	sent         int
	specific     bool // names a place or an organisation
	bound        bool
}

// Find returns the officials named in s; see the package-level Find.
func (t *Tagger) Find(s, lang string, places []extractors.Place) []pipeline.Official {
	if s == "" {
		return nil
	}
	ps := validPlaces(s, places)
	toks := t.tokenize(s, ps)
	if len(toks) == 0 {
		return nil
	}
	sents := text.Sentences(s)
	sentEnd := make([]int, 0, len(sents)) // token index after each sentence
	k := 0
	for si, sp := range sents {
		for k < len(toks) && toks[k].Start < sp.End {
			toks[k].sent = si
			k++
		}
		sentEnd = append(sentEnd, k)
	}
	for ; k < len(toks); k++ {
		toks[k].sent = len(sents) - 1
	}
	p := &parser{lx: t.lx, s: s, toks: toks, places: ps}
	var ms []*mention
	sa := 0
	for si := range sents {
		sb := sentEnd[si]
		for i := sa; i < sb; {
			m := p.parseTitle(i, sa, sb, true)
			if m == nil {
				i++
				continue
			}
			m.sent = si
			ms = append(ms, m)
			i = max(m.end, m.nameB, i+1)
		}
		sa = sb
	}
	p.bindAdjacent(ms, sentEnd)
	return p.assemble(ms, sents)
}

// validPlaces keeps the places whose offsets fit s, in text order.
func validPlaces(s string, places []extractors.Place) []extractors.Place {
	out := make([]extractors.Place, 0, len(places))
	for _, pl := range places {
		if pl.Start < 0 || pl.End > len(s) || pl.Start >= pl.End || pl.Code == "" {
			continue
		}
		out = append(out, pl)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func (t *Tagger) tokenize(s string, ps []extractors.Place) []tok {
	raw := text.Tokens(s)
	out := make([]tok, len(raw))
	pi := 0
	for i, r := range raw {
		tk := tok{Token: r, place: -1}
		f := text.Fold(r.Text)
		// "People's" in "People's Committee" is a title word, not a possessive.
		if strings.HasSuffix(f, "'s") && len(f) > 2 && t.lx.vocabAt(f) == nil {
			f = f[:len(f)-2]
			tk.poss = true
		}
		tk.f = f
		first, _ := utf8.DecodeRuneInString(r.Text)
		tk.punct = !text.IsWordRune(first)
		tk.cap = unicode.IsUpper(first)
		tk.cyr = unicode.Is(unicode.Cyrillic, first)
		tk.init = text.IsInitial(r.Text)
		for pi < len(ps) && ps[pi].End <= r.Start {
			pi++
		}
		if pi < len(ps) && ps[pi].Start < r.End && ps[pi].End > r.Start {
			tk.place = pi
		}
		out[i] = tk
	}
	return out
}

// parser holds one text being tagged.
type parser struct {
	lx     *lexicon
	s      string
	toks   []tok
	places []extractors.Place
}

// isFunction reports whether w is a function word allowed inside titles.
func isFunction(w string) bool {
	switch w {
	case "of", "the", "and", "for", "on", "in", "to", "at", "&", "и", "по", "в", "во", "при", "на":
		return true
	}
	return false
}

// isHostPrep reports whether w introduces the place where an official
// serves rather than the one he represents ("Ambassador of Belarus to Russia").
func isHostPrep(w string) bool {
	switch w {
	case "to", "in", "at", "в", "во", "при", "на":
		return true
	}
	return false
}

// isNameTok reports whether token i can be part of a person's name.
func (p *parser) isNameTok(i int) bool {
	tk := &p.toks[i]
	if tk.punct || tk.place >= 0 {
		return false
	}
	if tk.init {
		return true
	}
	if !tk.cap || text.IsAllCaps(tk.Text) || innerCaps(tk.Text) {
		return false
	}
	for _, r := range tk.f {
		if unicode.IsDigit(r) {
			return false
		}
	}
	if p.lx.stop[tk.f] || p.lx.vocabAt(tk.f) != nil {
		return false
	}
	if tp, _ := p.lx.titleAt([]string{tk.f}); tp != nil {
		return false
	}
	// A capitalized Russian adjective before a lower-case word is part of an
	// organisation's name ("Самарской губернской Думы"), not a surname.
	if tk.cyr && i+1 < len(p.toks) && isAdjective(tk.f) {
		nx := &p.toks[i+1]
		if !nx.punct && (!nx.cap || p.lx.vocabAt(nx.f) != nil) {
			return false
		}
	}
	return true
}

// innerCaps reports whether w has an upper-case letter after a lower-case
// one, as abbreviations do ("УрФУ", "UralPolit"), except Mc/Mac names.
func innerCaps(w string) bool {
	if strings.HasPrefix(w, "Mc") || strings.HasPrefix(w, "Mac") {
		return false
	}
	prevLower := false
	for _, r := range w {
		if unicode.IsUpper(r) && prevLower {
			return true
		}
		prevLower = unicode.IsLower(r)
	}
	return false
}

// isAdjective reports whether a folded Russian word has an adjective ending.
func isAdjective(w string) bool {
	for _, e := range []string{"ской", "ского", "скому", "ским", "ская", "ский", "ную", "ной", "ного", "ная", "ный", "ого", "ому", "ое", "ые", "ых"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

func (p *parser) isParticle(i int) bool {
	tk := &p.toks[i]
	return !tk.cap && p.lx.particles[tk.f]
}

// words returns the folded words of tokens [i, min(i+n, end)).
func (p *parser) words(i, end, n int) []string {
	var ws []string
	for k := i; k < end && k < i+n; k++ {
		if p.toks[k].punct {
			break
		}
		ws = append(ws, p.toks[k].f)
	}
	return ws
}

// titleStart matches mods and a head at token i; it returns the head, the
// mods' canonical words and the token after the head.
func (p *parser) titleStart(i, sb int) (*titlePattern, []string, int) {
	var mods []string
	j := i
	for j < sb {
		tp, n := p.lx.titleAt(p.words(j, sb, 4))
		if tp == nil {
			break
		}
		if tp.mod {
			// "first" and friends only count right before a head.
			mods = append(mods, tp.canonical)
			j += n
			continue
		}
		j += n
		if tp.abbr && j < sb && p.toks[j].Text == "." {
			j++
		}
		return tp, mods, j
	}
	if len(mods) > 0 && mods[len(mods)-1] == "deputy" {
		return &deputyHead, mods[:len(mods)-1], j
	}
	return nil, nil, i
}

var deputyHead = titlePattern{lang: "en", canonical: "deputy"}

// parseTitle parses a title phrase whose first title word is at i, within
// the sentence [sa, sb). withPre extends it backwards over places and
// organisation words ("Indian Commerce and Industry Minister").
func (p *parser) parseTitle(i, sa, sb int, withPre bool) *mention {
	tk := &p.toks[i]
	if tk.punct || tk.place >= 0 {
		return nil
	}
	head, mods, j := p.titleStart(i, sb)
	if head == nil {
		return nil
	}
	// "Kazakh President's Press Secretary": a possessive title qualifies the next.
	if p.toks[j-1].poss && j < sb {
		if m2 := p.parseTitle(j, sa, sb, false); m2 != nil {
			m2.start = i
			if withPre {
				m2.start = p.preStart(i, sa, m2)
			}
			m2.firstTitle = i
			return m2
		}
	}
	m := &mention{start: i, firstTitle: i, head: head, nameA: -1, nameB: -1}
	var pre []string
	if withPre {
		m.start = p.preStart(i, sa, m)
		for k := m.start; k < i; k++ {
			if p.toks[k].place < 0 && !isFunction(p.toks[k].f) {
				if v := p.lx.vocabAt(p.toks[k].f); v != nil && v.tr != "-" {
					pre = append(pre, p.translate(k, v))
				}
			} else if p.toks[k].f == "and" && len(pre) > 0 {
				pre = append(pre, "and")
			}
		}
		for len(pre) > 0 && pre[len(pre)-1] == "and" {
			pre = pre[:len(pre)-1]
		}
	}
	comp, end := p.complement(m, j, sb)
	m.end = end
	if m.end < j {
		m.end = j
	}
	m.canonical = p.canonical(m, mods, pre, comp)
	// "Deputy Prime-minister – Minister of Culture Zilya Valeyeva".
	if m.nameA < 0 && m.end < sb {
		c := p.toks[m.end].f
		if (c == "–" || c == "-" || c == "—" || c == "and" || c == "и") && m.end+1 < sb {
			if m2 := p.parseTitle(m.end+1, sa, sb, false); m2 != nil && m2.head.canonical != "=" {
				m.canonical += " and " + m2.canonical
				m.end, m.nameA, m.nameB = m2.end, m2.nameA, m2.nameB
				m.places = append(m.places, m2.places...)
				m.hosts = append(m.hosts, m2.hosts...)
				m.specific = m.specific || m2.specific
			}
		}
	}
	if head.plural && m.nameA >= 0 {
		// "Presidents of Kazakhstan and Russia A B and C D".
		k := m.nameB
		for k+1 < sb && (p.toks[k].f == "and" || p.toks[k].f == "и" || p.toks[k].f == ",") {
			a, b := p.nameRunForward(k+1, sb)
			if a < 0 {
				break
			}
			m.extra = append(m.extra, [2]int{a, b})
			k = b
		}
	}
	return m
}

// preStart walks back from the title word at i over places, organisation
// words and "and" between them, recording places in m.
func (p *parser) preStart(i, sa int, m *mention) int {
	start := i
	k := i - 1
	for k >= sa {
		tk := &p.toks[k]
		if tk.place >= 0 {
			start = k
			k--
			continue
		}
		if tk.punct {
			break
		}
		v := p.lx.vocabAt(tk.f)
		if v != nil && !isFunction(tk.f) && (tk.cap || tk.cyr) && !tk.poss {
			start = k
			k--
			continue
		}
		if (tk.f == "and" || tk.f == "и") && k-1 >= sa && start == k+1 {
			pv := &p.toks[k-1]
			if pv.place < 0 && p.lx.vocabAt(pv.f) != nil && pv.cap && !isFunction(pv.f) {
				k--
				continue
			}
		}
		break
	}
	for k := start; k < i; k++ {
		if pl := p.toks[k].place; pl >= 0 && (len(m.places) == 0 || m.places[len(m.places)-1] != pl) {
			m.places = append(m.places, pl)
			m.specific = true
		}
	}
	return start
}

// complement parses what follows a title head: "of Russia's Perm Krai",
// "of Industry and Trade", "in Kazan", and the name ending the phrase. It
// returns the complement's word tokens and the end of the phrase (before
// the name).
func (p *parser) complement(m *mention, j, sb int) ([]int, int) {
	var comp []int
	runA, runB := -1, -1
	host := false
	end := j
	k := j
	lastWasOf := false
	for k < sb && k-j < 18 {
		tk := &p.toks[k]
		if tk.place >= 0 {
			if runA >= 0 {
				break // "Dmitry Makhonin in Russia": the name is done
			}
			pl := tk.place
			if host {
				m.hosts = append(m.hosts, pl)
			} else if len(m.places) == 0 || m.places[len(m.places)-1] != pl {
				m.places = append(m.places, pl)
			}
			m.specific = true
			for k < sb && p.toks[k].place == pl {
				k++
			}
			end = k
			lastWasOf = false
			continue
		}
		if tk.punct {
			if tk.Text == "(" && runA < 0 {
				// "Akim (governor) of ...": skip a short parenthesis.
				c := k + 1
				for c < sb && c < k+6 && p.toks[c].Text != ")" {
					c++
				}
				if c < sb && p.toks[c].Text == ")" {
					k = c + 1
					end = k
					continue
				}
			}
			if tk.Text == ")" && runA < 0 && k > j && p.toks[k-1].place >= 0 && strings.Contains(p.places[p.toks[k-1].place].Text, "(") {
				// "Republic of Sakha (Yakutia)": the place's own bracket.
				k++
				end = k
				continue
			}
			if tk.Text == "," && runA < 0 && k > j && p.fieldList(k) {
				// "Minister of Investment, Industry and Trade": a list of fields.
				k++
				continue
			}
			break
		}
		if runA < 0 && p.isHonorific(k) {
			k++
			if k < sb && p.toks[k].Text == "." {
				k++
			}
			continue
		}
		if p.isNameTok(k) || (runA >= 0 && p.isParticle(k) && k+1 < sb && p.isNameTok(k+1)) {
			if runA < 0 {
				if k > j && isHostPrep(p.toks[k-1].f) {
					// "in Kazan a month ago": a city, not a name.
					break
				}
				runA = k
			}
			runB = k + 1
			k++
			if tk.poss {
				break
			}
			lastWasOf = false
			continue
		}
		v := p.lx.vocabAt(tk.f)
		isTitleWord := false
		if v == nil && lastWasOf && tk.cap {
			// "Chief of Staff of the RT President": a title inside the complement.
			if tp, _ := p.lx.titleAt([]string{tk.f}); tp != nil {
				isTitleWord = true
			}
		}
		if v == nil && !isTitleWord && !(tk.cyr && tk.cap && isAdjective(tk.f)) {
			break
		}
		if runA >= 0 {
			// A run followed by "of" or an organisation word belonged to an
			// organisation's name ("Peoples Republic of Korea"); followed by
			// anything else it was the name.
			if tk.f == "of" || (tk.cap && !isFunction(tk.f)) {
				for c := runA; c < runB; c++ {
					comp = append(comp, c)
				}
				runA, runB = -1, -1
			} else {
				break
			}
		}
		if (tk.f == "in" || tk.f == "at" || tk.f == "в" || tk.f == "во") && k+2 < sb &&
			p.isNameTok(k+1) && (p.isNameTok(k+2) || p.toks[k+2].place >= 0 || p.toks[k+2].Text == ",") {
			// "Consul General in Kazan Ahmet Ergin": a city, then the name;
			// "Consul General in Kazan, Ahmet Ergin,": the name in apposition.
			k += 2
			end = k
			host = true
			continue
		}
		if isHostPrep(tk.f) {
			host = true
		} else if tk.f == "of" || tk.f == "for" {
			host = false
		}
		if !host {
			comp = append(comp, k)
			if !isFunction(tk.f) {
				m.specific = true
			}
		}
		lastWasOf = tk.f == "of" || tk.f == "the" || (tk.cap && !isFunction(tk.f))
		k++
		end = k
	}
	if runA >= 0 {
		if runA > j && p.toks[runA-1].f == "of" && runB-runA >= 3 && !p.lx.firstNames[p.toks[runA].f] && !isPatronymic(p.toks[runA+1].f) {
			// "The mayor of Kazan Ilsur Metshin": the first word is the city.
			runA++
		}
		m.nameA, m.nameB = p.trimName(runA, runB)
		return comp, runA
	}
	// Trailing function words belong to what follows.
	for end > j && isFunction(p.toks[end-1].f) {
		end--
	}
	for len(comp) > 0 && comp[len(comp)-1] >= end {
		comp = comp[:len(comp)-1]
	}
	return comp, end
}

// fieldList reports whether the comma at token k separates fields of one
// title ("of Investment, Industry and Trade"): capitalized vocabulary words
// on both sides and an "and" closing the list before anything else.
func (p *parser) fieldList(k int) bool {
	isField := func(c int) bool {
		tk := &p.toks[c]
		return tk.cap && !tk.punct && tk.place < 0 && !isFunction(tk.f) && p.lx.vocabAt(tk.f) != nil
	}
	if !isField(k - 1) {
		return false
	}
	for c := k + 1; c < len(p.toks) && c < k+8; c++ {
		switch {
		case isField(c):
		case p.toks[c].f == "and" || p.toks[c].f == "&":
			return c > k+1 && c+1 < len(p.toks) && isField(c+1)
		case p.toks[c].Text == ",":
			if !isField(c - 1) {
				return false
			}
		default:
			return false
		}
	}
	return false
}

// trimName narrows a run of capitalized words to the person's name: at most
// four words, starting at a known given name when there is one, without
// leading initials that belong to an abbreviation ("U. S. Anatoly Antonov").
func (p *parser) trimName(a, b int) (int, int) {
	for a < b-1 && p.isHonorific(a) {
		a++
	}
	if b-a > 4 {
		na := b - 3
		for k := a; k < b-1; k++ {
			if p.lx.firstNames[p.toks[k].f] {
				na = k
				break
			}
		}
		a = na
	}
	ini := 0
	for k := a; k < b && p.toks[k].init; k++ {
		ini++
	}
	if ini > 0 && b-(a+ini) >= 2 {
		a += ini
	}
	if b-a > 1 {
		for k := a + 1; k < b; k++ {
			if p.lx.firstNames[p.toks[k].f] && !p.lx.firstNames[p.toks[a].f] && !p.toks[a].init && b-k >= 2 {
				a = k
				break
			}
		}
	}
	return a, b
}

// nameRunForward returns the name starting at token i, or -1.
func (p *parser) nameRunForward(i, sb int) (int, int) {
	if i >= sb || !p.isNameTok(i) || p.isHonorific(i) {
		// Skip an honorific: "Mr. Li Jiheng", "господин Голубев".
		if i < sb && p.isHonorific(i) {
			i++
			if i < sb && p.toks[i].Text == "." {
				i++
			}
			if i >= sb || !p.isNameTok(i) {
				return -1, -1
			}
		} else {
			return -1, -1
		}
	}
	b := i
	for b < sb && (p.isNameTok(b) || (b > i && p.isParticle(b) && b+1 < sb && p.isNameTok(b+1))) {
		b++
		if p.toks[b-1].poss {
			break
		}
	}
	a, b2 := p.trimName(i, b)
	return a, b2
}

// nameRunBackward returns the name ending just before token i, or -1.
func (p *parser) nameRunBackward(i, sa int) (int, int) {
	a := i
	for a-1 >= sa && (p.isNameTok(a-1) || (a-2 >= sa && p.isParticle(a-1) && p.isNameTok(a-2))) {
		a--
		if i-a > 5 {
			break
		}
	}
	if a == i {
		return -1, -1
	}
	return p.trimName(a, i)
}

func (p *parser) isHonorific(i int) bool {
	switch strings.TrimSuffix(p.toks[i].f, ".") {
	case "mr", "mrs", "ms", "mme", "madam", "dr", "sir", "господин", "госпожа", "госпожой", "господина", "господином", "госпожи", "г-н", "г-жа":
		return true
	}
	return false
}

// translate returns the title word for vocabulary token k.
func (p *parser) translate(k int, v *vocabEntry) string {
	if v.tr != "" {
		return v.tr
	}
	if v.lang == "ru" {
		return ""
	}
	return p.toks[k].f
}

// canonical builds the normalized English title of m.
func (p *parser) canonical(m *mention, mods, pre []string, comp []int) string {
	head := m.head.canonical
	var cw []string
	content := false
	for _, k := range comp {
		v := p.lx.vocabAt(p.toks[k].f)
		var w string
		if v == nil {
			w = p.toks[k].f // a title word or an organisation's own name
			if p.toks[k].cyr {
				continue
			}
		} else {
			if v.tr == "-" {
				continue
			}
			w = p.translate(k, v)
		}
		if w == "" {
			continue
		}
		if v != nil && v.front && len(cw) > 0 {
			cw = append(cw[:len(cw)-1], w, cw[len(cw)-1])
		} else {
			cw = append(cw, w)
		}
		if !isFunction(w) {
			content = true
		}
	}
	regionPlace, onlyPlaces := false, !content
	for _, pi := range m.places {
		if p.places[pi].IsRegion {
			regionPlace = true
		}
	}
	for _, w := range cw {
		if w == "regional" || w == "city" {
			regionPlace = true
		}
	}
	if m.head.place != "" && onlyPlaces && regionPlace && len(pre) == 0 {
		head = m.head.place
		// Republics of Russia are led by a "Head of the Republic".
		for _, pi := range m.places {
			if f := text.Fold(p.places[pi].Text); strings.Contains(f, "republic") || strings.Contains(f, "республик") || p.lx.republics[p.places[pi].Code] {
				head = m.head.canonical + " of the republic"
			}
		}
	}
	if m.head.regional != "" && regionPlace {
		head = m.head.regional
		content = false
	}
	var parts []string
	parts = append(parts, mods...)
	if head == "minister" && len(pre) > 0 && !content {
		parts = append(parts, "minister of "+strings.Join(pre, " "))
	} else {
		parts = append(parts, pre...)
		parts = append(parts, head)
	}
	title := strings.Join(parts, " ")
	if content {
		// Tidy the complement: no leading "the"/"and", no doubled function words.
		var out []string
		for _, w := range cw {
			if len(out) == 0 && (w == "the" || w == "and" || w == "of") {
				continue
			}
			if len(out) > 0 && isFunction(w) && isFunction(out[len(out)-1]) && w == out[len(out)-1] {
				continue
			}
			out = append(out, w)
		}
		for len(out) > 0 && isFunction(out[len(out)-1]) {
			out = out[:len(out)-1]
		}
		if len(out) > 0 {
			if p.toks[m.firstTitle].cyr {
				title += " of the " + strings.Join(out, " ")
			} else {
				title += " of " + strings.Join(out, " ")
				title = strings.Replace(title, " of of ", " of ", 1)
				title = strings.Replace(title, " of for ", " for ", 1)
			}
		}
	}
	return strings.Join(strings.Fields(title), " ")
}

// isPatronymic reports whether a folded word looks like a Russian middle
// name ("valerievich", "владимирович", "ivanovna").
func isPatronymic(w string) bool {
	for _, e := range []string{"vich", "vna", "вич", "вна", "вича", "вичем", "вны"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}
