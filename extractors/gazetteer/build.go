package gazetteer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// typeWords are the keys of words that name a kind of region; a name ending
// in one is not bare, and lists coordinate over them.
var typeWords = map[string]bool{
	"region": true, "oblast": true, "province": true, "krai": true, "territory": true,
	"republic": true, "okrug": true, "district": true, "state": true, "prefecture": true,
	"governorate": true, "county": true, "aimag": true, "area": true, "department": true,
	"municipality": true, "emirate": true, "canton": true, "voivodeship": true,
	"област": true, "обл": true, "кра": true, "округ": true, "республик": true, "провинци": true,
	"штат": true, "префектур": true, "губерни": true, "аймак": true, "земл": true,
}

// genericRU are the stems of Russian adjectives that make generic region
// names ("Южный округ" of Botswana) that Russian text uses as common words.
var genericRU = map[string]bool{
	"южн": true, "северн": true, "западн": true, "восточн": true, "центральн": true,
	"столичн": true, "прибрежн": true, "горн": true, "нижн": true, "верхн": true,
	"нов": true, "велик": true, "средн": true, "островн": true,
}

// typeSuffixes are stripped from the end of English names to find the stem
// that rule variants are built on, longest first.
var typeSuffixes = []string{
	"Autonomous Okrug", "Autonomous Oblast", "Autonomous Region", "Autonomous District",
	"Autonomous Area", "Okrug", "Oblast", "Region", "Province", "Krai", "Kray", "Territory",
	"Republic", "State", "Prefecture", "Governorate", "County", "Department", "Aimag",
}

// variantSuffixes gives, per subdivision type, the type words agencies
// write after a region's stem. Krai is rendered Territory or Krai (and
// "region" loosely), oblast Region or Oblast, okrug Autonomous Okrug, Area
// or District.
func variantSuffixes(typ string) []string {
	switch typ {
	case "administrative territory", "territory":
		return []string{"Krai", "Kray", "Territory", "Region"}
	case "autonomous district":
		return []string{"Autonomous Okrug", "Autonomous Area", "Autonomous District", "Okrug"}
	case "autonomous region":
		return []string{"Autonomous Region", "Autonomous Oblast", "Region"}
	case "republic", "autonomous republic":
		return []string{"Republic"}
	case "state":
		return []string{"State"}
	case "prefecture":
		return []string{"Prefecture"}
	case "governorate":
		return []string{"Governorate", "Province"}
	case "county":
		return []string{"County"}
	case "district":
		return []string{"District"}
	case "rayon":
		return []string{"District", "Rayon", "Region"}
	case "department":
		return []string{"Department"}
	case "province":
		return []string{"Province", "Region"}
	case "city", "capital city", "autonomous city", "municipality", "city corporation",
		"capital district", "capital territory", "special municipality", "metropolitan city":
		return []string{"City"}
	}
	return []string{"Region", "Oblast", "Province"}
}

// azRussianStyle spells Azerbaijani Latin names the way agencies that go
// through Russian do: initial Q as G ("Quba" -> "Guba", "Qəbələ" ->
// "Gabala"), ə as a, x as kh.
func azRussianStyle(names []string) []string {
	var out []string
	r := strings.NewReplacer("ə", "a", "Ə", "A", "x", "kh", "X", "Kh")
	for _, n := range names {
		if isCyrillic(n) || n == "" {
			continue
		}
		v := r.Replace(n)
		if strings.HasPrefix(v, "Q") {
			v = "G" + v[1:]
		}
		if v != n {
			out = append(out, v)
		}
	}
	return out
}

// cityish types are cities that are themselves first-level subdivisions:
// their bare name is the subdivision.
func cityish(typ string) bool {
	switch typ {
	case "city", "capital city", "autonomous city", "city corporation", "capital district",
		"special municipality", "republican city", "city with county rights", "metropolitan city":
		return true
	}
	return strings.Contains(typ, "city")
}

// smallTypes are types of local units (municipalities, parishes) that
// countries with many subdivisions use; their bare names are town names.
func smallType(typ string) bool {
	for _, w := range []string{"municipality", "council", "parish", "commune", "rayon", "quarter", "atoll", "island"} {
		if strings.Contains(typ, w) {
			return true
		}
	}
	return false
}

type stops struct {
	drop   map[string]bool // joined keys
	person map[string]bool
	// regionctx names a country and a region (Georgia); context decides.
	regionctx map[string]bool
}

func joinKeys(k []string) string { return strings.Join(k, " ") }

