package content

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tieline/tieline/extractors/content/dates"
)

// detectRef is a reference time far enough ahead that any date counts as
// plausible; it is used only to recognize that a line is a date.
var detectRef = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// isDateOnly reports whether a line is a date with at most a few words
// around it: archive lists, "19:20, 17 May", "Важное и актуальное, 21.03.2024, 10:34".
func isDateOnly(line string) bool {
	n, _, ok := dateLineWords(line)
	return ok && n <= 3
}

// isBylineDate reports whether a line is a byline or meta line that gives
// a full date with a time of day among a few other words: "Marta Iglesias,
// Santiago, 27 de mayo de 2024 - 10:30 CEST", "Дата публикации: 27.05.2024
// 10:00 | Дата изменения: ...". A sentence announcing a date ends with
// punctuation and seldom gives a time of day.
func isBylineDate(line string) bool {
	n, full, ok := dateLineWords(line)
	return ok && full && n <= 8 && !strings.ContainsAny(line[len(line)-1:], ".!?")
}

// dateLineWords counts the words with letters that a short line holds
// besides its dates, and whether one of the dates has a year and a time.
func dateLineWords(line string) (words int, full, ok bool) {
	if len(line) > 400 || utf8.RuneCountInString(line) > 120 {
		return 0, false, false
	}
	ms := dates.FindAll(line, detectRef, nil, 0)
	if len(ms) == 0 {
		return 0, false, false
	}
	rest := line
	for i := len(ms) - 1; i >= 0; i-- {
		full = full || ms[i].HasYear && ms[i].HasTime
		rest = rest[:ms[i].Start] + " " + rest[ms[i].End:]
	}
	for _, w := range strings.Fields(rest) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			words++
		}
	}
	return words, full, true
}

// datePrefixRe is the "date 2019-12-09" label some exports put in front of
// the first line.
var datePrefixRe = regexp.MustCompile(`(?i)^\s*(?:date|дата)\s*:?\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\s+`)

// extractPlain handles a text document: one paragraph per line or per
// blank-line-separated block, boilerplate lines around it, the title on one
// of the first lines.
func extractPlain(doc string, now time.Time, loc *time.Location) (Result, string) {
	doc = strings.ReplaceAll(strings.ReplaceAll(doc, "\r\n", "\n"), "\r", "\n")
	doc = capText(strings.TrimPrefix(doc, "\uFEFF"))
	var labels []string
	if m := datePrefixRe.FindStringSubmatchIndex(doc); m != nil {
		labels = append(labels, "date "+doc[m[2]:m[3]])
		doc = doc[m[1]:]
	}
	var paras []string
	for _, l := range strings.Split(doc, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			paras = append(paras, l)
		}
	}
	kept, more := cleanParagraphs(paras, true)
	labels = append(labels, more...)

	var res Result
	title, ti := pickTitle(kept)
	if ti >= 0 {
		kept = append(kept[:ti:ti], kept[ti+1:]...)
		// The title is often repeated right below itself.
		for len(kept) > ti && kept[ti] == title {
			kept = append(kept[:ti:ti], kept[ti+1:]...)
		}
	}
	res.Title = title
	res.Text = strings.Join(kept, "\n\n")
	res.Published = pickDate(append(labelDates(labels, now, loc), leadDates(kept, now, loc)...))
	// Attribution lines ("Source: TASS", photo credits) may have been
	// dropped as boilerplate; keep them visible to the agency search.
	return res, doc
}

// isBody reports whether a paragraph is running text rather than a heading.
func isBody(p string) bool {
	n := utf8.RuneCountInString(p)
	return n >= 250 || n >= 120 && strings.ContainsAny(p[len(p)-1:], ".!?»\"”")
}

// isHeadline reports whether a paragraph can be a title.
func isHeadline(p string) bool {
	n := utf8.RuneCountInString(p)
	if n < 10 || n > 250 || isBody(p) {
		return false
	}
	return len(strings.Fields(p)) >= 3
}

// pickTitle chooses the title among the lines before the first body
// paragraph: the headline sharing most word stems with the lead (titles
// summarize it, site names and rubrics do not), the earliest on ties. It
// returns the index of the chosen line, or -1 with the lead's first
// sentence when the text starts with running text.
func pickTitle(paras []string) (string, int) {
	lead := -1
	for i, p := range paras {
		if isBody(p) {
			lead = i
			break
		}
	}
	if lead < 0 {
		lead = len(paras)
	}
	type scored struct {
		i     int
		score float64
	}
	var scores []scored
	bestScore := -1.0
	var leadStems map[string]bool
	if lead < len(paras) {
		leadStems = stems(paras[lead])
	}
	for i := 0; i < lead && i < 12; i++ {
		if !isHeadline(paras[i]) {
			continue
		}
		st := stems(paras[i])
		score := 0.0
		if len(st) > 0 {
			hit := 0
			for s := range st {
				if leadStems[s] {
					hit++
				}
			}
			score = float64(hit) / float64(len(st))
		}
		scores = append(scores, scored{i, score})
		bestScore = max(bestScore, score)
	}
	// The first headline wins unless a later one fits the lead far better:
	// a caption-like line may share more words with a caption-like lead.
	for _, c := range scores {
		if c.score >= bestScore/2 {
			return paras[c.i], c.i
		}
	}
	if lead < len(paras) {
		return firstSentence(stripDateline(paras[lead])), -1
	}
	if len(paras) > 0 {
		return firstSentence(stripDateline(paras[0])), -1
	}
	return "", -1
}

// stems returns the first five letters of each word of four letters or
// more: crude, but enough to match "Астрахань" with "Астраханскую".
func stems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)
		if len(r) < 4 || stopwords[w] != nil {
			continue
		}
		if len(r) > 5 {
			r = r[:5]
		}
		out[string(r)] = true
	}
	return out
}

// stripDateline removes the dateline that opens a paragraph.
func stripDateline(p string) string {
	dl, _ := findDateline(p)
	if dl == "" || !strings.HasPrefix(p, dl) {
		return p
	}
	return strings.TrimLeft(p[len(dl):], " -–—:.")
}

// firstSentence returns the first sentence of p, at most about 200 characters.
func firstSentence(p string) string {
	for i, r := range p {
		if (r == '.' || r == '!' || r == '?') && i > 20 && (i+1 == len(p) || p[i+1] == ' ') {
			p = p[:i+1]
			break
		}
	}
	if utf8.RuneCountInString(p) > 200 {
		r := []rune(p)[:200]
		s := string(r)
		if j := strings.LastIndex(s, " "); j > 100 {
			s = s[:j]
		}
		p = s + "…"
	}
	return p
}

// labelDates returns the dates of label lines ("Published 12.10.2018",
// date lines above the story) in order, marked by their labels.
func labelDates(labels []string, now time.Time, loc *time.Location) []dateCand {
	var out []dateCand
	for _, l := range labels {
		cs := labeledDates(l, now, loc)
		if c, ok := bestOfLine(cs); ok || len(cs) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// leadDates reads a date in the dateline of the first body paragraphs:
// "PARIS (UrduPoint News / Sputnik - 09th December, 2019)".
func leadDates(paras []string, now time.Time, loc *time.Location) []dateCand {
	for i, p := range paras {
		if i >= 5 {
			break
		}
		dl, _ := findDateline(p)
		if dl == "" {
			continue
		}
		if m, ok := dates.Find(dl, now, loc); ok {
			return []dateCand{{t: m.Time, hasYear: m.HasYear, hasTime: m.HasTime}}
		}
	}
	return nil
}
