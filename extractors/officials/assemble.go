package officials

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors/text"
	"github.com/tieline/tieline/pipeline"
)

// bindAdjacent gives title phrases without a name one from their
// neighbourhood: "NAME, TITLE" first, then "TITLE, NAME", then — for a
// title that names a place or body — the first unclaimed full name later in
// the sentence or in the next one ("The governor of Astrakhan Region ...
// Igor Babushkin said").
func (p *parser) bindAdjacent(ms []*mention, sentEnd []int) {
	bound := map[int]bool{}
	inPhrase := map[int]bool{}
	claim := func(a, b int) {
		for k := a; k < b; k++ {
			bound[k] = true
		}
	}
	free := func(a, b int) bool {
		for k := a; k < b; k++ {
			if bound[k] || inPhrase[k] {
				return false
			}
		}
		return true
	}
	for _, m := range ms {
		for k := m.start; k < m.end; k++ {
			inPhrase[k] = true
		}
		if m.nameA >= 0 {
			claim(m.nameA, m.nameB)
			for _, e := range m.extra {
				claim(e[0], e[1])
			}
		}
	}
	bounds := func(m *mention) (int, int) {
		sa := 0
		if m.sent > 0 {
			sa = sentEnd[m.sent-1]
		}
		return sa, sentEnd[m.sent]
	}
	// NAME, TITLE
	for _, m := range ms {
		if m.nameA >= 0 {
			continue
		}
		sa, _ := bounds(m)
		c := m.start - 1
		if c > sa && (p.toks[c].f == "also" || p.toks[c].f == "now") {
			c-- // "Yury Trutnev, also presidential envoy"
		}
		if c > sa && p.toks[c].Text == "," {
			if a, b := p.nameRunBackward(c, sa); a >= 0 && free(a, b) && (a == 0 || p.toks[a-1].f != "of") {
				m.nameA, m.nameB = a, b
				claim(a, b)
			}
		}
	}
	// TITLE, NAME
	for _, m := range ms {
		if m.nameA >= 0 {
			continue
		}
		_, sb := bounds(m)
		if m.end+1 < sb && p.toks[m.end].Text == "," {
			if a, b := p.nameRunForward(m.end+1, sb); a >= 0 && free(a, b) {
				if b >= sb || p.toks[b].punct || !p.toks[b].cap {
					m.nameA, m.nameB = a, b
					claim(a, b)
				}
			}
		}
	}
	// An unnamed, specific title and the next unclaimed full name, unless
	// someone with that title is already named (then it is him again).
	named := map[string]bool{}
	for _, m := range ms {
		if m.nameA >= 0 {
			named[m.canonical] = true
		}
	}
	for _, m := range ms {
		if m.nameA >= 0 || !m.specific || m.head.plural || m.head.canonical == "=" || named[m.canonical] {
			continue
		}
		// English: only a definite title ("the governor of X"), not "his
		// Russian counterpart"; Russian has no articles.
		if !p.toks[m.firstTitle].cyr && (m.start == 0 || (p.toks[m.start-1].f != "the" && p.toks[m.start-1].f != "our")) {
			continue
		}
		limit := len(p.toks)
		if m.sent+1 < len(sentEnd) {
			limit = sentEnd[m.sent+1]
		}
		for k := m.end; k < limit; k++ {
			if bound[k] || inPhrase[k] || !p.isNameTok(k) {
				continue
			}
			sb := sentEnd[p.toks[k].sent]
			a, b := p.nameRunForward(k, sb)
			if a < 0 {
				continue
			}
			if b-a >= 2 && free(a, b) && p.looksLikeFullName(a, b) {
				m.nameA, m.nameB = a, b
				claim(a, b)
				break
			}
			k = b
		}
	}
}

// person is one official being assembled from mentions.
type person struct {
	off      pipeline.Official
	surname  string
	initial  rune
	nTokens  int
	firstOff int
}

