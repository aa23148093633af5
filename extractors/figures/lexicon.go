package figures

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.txt
var dataFS embed.FS

// numWord is one number word or scale abbreviation from data/numbers.txt.
type numWord struct {
	value float64
	typ   byte // 'u' unit, 't' ten, 'h' hundreds value, 'x' "hundred", 's' scale, 'a' abbreviation
	dot   bool // the abbreviation may carry a period ("тыс.")
}

// currency is one currency form from data/currencies.txt, split into the
// lower-cased tokens it is matched by.
type currency struct {
	toks          []string // lower-cased tokens
	raw           []string // tokens as written in the data
	caseSensitive []bool   // short upper-case tokens ("RUB", "Br") match only as written
	code          string
	isCode        bool // the form is an ISO code ("USD"), not a symbol or word
	pre           bool
	post          bool
}

// langWords holds one language's word lists.
type langWords struct {
	stop      map[string]bool
	notPlural map[string]bool
	irregular map[string]string
	reject    map[string]bool // English: exact words; Russian: lemmas, "x!" = exact
	party     map[string]bool
	determ    map[string]bool
	label     map[string]bool
	measure   map[string][]string // first token -> alternatives "tok tok|unit"
	unitPref  map[string]bool
	approx    [][]string
	lemmas    []string
}

// lexicon is everything the tagger knows, loaded once at init.
type lexicon struct {
	nums       map[string]numWord
	currencies map[string][]currency // first token -> forms, longest first
	en, ru     langWords
	subjects   map[string]string
	subjPrefix []subjPrefix
}

type subjPrefix struct{ prefix, subject string }

var lex = mustLoad()

// mustLoad parses the embedded data; the data is part of the binary, so a
// parse error is a build defect and is reported at init.
func mustLoad() *lexicon {
	l, err := load()
	if err != nil {
		panic(fmt.Sprintf("figures: loading embedded data: %v", err))
	}
	return l
}