type builder struct {
	g     *Gazetteer
	typed map[string]bool
	stops stops
}

// Load builds the gazetteer from the embedded data files.
func Load() (*Gazetteer, error) {
	b := &builder{
		g:     &Gazetteer{places: map[string]*Place{}, trie: trie{edges: map[edge]int{}, out: make([][]Entry, 1, 1<<16)}},
		typed: map[string]bool{},
		stops: stops{drop: map[string]bool{}, person: map[string]bool{}, regionctx: map[string]bool{}},
	}
	pol, err := readFile("policy.tsv")
	if err != nil {
		return nil, err
	}
	for _, r := range rows(pol) {
		b.typed[strings.TrimSpace(r[0])] = true
	}
	st, err := readFile("stopnames.tsv")
	if err != nil {
		return nil, err
	}
	for _, r := range rows(st) {
		if len(r) < 3 {
			return nil, fmt.Errorf("parsing stopnames.tsv: short line %q", r)
		}
		k := joinKeys(Keys(r[2]))
		switch r[0] {
		case "block":
			b.g.trie.add(Keys(r[2]), Entry{Form: FormBlock, Lang: r[1]})
		case "drop":
			b.stops.drop[k] = true
		case "person":
			b.stops.person[k] = true
		case "regionctx":
			b.stops.regionctx[k] = true
		}
	}
	if err := b.countries(); err != nil {
		return nil, err
	}
	if err := b.subdivisions(); err != nil {
		return nil, err
	}
	if err := b.aliases(); err != nil {
		return nil, err
	}
	if err := b.adjectives(); err != nil {
		return nil, err
	}
	return b.g, nil
}

func langOf(name string) string {
	if isCyrillic(name) {
		return "ru"
	}
	return "en"
}

func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 1
}

// add puts one name into the trie unless the stop lists forbid it.
func (b *builder) add(name string, e Entry) {
	keys := Keys(name)
	if len(keys) == 0 {
		return
	}
	k := joinKeys(keys)
	if b.stops.drop[k] && e.Form != FormBlock {
		return
	}
	if e.Lang == "" {
		e.Lang = langOf(name)
	}
	e.Person = b.stops.person[k]
	e.Caps = allCaps(name) && utf8.RuneCountInString(name) <= 5
	if e.Lang == "ru" {
		e.Surface = Fold(name)
		e.Short = len(keys) == 1 && utf8.RuneCountInString(keys[0]) < 5
		if e.IsRegion && e.Form == FormName && genericRU[keys[0]] && (len(keys) == 1 || len(keys) == 2 && IsTypeWord(keys[1])) {
			return // "Южный округ", "Центральная провинция": generic words
		}
	}
	if IsTypeWord(keys[len(keys)-1]) {
		e.Type = keys[len(keys)-1]
	} else if keys[0] == "республик" {
		e.Type = keys[0]
	}
	if e.IsRegion && e.Bare && !b.stops.regionctx[k] {
		for _, o := range b.g.Lookup(keys) {
			if !o.IsRegion && o.Form != FormBlock && o.Form != FormAdjective {
				return // a country's name names the country ("Luxembourg", "Taiwan")
			}
		}
	}
	if len(keys) == 1 && !e.Caps && utf8.RuneCountInString(keys[0]) < 3 {
		return // two-letter words are too ambiguous in running text
	}
	b.g.trie.add(keys, e)
}

func (b *builder) countries() error {
	s, err := readFile("countries.tsv")
	if err != nil {
		return err
	}
	for _, r := range rows(s) {
		if len(r) < 5 {
			return fmt.Errorf("parsing countries.tsv: short line %q", r)
		}
		code := r[0]
		b.g.places[code] = &Place{Code: code, Country: code, Name: r[1], NameRU: r[2], Type: "country"}
		e := Entry{Code: code, Country: code, Form: FormName}
		for _, n := range strings.Split(r[4], "|") {
			b.add(n, e)
		}
	}
	return nil
}

// stripType splits an English name into its stem and whether a type word
// was removed ("Perm Krai" -> "Perm", true; "Republic of Tatarstan" ->
// "Tatarstan", true).
func stripType(name string) (string, bool) {
	for _, p := range []string{"Republic of ", "Province of ", "State of "} {
		if len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
			return strings.TrimSpace(name[len(p):]), true
		}
	}
	for _, suf := range typeSuffixes {
		if len(name) > len(suf)+1 && strings.EqualFold(name[len(name)-len(suf):], suf) && name[len(name)-len(suf)-1] == ' ' {
			return strings.TrimSpace(name[:len(name)-len(suf)-1]), true
		}
	}
	return name, false
}

