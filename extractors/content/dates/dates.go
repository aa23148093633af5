// Package dates parses the publication dates news pages give, both the
// machine forms of markup (ISO 8601, RFC 1123) and the visible forms of
// English and Russian agencies ("Friday, 12 October 2018 15:52",
// "19:20, 17 May", "09th December, 2019", "27 мая 2024, 18:20",
// "12.10.2018"), and checks them against a plausibility window.
package dates

import (
	_ "embed"
	"regexp"
	"strconv"
	"strings"
	"time"
)

//go:embed months.txt
var monthsData string

// months maps a lower-case month name or abbreviation to its number.
var months = loadMonths(monthsData)

func loadMonths(data string) map[string]time.Month {
	m := map[string]time.Month{}
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 || n > 12 {
			continue
		}
		for _, name := range f[1:] {
			if _, ok := m[strings.ToLower(name)]; !ok {
				m[strings.ToLower(name)] = time.Month(n)
			}
		}
	}
	return m
}

// Earliest is the start of the plausibility window: tieline's sources have
// no web pages from before it.
var Earliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// futureSlack lets a date-only value written in a zone ahead of UTC pass
// the "not in the future" check.
const futureSlack = 14 * time.Hour

// Plausible reports whether t can be a publication time for a page fetched
// at now: not before 1990 and not in the future.
func Plausible(t, now time.Time) bool {
	return !t.IsZero() && !t.Before(Earliest) && !t.After(now.Add(futureSlack))
}

const zonePat = `(?:\(?(Z|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|UTC|GMT|МСК|MSK|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST)\)?)`