func load() (*lexicon, error) {
	l := &lexicon{
		nums:       map[string]numWord{},
		currencies: map[string][]currency{},
		subjects:   map[string]string{},
	}
	if err := eachLine("data/numbers.txt", func(line string) error {
		f := strings.Split(line, "|")
		if len(f) != 3 || len(f[2]) != 1 {
			return fmt.Errorf("bad number line %q", line)
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return fmt.Errorf("parsing value in %q: %w", line, err)
		}
		w := strings.ToLower(f[0])
		nw := numWord{value: v, typ: f[2][0]}
		if strings.HasSuffix(w, ".") {
			w = strings.TrimSuffix(w, ".")
			nw.dot = true
		}
		l.nums[w] = nw
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachLine("data/currencies.txt", func(line string) error {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			return fmt.Errorf("bad currency line %q", line)
		}
		raw := rawTokens(f[0])
		c := currency{toks: phraseTokens(f[0]), raw: raw, code: f[1]}
		for _, r := range raw {
			c.caseSensitive = append(c.caseSensitive, len(r) <= 3 && strings.ToLower(r) != r)
		}
		c.isCode = len(raw) == 1 && len(raw[0]) == 3 && strings.ToUpper(raw[0]) == raw[0] && isASCIILetter(raw[0][0])
		switch f[2] {
		case "pre":
			c.pre = true
		case "post":
			c.post = true
		case "both":
			c.pre, c.post = true, true
		default:
			return fmt.Errorf("bad currency position in %q", line)
		}
		if len(c.toks) == 0 {
			return fmt.Errorf("empty currency form in %q", line)
		}
		l.currencies[c.toks[0]] = append(l.currencies[c.toks[0]], c)
		return nil
	}); err != nil {
		return nil, err
	}
	for k, cs := range l.currencies {
		sortLongestFirst(cs)
		l.currencies[k] = cs
	}
	var err error
	if l.en, err = loadLang("data/english.txt"); err != nil {
		return nil, err
	}
	if l.ru, err = loadLang("data/russian.txt"); err != nil {
		return nil, err
	}
	if err := eachLine("data/subjects.txt", func(line string) error {
		f := strings.Split(line, "|")
		if len(f) != 2 {
			return fmt.Errorf("bad subject line %q", line)
		}
		if p, ok := strings.CutSuffix(f[0], "*"); ok {
			l.subjPrefix = append(l.subjPrefix, subjPrefix{p, f[1]})
		} else {
			l.subjects[f[0]] = f[1]
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return l, nil
}

func sortLongestFirst(cs []currency) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && len(cs[j].toks) > len(cs[j-1].toks); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// rawTokens splits a data phrase into tokens as written.
func rawTokens(s string) []string {
	var out []string
	for _, t := range tokenize(s, nil) {
		if t.kind != tNL {
			out = append(out, s[t.start:t.end])
		}
	}
	return out
}

// phraseTokens splits a data phrase the way the tokenizer splits text, so
// that "U.S. dollars" is matched token by token.
func phraseTokens(s string) []string {
	toks := tokenize(s, nil)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.kind == tNL {
			continue
		}
		out = append(out, strings.ToLower(s[t.start:t.end]))
	}
	return out
}

func loadLang(path string) (langWords, error) {
	w := langWords{
		stop:      map[string]bool{},
		notPlural: map[string]bool{},
		irregular: map[string]string{},
		reject:    map[string]bool{},
		party:     map[string]bool{},
		determ:    map[string]bool{},
		label:     map[string]bool{},
		measure:   map[string][]string{},
		unitPref:  map[string]bool{},
	}
	section := ""
	err := eachLine(path, func(line string) error {
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			return nil
		}
		fields := strings.Fields(strings.ToLower(line))
		switch section {
		case "stop", "notplural", "reject", "party", "unitprefix", "determiner", "label":
			m := map[string]map[string]bool{"stop": w.stop, "notplural": w.notPlural,
				"reject": w.reject, "party": w.party, "unitprefix": w.unitPref,
				"determiner": w.determ, "label": w.label}[section]
			for _, f := range fields {
				m[f] = true
			}
		case "irregular":
			if len(fields) != 2 {
				return fmt.Errorf("bad irregular line %q", line)
			}
			w.irregular[fields[0]] = fields[1]
		case "measure":
			// The abbreviation is everything before the last run of unit
			// words; abbreviations are one or two tokens ("sq km", "кв. м").
			abbr, unit, ok := splitMeasure(line)
			if !ok {
				return fmt.Errorf("bad measure line %q", line)
			}
			toks := phraseTokens(abbr)
			w.measure[toks[0]] = append(w.measure[toks[0]], strings.Join(toks, " ")+"|"+unit)
		case "approx":
			w.approx = append(w.approx, phraseTokens(line))
		case "lemma":
			w.lemmas = append(w.lemmas, fields...)
		default:
			return fmt.Errorf("line %q outside a known section", line)
		}
		return nil
	})
	return w, err
}

// splitMeasure splits "sq km square kilometer" into the abbreviation and
// the unit: the unit is the last word, or the last two when the line has
// three or more words and the abbreviation has a space or a period.
func splitMeasure(line string) (abbr, unit string, ok bool) {
	f := strings.Fields(strings.ToLower(line))
	switch {
	case len(f) < 2:
		return "", "", false
	case len(f) == 2:
		return f[0], f[1], true
	case len(f) == 3 && !strings.Contains(f[0], ".") && f[0] != "sq":
		return f[0], f[1] + " " + f[2], true
	default:
		return strings.Join(f[:len(f)-2], " "), f[len(f)-2] + " " + f[len(f)-1], true
	}
}

func eachLine(path string, fn func(string) error) error {
	f, err := dataFS.Open(path)
	if err != nil {
		return fmt.Errorf("opening %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, "#"); i == 0 || (i > 0 && line[i-1] == ' ') {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	return nil
}