func (b *builder) bareAllowed(country, typ string, manyUnits bool) bool {
	if cityish(typ) || typ == "republic" || typ == "autonomous republic" {
		return true
	}
	if b.typed[country] {
		return false
	}
	return !(manyUnits && smallType(typ))
}

type subRow struct {
	code, country, typ, en, ru string
	names                      []string
}

func (b *builder) subdivisions() error {
	s, err := readFile("subdivisions.tsv.gz")
	if err != nil {
		return err
	}
	var subs []subRow
	count := map[string]int{} // per country and type
	for _, r := range rows(s) {
		if len(r) < 6 {
			return fmt.Errorf("parsing subdivisions.tsv.gz: short line %q", r)
		}
		sr := subRow{code: r[0], country: r[1], typ: r[2], en: r[3], ru: r[4]}
		if sr.typ == "country" {
			sr.typ = "nation" // England, Scotland: keep "country" for ISO 3166-1
		}
		if r[5] != "" {
			sr.names = strings.Split(r[5], "|")
		}
		subs = append(subs, sr)
		count[sr.country+"/"+sr.typ]++
	}
	for _, sr := range subs {
		name := sr.en
		if stem, ok := stripType(sr.en); ok && sr.country == "RU" && sr.typ == "administrative region" {
			name = stem + " Oblast"
		} else if sr.country == "RU" && sr.typ == "administrative region" {
			name = sr.en + " Oblast"
		}
		b.g.places[sr.code] = &Place{Code: sr.code, Country: sr.country, Name: name, NameRU: sr.ru, Type: sr.typ}
		names := append([]string{sr.en, sr.ru}, sr.names...)
		if sr.country == "AZ" {
			names = append(names, azRussianStyle(names)...)
		}
		b.subNames(sr, names, FormName, count[sr.country+"/"+sr.typ] > 40)
	}
	return nil
}

// subNames adds a subdivision's names with their rule variants.
func (b *builder) subNames(sr subRow, names []string, form string, manyUnits bool) {
	city := cityish(sr.typ) || (sr.typ == "municipality" && !manyUnits) // Hanoi, Beijing; not Slovenia's 212
	e := Entry{Code: sr.code, Country: sr.country, IsRegion: true, Form: form, City: city}
	bare := city || b.bareAllowed(sr.country, sr.typ, manyUnits)
	for _, n := range names {
		if n == "" {
			continue
		}
		if isCyrillic(n) {
			b.ruNames(n, e, sr.typ, bare)
			continue
		}
		n = strings.TrimSpace(strings.TrimSuffix(n, "'"))
		stem, typed := stripType(n)
		if form != FormAlias && b.stops.drop[joinKeys(Keys(stem))] {
			continue // "North Region", "Central Province": generic words
		}
		if typed {
			full := e
			b.add(n, full)
		}
		for _, suf := range variantSuffixes(sr.typ) {
			b.add(stem+" "+suf, e)
		}
		if sr.typ == "republic" || sr.typ == "autonomous republic" {
			b.add("Republic of "+stem, e)
		}
		be := e
		be.Bare = true
		switch {
		case bare && typed:
			// "Free State" is not "Free": a stem is a name only when some
			// source gives it alone.
		case bare:
			b.add(stem, be)
		case !smallType(sr.typ):
			be.StemOnly = true
			b.add(stem, be)
		}
	}
}

// ruNames adds a Russian name; the stemmer covers its case forms.
func (b *builder) ruNames(n string, e Entry, typ string, bare bool) {
	for _, part := range strings.Split(n, " — ") {
		part = strings.TrimSpace(strings.TrimRight(part, "0123456789²³"))
		keys := Keys(part)
		if len(keys) == 0 {
			continue
		}
		hasType := IsTypeWord(keys[len(keys)-1]) || keys[0] == "республик"
		if hasType {
			b.add(part, e)
			if keys[len(keys)-1] == "област" {
				// "Свердловской обл.": the agencies' abbreviation.
				b.add(strings.Join(strings.Fields(part)[:len(strings.Fields(part))-1], " ")+" обл", e)
			}
			if keys[0] == "республик" && len(keys) > 1 && bare {
				be := e
				be.Bare = true
				b.add(strings.SplitN(part, " ", 2)[1], be)
			}
			continue
		}
		if typ == "republic" {
			b.add("Республика "+part, e)
		}
		if bare && (e.City || e.Country == "RU" || utf8.RuneCountInString(joinKeys(keys)) >= 5) {
			// Short stems collide with Russian words and given names
			// ("Марк", "Кан").
			be := e
			be.Bare = true
			b.add(part, be)
		}
	}
}

