package officials

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors/text"
)

//go:embed titles.txt
var titlesData string

//go:embed vocab.txt
var vocabData string

//go:embed particles.txt
var particlesData string

//go:embed stopwords.txt
var stopwordsData string

//go:embed firstnames.txt
var firstnamesData string

//go:embed republics.txt
var republicsData string

// alt is one alternative of a pattern word: an exact folded word or a stem.
type alt struct {
	word string
	stem bool
}

// matches reports whether the folded token w matches a.
func (a alt) matches(w string) bool {
	if !a.stem {
		return w == a.word
	}
	if !strings.HasPrefix(w, a.word) {
		return false
	}
	return utf8.RuneCountInString(w[len(a.word):]) <= 4
}

// pword is one word of a pattern: any of its alternatives.
type pword []alt

func (p pword) matches(w string) bool {
	for _, a := range p {
		if a.matches(w) {
			return true
		}
	}
	return false
}

// titlePattern is one line of titles.txt.
type titlePattern struct {
	lang      string
	words     []pword
	canonical string
	mod       bool
	region    bool
	plural    bool
	abbr      bool   // written with a dot that is not a sentence end ("Gov.")
	regional  string // canonical when the complement names a region
	place     string // canonical when the complement is only a region place
}

// vocabEntry is one line of vocab.txt.
type vocabEntry struct {
	lang  string
	w     alt
	tr    string // translation; "" keep (en) / drop (ru); "-" drop
	front bool   // "<": goes before the preceding word
}

// lexicon holds the parsed data files.
type lexicon struct {
	titles     []titlePattern
	titleIndex map[string][]int // first-word key -> pattern indexes
	vocab      []vocabEntry
	vocabExact map[string]int
	vocabStems map[string][]int
	particles  map[string]bool
	stop       map[string]bool
	firstNames map[string]bool
	republics  map[string]bool // region codes led by a "head of the republic"
}

// key returns the index key of a folded word or stem: its first three runes.
func key(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			return w[:i]
		}
		n++
	}
	return w
}

func parseAlts(s string) pword {
	var p pword
	for _, a := range strings.Split(s, "|") {
		if strings.HasSuffix(a, "*") {
			p = append(p, alt{word: strings.TrimSuffix(a, "*"), stem: true})
		} else {
			p = append(p, alt{word: a})
		}
	}
	return p
}

func dataLines(data string) [][]string {
	var out [][]string
	for _, line := range strings.Split(data, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}

func loadSet(data string) map[string]bool {
	m := map[string]bool{}
	for _, f := range dataLines(data) {
		m[text.Fold(strings.TrimSpace(f[0]))] = true
	}
	return m
}

// loadCodes reads one code a line, as written (upper case).
func loadCodes(data string) map[string]bool {
	m := map[string]bool{}
	for _, f := range dataLines(data) {
		m[strings.TrimSpace(f[0])] = true
	}
	return m
}

// loadLexicon parses the embedded data files.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{
		titleIndex: map[string][]int{},
		vocabExact: map[string]int{},
		vocabStems: map[string][]int{},
		particles:  loadSet(particlesData),
		stop:       loadSet(stopwordsData),
		firstNames: loadSet(firstnamesData),
		republics:  loadCodes(republicsData),
	}
	for n, f := range dataLines(titlesData) {
		if len(f) < 3 {
			return nil, fmt.Errorf("parsing titles.txt entry %d: want lang, pattern, canonical: %q", n+1, f)
		}
		tp := titlePattern{lang: f[0], canonical: f[2]}
		for _, w := range strings.Fields(f[1]) {
			tp.words = append(tp.words, parseAlts(w))
		}
		if len(tp.words) == 0 {
			return nil, fmt.Errorf("parsing titles.txt entry %d: empty pattern", n+1)
		}
		if len(f) > 3 {
			for _, flag := range strings.Split(f[3], ",") {
				k, v, _ := strings.Cut(strings.TrimSpace(flag), "=")
				switch k {
				case "":
				case "mod":
					tp.mod = true
				case "region":
					tp.region = true
				case "plural":
					tp.plural = true
				case "abbr":
					tp.abbr = true
				case "regional":
					tp.regional = v
				case "place":
					tp.place = v
				default:
					return nil, fmt.Errorf("parsing titles.txt entry %d: unknown flag %q", n+1, k)
				}
			}
		}
		lx.titles = append(lx.titles, tp)
		for _, a := range tp.words[0] {
			k := key(a.word)
			lx.titleIndex[k] = append(lx.titleIndex[k], len(lx.titles)-1)
		}
	}
	for _, f := range dataLines(vocabData) {
		w := f[0]
		if len(f) > 1 {
			w = strings.TrimSpace(f[1])
		}
		ve := vocabEntry{lang: f[0], w: parseAlts(w)[0]}
		if len(f) > 2 {
			ve.tr = f[2]
			if strings.HasPrefix(ve.tr, "<") {
				ve.front = true
				ve.tr = ve.tr[1:]
			}
		}
		lx.vocab = append(lx.vocab, ve)
		i := len(lx.vocab) - 1
		if ve.w.stem {
			lx.vocabStems[key(ve.w.word)] = append(lx.vocabStems[key(ve.w.word)], i)
		} else {
			lx.vocabExact[ve.w.word] = i
		}
	}
	return lx, nil
}

// vocabAt returns the vocabulary entry for the folded word w, or nil.
func (lx *lexicon) vocabAt(w string) *vocabEntry {
	if i, ok := lx.vocabExact[w]; ok {
		return &lx.vocab[i]
	}
	for _, i := range lx.vocabStems[key(w)] {
		if lx.vocab[i].w.matches(w) {
			return &lx.vocab[i]
		}
	}
	return nil
}

// titleAt returns the longest title pattern matching the folded words ws at
// their start, with the number of words it covers.
func (lx *lexicon) titleAt(ws []string) (*titlePattern, int) {
	if len(ws) == 0 {
		return nil, 0
	}
	var best *titlePattern
	bestN := 0
	for _, i := range lx.titleIndex[key(ws[0])] {
		tp := &lx.titles[i]
		if len(tp.words) > len(ws) || len(tp.words) <= bestN {
			continue
		}
		ok := true
		for k, pw := range tp.words {
			if !pw.matches(ws[k]) {
				ok = false
				break
			}
		}
		if ok {
			best, bestN = tp, len(tp.words)
		}
	}
	return best, bestN
}