var (
	// isoRe: 2019-12-09, 2019-12-09T10:52:50+0100, 2017-11-03 03:01:00.000000, 2019/12/09.
	isoRe = regexp.MustCompile(`(?i)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*` + zonePat + `?`)
	// dmyRe: 12.10.2018, 28/01/18 14:14, 07.04.2009 18:30 МСК, 12:45 27.05.2024 (RIA, Sputnik).
	dmyRe = regexp.MustCompile(`(?i)(?:(\d{1,2}):(\d{2})\s*,?\s*)?(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:(?:,?\s+(?:в\s+)?|\s*[|-]\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*` + zonePat + `?`)
	// dayMonthRe: 12 October 2018 15:52, 09th December, 2019, 19:20, 17 May, 27 мая 2024, 18:20,
	// 27. Mai 2024, 14:05 Uhr, 1er mai 2024 à 18h20, 27 de mayo de 2024 - 18:20, 27-may, 2024.
	dayMonthRe = regexp.MustCompile(`(?i)(?:(\d{1,2}):(\d{2})\s*,?\s*)?(\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+(?:de\s+)?|-)(\p{L}+)\.?,?(?:\s+(?:de\s+|del\s+)?(\d{4})(?:\s*(?:г\.|года|год|г\b|ж\.|жыл\p{L}*|yil\p{L}*))?)?(?:\s*(?:,|at|в|à|a las|um|às|alle|-|—|–|\|)?\s*(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)?\s*` + zonePat + `?`)
	// cjkRe: 2024年5月27日 18:20, 2024年05月27日.
	cjkRe = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?`)
	// monthDayRe: December 9, 2019, Oct 8, Feb. 7 (at 10:00 am).
	monthDayRe = regexp.MustCompile(`(?i)(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?:\s*(?:,|at|-|—|–|\|)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)?\s*` + zonePat + `?`)
)

// Match is one date found in a text.
type Match struct {
	Time       time.Time
	Start, End int  // byte offsets of the date in the text
	HasYear    bool // false when the year was inferred
	HasTime    bool // true when a time of day was given
}

// Parse parses s, which should hold one date, and returns the first date in
// it. ref is the fetch time: it supplies the year when s has none and is
// the end of the plausibility window. loc is the zone of dates that name
// none (nil = UTC).
func Parse(s string, ref time.Time, loc *time.Location) (time.Time, bool) {
	if t, ok := parseMachine(strings.TrimSpace(s)); ok {
		if Plausible(t, ref) {
			return t, true
		}
	}
	m, ok := Find(s, ref, loc)
	return m.Time, ok
}

// parseMachine tries the exact layouts of metadata: RFC 3339 and its
// relatives, RFC 1123, and Unix seconds.
func parseMachine(s string) (time.Time, bool) {
	for _, layout := range []string{
		time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00",
		time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, "Mon, 2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04:05 MST",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if len(s) == 10 && strings.Trim(s, "0123456789") == "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC(), true
		}
	}
	return time.Time{}, false
}

// Find returns the first plausible date in text.
func Find(text string, ref time.Time, loc *time.Location) (Match, bool) {
	all := FindAll(text, ref, loc, 1)
	if len(all) == 0 {
		return Match{}, false
	}
	return all[0], true
}

// FindAll returns up to max plausible dates in text in order of position
// (max <= 0 means all). Overlapping candidates are resolved in favour of
// the one that starts first, then the longest.
func FindAll(text string, ref time.Time, loc *time.Location, max int) []Match {
	if loc == nil {
		loc = time.UTC
	}
	var cands []Match
	add := func(m Match, ok bool) {
		if ok && Plausible(m.Time, ref) {
			cands = append(cands, m)
		}
	}
	for _, ix := range isoRe.FindAllStringSubmatchIndex(text, -1) {
		if boundedDigits(text, ix[0], ix[1]) {
			add(fromISO(text, ix, loc))
		}
	}
	for _, ix := range cjkRe.FindAllStringSubmatchIndex(text, -1) {
		if boundedDigits(text, ix[0], ix[1]) {
			add(fromISO(text, append(ix, -1, -1), loc))
		}
	}
	for _, ix := range dmyRe.FindAllStringSubmatchIndex(text, -1) {
		if boundedDigits(text, ix[0], ix[1]) {
			add(fromDMY(text, ix, ref, loc))
		}
	}
	for _, ix := range dayMonthRe.FindAllStringSubmatchIndex(text, -1) {
		if boundedDigits(text, ix[0], ix[1]) {
			add(fromDayMonth(text, ix, ref, loc))
		}
	}
	for _, ix := range monthDayRe.FindAllStringSubmatchIndex(text, -1) {
		if startsWord(text, ix[0]) && boundedDigits(text, ix[0], ix[1]) {
			add(fromMonthDay(text, ix, ref, loc))
		}
	}
	// Order by start, longer first, and drop candidates inside an earlier one.
	sortMatches(cands)
	var out []Match
	end := -1
	for _, c := range cands {
		if c.Start < end {
			continue
		}
		out = append(out, c)
		end = c.End
		if max > 0 && len(out) == max {
			break
		}
	}
	return out
}

func sortMatches(ms []Match) {
	// Insertion sort: candidate lists are short.
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func less(a, b Match) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	return a.End > b.End
}

// boundedDigits rejects matches glued to more digits or dots, which are
// version numbers, phone numbers or IDs rather than dates.
func boundedDigits(s string, start, end int) bool {
	if start > 0 {
		c := s[start-1]
		if c >= '0' && c <= '9' || c == '.' && start > 1 && s[start-2] >= '0' && s[start-2] <= '9' {
			return false
		}
	}
	if end < len(s) {
		c := s[end]
		if c >= '0' && c <= '9' {
			return false
		}
		if (c == '.' || c == '/' || c == '-') && end+1 < len(s) && s[end+1] >= '0' && s[end+1] <= '9' {
			return false
		}
	}
	return true
}

// startsWord reports whether a match starts at a word boundary (RE2's \b
// is ASCII-only, and month names may be Cyrillic).
func startsWord(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	return c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
}

func group(s string, ix []int, g int) string {
	if 2*g+1 >= len(ix) || ix[2*g] < 0 {
		return ""
	}
	return s[ix[2*g]:ix[2*g+1]]
}

func num(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

func fromISO(s string, ix []int, loc *time.Location) (Match, bool) {
	y, mo, d := num(group(s, ix, 1)), num(group(s, ix, 2)), num(group(s, ix, 3))
	hh, mm, ss := group(s, ix, 4), group(s, ix, 5), group(s, ix, 6)
	return build(s, ix, y, mo, d, hh, mm, ss, "", group(s, ix, 7), true, loc)
}

func fromDMY(s string, ix []int, ref time.Time, loc *time.Location) (Match, bool) {
	d, mo, y := num(group(s, ix, 3)), num(group(s, ix, 4)), group(s, ix, 5)
	year := num(y)
	if len(y) == 2 {
		year = twoDigitYear(year, ref)
	}
	// Only the day-first order is read: it is the Russian, Belarusian and
	// British order; 12/31/2019 (US) still parses because 31 is no month.
	if mo > 12 && d <= 12 {
		d, mo = mo, d
	}
	hh, mm, ss := group(s, ix, 6), group(s, ix, 7), group(s, ix, 8)
	if hh == "" { // the time may come first: "12:45 27.05.2024"
		hh, mm = group(s, ix, 1), group(s, ix, 2)
	}
	return build(s, ix, year, mo, d, hh, mm, ss, "", group(s, ix, 9), true, loc)
}

func fromDayMonth(s string, ix []int, ref time.Time, loc *time.Location) (Match, bool) {
	mo, ok := months[strings.ToLower(group(s, ix, 4))]
	if !ok {
		return Match{}, false
	}
	d := num(group(s, ix, 3))
	hh, mm, ss, ampm := group(s, ix, 6), group(s, ix, 7), group(s, ix, 8), group(s, ix, 9)
	if hh == "" { // the time may come first: "19:20, 17 May"
		hh, mm = group(s, ix, 1), group(s, ix, 2)
	}
	if y := group(s, ix, 5); y != "" {
		return build(s, ix, num(y), int(mo), d, hh, mm, ss, ampm, group(s, ix, 10), true, loc)
	}
	return build(s, ix, inferYear(mo, d, ref), int(mo), d, hh, mm, ss, ampm, group(s, ix, 10), false, loc)
}

func fromMonthDay(s string, ix []int, ref time.Time, loc *time.Location) (Match, bool) {
	mo, ok := months[strings.ToLower(group(s, ix, 1))]
	if !ok {
		return Match{}, false
	}
	d := num(group(s, ix, 2))
	hh, mm, ss, ampm := group(s, ix, 4), group(s, ix, 5), group(s, ix, 6), group(s, ix, 7)
	if y := group(s, ix, 3); y != "" {
		return build(s, ix, num(y), int(mo), d, hh, mm, ss, ampm, group(s, ix, 8), true, loc)
	}
	return build(s, ix, inferYear(mo, d, ref), int(mo), d, hh, mm, ss, ampm, group(s, ix, 8), false, loc)
}

// inferYear gives a yearless date the year that puts it at or before ref:
// pages show "17 May" for this year's news, so a date after ref must be
// last year's.
func inferYear(mo time.Month, d int, ref time.Time) int {
	y := ref.Year()
	if time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).After(ref.Add(futureSlack)) {
		y--
	}
	return y
}

func twoDigitYear(y int, ref time.Time) int {
	y += 2000
	if y > ref.Year() {
		y -= 100
	}
	return y
}

func build(s string, ix []int, y, mo, d int, hh, mm, ss, ampm, zone string, hasYear bool, loc *time.Location) (Match, bool) {
	if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return Match{}, false
	}
	if d > daysIn(time.Month(mo), y) {
		return Match{}, false
	}
	h, mi, sec := 0, 0, 0
	hasTime := hh != ""
	if hasTime {
		h, mi = num(hh), num(mm)
		if ss != "" {
			sec = num(ss)
		}
		switch strings.ToLower(strings.ReplaceAll(ampm, ".", "")) {
		case "pm":
			if h < 12 {
				h += 12
			}
		case "am":
			if h == 12 {
				h = 0
			}
		}
		if h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 {
			return Match{}, false
		}
	}
	if z := zoneOf(zone); z != nil {
		loc = z
	}
	end := ix[1]
	// A trailing space the optional zone group allowed is not part of the date.
	for end > ix[0] && (s[end-1] == ' ' || s[end-1] == '\t' || s[end-1] == '\n') {
		end--
	}
	return Match{
		Time:    time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc),
		Start:   ix[0],
		End:     end,
		HasYear: hasYear,
		HasTime: hasTime,
	}, true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// zoneAbbrevs are the zone names dates carry, as fixed offsets (tzdata is
// not needed and may be missing).
var zoneAbbrevs = map[string]int{
	"Z": 0, "UTC": 0, "GMT": 0, "МСК": 3, "MSK": 3, "EST": -5, "EDT": -4,
	"CST": -6, "CDT": -5, "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2,
}

// pad2 left-pads a one-digit number with a zero.
func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func zoneOf(z string) *time.Location {
	if z == "" {
		return nil
	}
	if h, ok := zoneAbbrevs[strings.ToUpper(z)]; ok {
		if h == 0 {
			return time.UTC
		}
		return time.FixedZone(strings.ToUpper(z), h*3600)
	}
	if u := strings.ToUpper(z); len(u) > 3 && (strings.HasPrefix(u, "UTC") || strings.HasPrefix(u, "GMT")) {
		// "UTC+3", "GMT +03:00": an offset written after the zone name.
		z = strings.TrimSpace(z[3:])
		if len(z) < 2 {
			return nil
		}
		if h, m, ok := strings.Cut(z[1:], ":"); ok {
			z = z[:1] + pad2(h) + pad2(m)
		} else if len(z) <= 3 {
			z = z[:1] + pad2(z[1:]) + "00"
		}
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	if len(digits) != 4 {
		return nil
	}
	h, m := num(digits[:2]), num(digits[2:])
	if h < 0 || h > 14 || m < 0 || m > 59 {
		return nil
	}
	off := sign * (h*3600 + m*60)
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone("", off)
}

var (
	urlDateRe  = regexp.MustCompile(`[/_-]((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)
	urlDate2Re = regexp.MustCompile(`/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/`)
)

// FromURL returns the date a URL path carries, as in /2019/12/09/ or
// ria.ru's /20191209/, at midnight in loc (nil = UTC).
func FromURL(u string, ref time.Time, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	for _, re := range []*regexp.Regexp{urlDate2Re, urlDateRe} {
		if g := re.FindStringSubmatch(u); g != nil {
			y, m, d := num(g[1]), num(g[2]), num(g[3])
			if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
				continue
			}
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
			if Plausible(t, ref) {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