// assemble turns bound mentions into officials, one per person.
func (p *parser) assemble(ms []*mention, sents []text.Span) []pipeline.Official {
	var people []*person
	var lastTitle string
	for _, m := range ms {
		if m.nameA < 0 {
			continue
		}
		title := m.canonical
		if m.head.canonical == "=" {
			if lastTitle == "" {
				continue
			}
			title = lastTitle
		}
		lastTitle = title
		names := [][2]int{{m.nameA, m.nameB}}
		names = append(names, m.extra...)
		country, region := p.represented(m.places)
		// Only a bare regional title takes its region from the context, not
		// "Governor of the Bank of Russia".
		bare := m.canonical == m.head.canonical
		if country == "" && region == "" && m.head.region && bare {
			region, country = p.contextRegion(m)
		} else if region == "" && m.head.region && country != "" && bare {
			if r, c := p.contextRegion(m); c == country {
				region = r
			}
		}
		titleText := ""
		if m.end > m.start {
			titleText = p.s[p.toks[m.start].Start:p.toks[m.end-1].End]
		}
		caseTok := -1
		if m.nameA >= m.end {
			caseTok = m.firstTitle
		}
		for ni, nr := range names {
			c, r := country, region
			if len(names) > 1 && len(m.places) == len(names) {
				c, r = p.represented(m.places[ni : ni+1])
			}
			name, toks := p.normalizeName(nr[0], nr[1], caseTok)
			if name == "" {
				continue
			}
			span := pipeline.Span{Start: p.toks[nr[0]].Start, End: p.toks[nr[1]-1].End}
			pr := findPerson(people, toks)
			if pr == nil {
				pr = &person{firstOff: span.Start}
				pr.off = pipeline.Official{Name: name, Title: title, TitleText: titleText, Country: c, Region: r}
				pr.setName(name, toks)
				people = append(people, pr)
			} else {
				if len(toks) > pr.nTokens {
					pr.setName(name, toks)
				}
				if pr.off.Country == "" && pr.off.Region == "" {
					pr.off.Country, pr.off.Region = c, r
				}
				if pr.off.Title == "" {
					pr.off.Title, pr.off.TitleText = title, titleText
				}
			}
			pr.off.Spans = append(pr.off.Spans, span)
		}
	}
	if len(people) == 0 {
		return nil
	}
	// Later mentions by surname alone: "Makarov said", "Махонина".
	for i := range p.toks {
		tk := &p.toks[i]
		if !tk.cap || tk.punct || tk.place >= 0 || tk.init {
			continue
		}
		for _, pr := range people {
			if pr.surname == tk.f || (tk.cyr && sameStem(pr.surname, tk.f)) {
				pr.off.Spans = append(pr.off.Spans, pipeline.Span{Start: tk.Start, End: tk.End})
				break
			}
		}
	}
	out := make([]pipeline.Official, 0, len(people))
	for _, pr := range people {
		pr.off.Spans = mergeSpans(pr.off.Spans)
		out = append(out, pr.off)
	}
	return out
}

func (pr *person) setName(name string, toks []string) {
	pr.off.Name = name
	pr.nTokens = len(toks)
	pr.surname = text.Fold(toks[len(toks)-1])
	pr.initial = 0
	if len(toks) > 1 {
		r, _ := utf8.DecodeRuneInString(text.Fold(toks[0]))
		pr.initial = r
	}
}

// findPerson returns the person the name tokens refer to, if already seen.
func findPerson(people []*person, toks []string) *person {
	sur := text.Fold(toks[len(toks)-1])
	var ini rune
	if len(toks) > 1 {
		ini, _ = utf8.DecodeRuneInString(text.Fold(toks[0]))
	}
	for _, pr := range people {
		if !sameStem(pr.surname, sur) {
			continue
		}
		if ini != 0 && pr.initial != 0 && ini != pr.initial {
			continue
		}
		return pr
	}
	return nil
}

// sameStem reports whether two folded words are equal but for an inflected
// ending (Махонин, Махонина, Махониным).
func sameStem(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n >= max(4, min(len(ra), len(rb))-2)
}