func (b *builder) aliases() error {
	s, err := readFile("aliases.tsv")
	if err != nil {
		return err
	}
	for _, r := range rows(s) {
		if len(r) < 4 {
			return fmt.Errorf("parsing aliases.tsv: short line %q", r)
		}
		code, form, name := r[0], r[2], r[3]
		p, ok := b.g.places[code]
		if !ok {
			return fmt.Errorf("parsing aliases.tsv: unknown code %s", code)
		}
		if form == "canonical" {
			p.Name = name
			continue
		}
		if p.Type == "country" {
			b.add(name, Entry{Code: code, Country: code, Form: FormAlias, Lang: r[1]})
			continue
		}
		sr := subRow{code: code, country: p.Country, typ: p.Type}
		if form == "bare" {
			b.add(name, Entry{Code: code, Country: p.Country, IsRegion: true, Form: FormAlias, Lang: r[1], Bare: true, City: cityish(p.Type)})
			if isCyrillic(name) {
				continue
			}
			e := Entry{Code: code, Country: p.Country, IsRegion: true, Form: FormAlias, Lang: r[1]}
			for _, suf := range variantSuffixes(p.Type) {
				b.add(name+" "+suf, e)
			}
			if p.Type == "republic" {
				b.add("Republic of "+name, e)
			}
			continue
		}
		b.subNames(sr, []string{name}, FormAlias, false)
	}
	return nil
}

func (b *builder) adjectives() error {
	// Generated nationalities first, skipping those shared by countries
	// ("Congolese"); the reviewed file adds the rest.
	s, err := readFile("countries.tsv")
	if err != nil {
		return err
	}
	owners := map[string][]string{}
	for _, r := range rows(s) {
		if len(r) > 3 && r[3] != "" {
			owners[r[3]] = append(owners[r[3]], r[0])
		}
	}
	adj, err := readFile("adjectives.tsv")
	if err != nil {
		return err
	}
	type row struct{ code, lang, form, word string }
	var all []row
	for nat, codes := range owners {
		if len(codes) == 1 && !strings.ContainsAny(nat, ",/()") {
			all = append(all, row{codes[0], "en", FormAdjective, nat})
		}
	}
	for _, r := range rows(adj) {
		if len(r) < 4 {
			return fmt.Errorf("parsing adjectives.tsv: short line %q", r)
		}
		for _, w := range strings.Split(r[3], ",") {
			all = append(all, row{r[0], r[1], r[2], strings.TrimSpace(w)})
		}
	}
	// Russian adjectives by rule for the regular patterns: Индонезия ->
	// индонезийский, Таджикистан -> таджикистанский. Irregular ones are in
	// adjectives.tsv; a wrong guess only adds a word no text contains.
	for _, r := range rows(s) {
		ru := strings.ToLower(r[2])
		if strings.ContainsAny(ru, " -") || ru == "" {
			continue
		}
		switch {
		case strings.HasSuffix(ru, "ия"):
			all = append(all, row{r[0], "ru", FormAdjective, strings.TrimSuffix(ru, "ия") + "ийский"})
		case strings.HasSuffix(ru, "стан"):
			all = append(all, row{r[0], "ru", FormAdjective, ru + "ский"})
		}
	}
	for _, r := range all {
		e := Entry{Code: r.code, Country: r.code, Form: r.form, Lang: r.lang}
		b.add(r.word, e)
		if r.lang == "en" && r.form == FormAdjective {
			if pl, ok := plural(r.word); ok {
				e.Form = FormDemonym
				b.add(pl, e)
			}
		}
	}
	return nil
}

// plural makes the people's name from an English adjective where English
// does so by adding -s (Russian -> Russians, Kazakhstani -> Kazakhstanis).
func plural(adj string) (string, bool) {
	for _, suf := range []string{"sh", "ch", "ese", "s", "z", "ss", "i", "x"} {
		if strings.HasSuffix(adj, suf) && !(suf == "i" && strings.HasSuffix(adj, "stani")) && !(suf == "i" && adj == "Emirati") {
			return "", false
		}
	}
	return adj + "s", true
}
