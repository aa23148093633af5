package content

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/tieline/tieline/extractors/content/dates"
)

//go:embed datelabels.txt
var dateLabelsData string

// Kinds of date labels in datelabels.txt.
const (
	labelNone = iota
	labelPublished
	labelUpdated
)

type dateLabel struct {
	kind int
	re   *regexp.Regexp
}

var dateLabels = mustCompileDateLabels(dateLabelsData)

func mustCompileDateLabels(data string) []dateLabel {
	var out []dateLabel
	for i, line := range strings.Split(data, "\n") {
		kind, pat, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		k := labelPublished
		if kind == "updated" {
			k = labelUpdated
		}
		re, err := regexp.Compile(`(?i)` + pat)
		if err != nil {
			// The file is embedded and covered by tests: a failure is a build defect.
			panic(fmt.Sprintf("datelabels.txt line %d: %v", i+1, err))
		}
		out = append(out, dateLabel{k, re})
	}
	return out
}

// labelBefore returns the kind of label that ends the text before a date.
func labelBefore(s string) int {
	if len(s) > 80 {
		s = s[len(s)-80:]
	}
	for _, l := range dateLabels {
		if l.re.MatchString(s) {
			return l.kind
		}
	}
	return labelNone
}

// dateCand is a publication time found in one place of a page, with what
// the page said of it.
type dateCand struct {
	t                time.Time
	hasYear, hasTime bool
	kind             int // labelPublished, labelUpdated or labelNone
}

// labeledDates returns the dates of a line with the label before each:
// "Updated: May 29, 2024 · Published: May 27, 2024" gives both, marked.
func labeledDates(line string, now time.Time, loc *time.Location) []dateCand {
	ms := dates.FindAll(line, now, loc, 8)
	out := make([]dateCand, 0, len(ms))
	prev := 0
	for _, m := range ms {
		out = append(out, dateCand{t: m.Time, hasYear: m.HasYear, hasTime: m.HasTime, kind: labelBefore(line[prev:m.Start])})
		prev = m.End
	}
	return out
}

// bestOfLine picks a line's publication date: a date labelled published,
// else an unlabelled one; a line holding only revision dates gives one
// with ok = false.
func bestOfLine(cs []dateCand) (dateCand, bool) {
	for _, want := range []int{labelPublished, labelNone} {
		for _, c := range cs {
			if c.kind == want {
				return c, true
			}
		}
	}
	if len(cs) > 0 {
		return cs[0], false
	}
	return dateCand{}, false
}

// pickDate chooses among candidates in order of trust. The first with a
// year wins (a revision date only when nothing else has one); when it has
// no time of day, a later candidate on the same day lends it its time, so
// that a URL's /20240527/ becomes the "12:45 27.05.2024" the page shows.
func pickDate(cs []dateCand) time.Time {
	best := -1
	for _, updated := range []bool{false, true} {
		for i, c := range cs {
			if !c.t.IsZero() && c.hasYear && (c.kind == labelUpdated) == updated {
				best = i
				break
			}
		}
		if best >= 0 {
			break
		}
	}
	if best < 0 {
		for i, c := range cs {
			if !c.t.IsZero() && c.kind != labelUpdated {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return time.Time{}
	}
	b := cs[best]
	if !b.hasTime {
		y, m, d := b.t.Date()
		for _, c := range cs {
			if c.hasTime && c.kind != labelUpdated {
				cy, cm, cd := c.t.Date()
				if cm == m && cd == d && (cy == y || !c.hasYear) {
					return time.Date(y, m, d, c.t.Hour(), c.t.Minute(), c.t.Second(), 0, c.t.Location())
				}
			}
		}
	}
	return b.t
}

// hasClock reports whether t carries a time of day; metadata giving only
// a date parses to midnight.
func hasClock(t time.Time) bool {
	return t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0
}