// mergeSpans sorts spans and drops duplicates and overlaps.
func mergeSpans(sp []pipeline.Span) []pipeline.Span {
	sort.Slice(sp, func(i, j int) bool { return sp[i].Start < sp[j].Start })
	var out []pipeline.Span
	for _, s := range sp {
		if len(out) > 0 && s.Start < out[len(out)-1].End {
			if s.End > out[len(out)-1].End {
				out[len(out)-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// represented returns the country and region of the first place the title
// holder represents.
func (p *parser) represented(places []int) (string, string) {
	country, region := "", ""
	for _, pi := range places {
		pl := p.places[pi]
		if country == "" {
			country = pl.Country
			if country == "" {
				country = pl.Code
			}
		}
		if pl.IsRegion && region == "" && (pl.Country == country || country == "") {
			region = pl.Code
		}
	}
	return country, region
}

// contextRegion returns the nearest region mentioned before the title (in
// its sentence or earlier), else the first after it in its sentence.
func (p *parser) contextRegion(m *mention) (string, string) {
	start := p.toks[m.start].Start
	best := -1
	for i, pl := range p.places {
		if !pl.IsRegion {
			continue
		}
		if pl.Start < start {
			best = i
			continue
		}
		break
	}
	if best < 0 {
		return "", ""
	}
	return p.places[best].Code, p.places[best].Country
}

// sentOf returns the sentence index of the token at byte offset off.
func (p *parser) sentOf(off int) int {
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].End > off })
	if i >= len(p.toks) {
		return -1
	}
	return p.toks[i].sent
}

// normalizeName writes the name tokens [a, b) as a name: possessive
// dropped, Russian words put back in the nominative when caseTok (the title
// word the name stands in apposition to) shows an oblique case.
func (p *parser) normalizeName(a, b, caseTok int) (string, []string) {
	c := byte('n')
	if caseTok >= 0 && p.toks[caseTok].cyr {
		c = russianCase(p.toks[caseTok].f)
	}
	var sb strings.Builder
	var words []string
	for k := a; k < b; k++ {
		tk := &p.toks[k]
		w := tk.Text
		if tk.poss {
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		}
		if tk.cyr && !tk.init {
			w = nominative(w, c)
		}
		if k > a && p.toks[k-1].End < tk.Start {
			sb.WriteByte(' ')
		}
		sb.WriteString(w)
		if !tk.init {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return "", nil
	}
	return sb.String(), words
}

// russianCase guesses the grammatical case of a Russian title word from its
// ending: n(ominative), g(enitive), d(ative), i(nstrumental), p(repositional).
func russianCase(w string) byte {
	switch {
	case strings.HasSuffix(w, "ом"), strings.HasSuffix(w, "ем"), strings.HasSuffix(w, "ём"), strings.HasSuffix(w, "ым"), strings.HasSuffix(w, "им"), strings.HasSuffix(w, "ой"):
		return 'i'
	case strings.HasSuffix(w, "у"), strings.HasSuffix(w, "ю"):
		return 'd'
	case strings.HasSuffix(w, "а"), strings.HasSuffix(w, "я"):
		return 'g'
	case strings.HasSuffix(w, "е"):
		return 'p'
	}
	return 'n'
}

// ruEnding maps an oblique ending to the nominative one.
type ruEnding struct{ from, to string }

var ruEndings = map[byte][]ruEnding{
	'i': {{"ским", "ский"}, {"цким", "цкий"}, {"овым", "ов"}, {"евым", "ев"}, {"ёвым", "ёв"}, {"иным", "ин"}, {"ыным", "ын"}, {"ием", "ий"}, {"еем", "ей"}, {"аем", "ай"}, {"ем", "ь"}, {"ом", ""}, {"ой", "а"}, {"ей", "я"}},
	'g': {{"ского", "ский"}, {"цкого", "цкий"}, {"ия", "ий"}, {"ея", "ей"}, {"ая", "ай"}, {"я", "ь"}, {"а", ""}},
	'd': {{"скому", "ский"}, {"цкому", "цкий"}, {"ию", "ий"}, {"ею", "ей"}, {"аю", "ай"}, {"ю", "ь"}, {"у", ""}},
	'p': {{"ском", "ский"}, {"ии", "ий"}, {"ее", "ей"}, {"е", ""}},
}

// nominative undoes the case ending c on a masculine Russian name word.
// Words too short to carry an ending are kept.
func nominative(w string, c byte) string {
	if c == 'n' || utf8.RuneCountInString(w) < 4 {
		return w
	}
	lw := strings.ToLower(w)
	for _, e := range ruEndings[c] {
		if strings.HasSuffix(lw, e.from) {
			return w[:len(w)-len(e.from)] + e.to
		}
	}
	return w
}

// looksLikeFullName reports whether the run [a, b) found away from any
// title is a person's full name: it starts with a known given name, is not
// a photo credit ("Xinhua/Zhang Duo") and is not the start of an
// organisation's name ("Perm Pulp and Paper Company").
func (p *parser) looksLikeFullName(a, b int) bool {
	first := p.toks[a].f
	if p.toks[a].cyr {
		first = text.Fold(nominative(p.toks[a].Text, russianCase(first)))
	}
	if !p.lx.firstNames[first] && !p.lx.firstNames[p.toks[a].f] {
		return false
	}
	if a > 0 && (p.toks[a-1].Text == "/" || p.toks[a-1].Text == "(") {
		return false
	}
	if b+1 < len(p.toks) && (p.toks[b].f == "and" || p.toks[b].f == "&") && p.toks[b+1].cap {
		return false
	}
	return true
}
