package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrBadQuery marks errors caused by the query itself (syntax, values out
// of range); the API maps them to 400.
var ErrBadQuery = errors.New("bad query")

// badf wraps ErrBadQuery with a precise message.
func badf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadQuery, fmt.Sprintf(format, args...))
}

// Limits of a Query.
const (
	DefaultSize      = 20     // hits when Size is 0
	MaxSize          = 1000   // most hits one search returns; use Scan for more
	MaxOffset        = 100000 // deeper paging goes through Scan
	DefaultFacetSize = 10     // buckets when a facet's size is 0
	MaxFacetSize     = 1000   // most buckets per facet
	MaxTimeline      = 1500   // most timeline buckets
	NoHits           = -1     // Size for facet- or timeline-only searches
)

// The published range a Query can filter on.
var (
	minDate = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Sort orders a Query accepts.
const (
	SortRelevance  = "relevance"
	SortNewest     = "-published"
	SortOldest     = "published"
	defaultSortQ   = SortRelevance
	defaultSortAll = SortNewest
)

// Timeline intervals a Query accepts.
var Intervals = []string{"day", "week", "month", "year"}

// Facets maps the facet names a Query accepts to the indexed field each
// counts.
var Facets = map[string]string{
	"countries":    fCountryCode,
	"regions":      fRegionCode,
	"sources":      fSource,
	"source_names": fSourceName,
	"officials":    fOfficialName,
	"titles":       fOfficialTitle,
	"languages":    fLanguage,
	"ties":         fTies,
	"tie_kinds":    fTieKinds,
}

// FacetNames returns the accepted facet names, sorted.
func FacetNames() []string {
	var out []string
	for k := range Facets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Query is a search: a bleve query string plus filters, paging, sort,
// facets and a timeline. The zero Query matches every article, newest
// first, 20 hits.
type Query struct {
	// Q is bleve query-string syntax ("Perm +Belarus", "title:governor",
	// `"Perm Krai"`); empty matches all. Unqualified words search title,
	// text and entity names.
	Q string
	// Countries and Regions are ISO codes the article must all be tagged
	// with; Officials are names it must all mention.
	Countries, Regions, Officials []string
	// Sources and Languages: the article must have one of them.
	Sources, Languages []string
	// From (inclusive) and To (exclusive) bound Published; zero is open.
	From, To time.Time
	// Tie is a pair "BY,RU-PER" (either order, "," or "|") or one side
	// "RU-PER": the article must carry that tie, or a tie with that side.
	Tie string
	// Size is the number of hits (0: DefaultSize, NoHits: none).
	Size int
	// Offset skips that many hits.
	Offset int
	// Sort is "relevance", "-published" or "published"; empty means
	// relevance when Q is set and newest first otherwise.
	Sort string
	// Facets names the facets to count (see Facets) with their sizes
	// (0: DefaultFacetSize).
	Facets map[string]int
	// Interval ("day", "week", "month", "year") asks for a timeline of
	// Published over the matching articles.
	Interval string
	// Highlight marks query words in snippets.
	Highlight bool
}

// Result is the answer to a Search.
type Result struct {
	Total    uint64              `json:"total"`
	Hits     []Hit               `json:"hits"`
	Facets   map[string][]Bucket `json:"facets,omitempty"`
	Timeline []TimeBucket        `json:"timeline,omitempty"`
	Took     time.Duration       `json:"-"`
}

// Hit is one matching article as a result list shows it.
type Hit struct {
	ID        string        `json:"id"`
	Score     float64       `json:"score"`
	Title     string        `json:"title"`
	URL       string        `json:"url"`
	Source    string        `json:"source"`
	Published *time.Time    `json:"published"` // nil when unknown
	Language  string        `json:"language"`
	Snippet   string        `json:"snippet"` // HTML-escaped, query words in <mark>
	Countries []string      `json:"countries"`
	Regions   []string      `json:"regions"`
	Officials []OfficialRef `json:"officials"`
	Ties      []string      `json:"ties"` // "A|B"
}

// MarshalJSON writes a missing URL or source as null, as articles do.
func (h Hit) MarshalJSON() ([]byte, error) {
	type plain Hit
	out := struct {
		plain
		URL    *string `json:"url"`
		Source *string `json:"source"`
	}{plain: plain(h)}
	if h.URL != "" {
		out.URL = &h.URL
	}
	if h.Source != "" {
		out.Source = &h.Source
	}
	return json.Marshal(out)
}

// OfficialRef is an official as hits show them.
type OfficialRef struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// Bucket is one facet value and its article count.
type Bucket struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// TimeBucket is one timeline interval [Start, End) and its article count.
type TimeBucket struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Count int       `json:"count"`
}

// check validates the query's values.
func (q *Query) check() error {
	switch {
	case q.Size < NoHits:
		return badf("size %d: must be 0 to %d", q.Size, MaxSize)
	case q.Size > MaxSize:
		return badf("size %d: at most %d (use export for more)", q.Size, MaxSize)
	case q.Offset < 0:
		return badf("offset %d: must not be negative", q.Offset)
	case q.Offset > MaxOffset:
		return badf("offset %d: at most %d (use export for more)", q.Offset, MaxOffset)
	case !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To):
		return badf("from %s is not before to %s", q.From.Format(time.RFC3339), q.To.Format(time.RFC3339))
	}
	// bleve stores dates as int64 nanoseconds since 1970.
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"from", q.From}, {"to", q.To}} {
		if !d.t.IsZero() && (d.t.Before(minDate) || d.t.After(maxDate)) {
			return badf("%s %s: must be between %d and %d", d.name, d.t.Format(time.DateOnly), minDate.Year(), maxDate.Year())
		}
	}
	switch q.Sort {
	case "", SortRelevance, SortNewest, SortOldest:
	default:
		return badf("sort %q: want relevance, -published or published", q.Sort)
	}
	if q.Interval != "" && !slices.Contains(Intervals, q.Interval) {
		return badf("interval %q: want day, week, month or year", q.Interval)
	}
	for name, n := range q.Facets {
		if _, ok := Facets[name]; !ok {
			return badf("facet %q: want one of %s", name, strings.Join(FacetNames(), ", "))
		}
		if n < 0 || n > MaxFacetSize {
			return badf("facet %s size %d: must be 0 to %d", name, n, MaxFacetSize)
		}
	}
	if q.Tie != "" {
		if _, _, err := parseTie(q.Tie); err != nil {
			return err
		}
	}
	return nil
}

// parseTie splits "A,B", "A|B" or "A"; b is "" for one side.
func parseTie(s string) (a, b string, err error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' })
	for i := range parts {
		parts[i] = strings.ToUpper(strings.TrimSpace(parts[i]))
	}
	parts = slices.DeleteFunc(parts, func(p string) bool { return p == "" })
	switch len(parts) {
	case 1:
		return parts[0], "", nil
	case 2:
		return parts[0], parts[1], nil
	}
	return "", "", badf("tie %q: want a pair like BY,RU-PER or one code", s)
}

// bleveQuery builds the query: the parsed query string AND every filter.
func (q *Query) bleveQuery() (query.Query, error) {
	var parts []query.Query
	if s := strings.TrimSpace(q.Q); s != "" {
		if err := checkParens(s); err != nil {
			return nil, err
		}
		parsed, err := query.NewQueryStringQuery(s).Parse()
		if err != nil {
			return nil, badf("q: %v", err)
		}
		if v, ok := parsed.(query.ValidatableQuery); ok {
			if err := v.Validate(); err != nil {
				return nil, badf("q: %v", err)
			}
		}
		parts = append(parts, parsed)
	}
	f, err := q.filters()
	if err != nil {
		return nil, err
	}
	parts = append(parts, f...)
	switch len(parts) {
	case 0:
		return bleve.NewMatchAllQuery(), nil
	case 1:
		return parts[0], nil
	}
	return bleve.NewConjunctionQuery(parts...), nil
}

// filters returns the non-scoring constraints of q.
func (q *Query) filters() ([]query.Query, error) {
	var out []query.Query
	term := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	all := func(field string, vals []string, norm func(string) string) {
		for _, v := range vals {
			if v = norm(strings.TrimSpace(v)); v != "" {
				out = append(out, term(field, v))
			}
		}
	}
	anyOf := func(field string, vals []string, norm func(string) string) {
		var qs []query.Query
		for _, v := range vals {
			if v = norm(strings.TrimSpace(v)); v != "" {
				qs = append(qs, term(field, v))
			}
		}
		if len(qs) > 0 {
			out = append(out, bleve.NewDisjunctionQuery(qs...))
		}
	}
	same := func(s string) string { return s }
	all(fCountryCode, q.Countries, strings.ToUpper)
	all(fRegionCode, q.Regions, strings.ToUpper)
	all(fOfficialName, q.Officials, same)
	anyOf(fSource, q.Sources, same)
	anyOf(fLanguage, q.Languages, strings.ToLower)
	if !q.From.IsZero() || !q.To.IsZero() {
		yes, no := true, false
		r := bleve.NewDateRangeInclusiveQuery(q.From.UTC(), q.To.UTC(), &yes, &no)
		r.SetField(fPublished)
		out = append(out, r)
	}
	if q.Tie != "" {
		a, b, err := parseTie(q.Tie)
		if err != nil {
			return nil, err
		}
		if b == "" {
			out = append(out, term(fTiePlaces, a))
		} else {
			out = append(out, term(fTies, TieKey(a, b)))
		}
	}
	return out, nil
}

// sortOrder returns bleve's sort order for q.
func (q *Query) sortOrder() []string {
	s := q.Sort
	if s == "" {
		s = defaultSortAll
		if strings.TrimSpace(q.Q) != "" {
			s = defaultSortQ
		}
	}
	switch s {
	case SortNewest:
		return []string{"-" + fPublished, "-_score", "_id"}
	case SortOldest:
		return []string{fPublished, "-_score", "_id"}
	}
	return []string{"-_score", "-" + fPublished, "_id"}
}

// floorTime returns the start of the interval holding t (weeks start on
// Monday), in UTC.
func floorTime(t time.Time, interval string) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	switch interval {
	case "year":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "month":
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "week":
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		back := (int(day.Weekday()) + 6) % 7
		return day.AddDate(0, 0, -back)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nextTime returns the start of the interval after the one starting at t.
func nextTime(t time.Time, interval string) time.Time {
	switch interval {
	case "year":
		return t.AddDate(1, 0, 0)
	case "month":
		return t.AddDate(0, 1, 0)
	case "week":
		return t.AddDate(0, 0, 7)
	}
	return t.AddDate(0, 0, 1)
}

// timeBuckets returns the intervals covering [lo, hi] (hi inclusive).
func timeBuckets(lo, hi time.Time, interval string) ([]TimeBucket, error) {
	var out []TimeBucket
	for s := floorTime(lo, interval); !s.After(hi); {
		e := nextTime(s, interval)
		out = append(out, TimeBucket{Start: s, End: e})
		if len(out) > MaxTimeline {
			return nil, badf("interval %s gives more than %d buckets between %s and %s: choose a coarser interval or narrow from/to",
				interval, MaxTimeline, lo.Format(time.DateOnly), hi.Format(time.DateOnly))
		}
		s = e
	}
	return out, nil
}

// checkParens rejects what bleve's query-string syntax would silently
// misread: it has no grouping, so "title:(a b)" would search "b" in every
// field and "title:(" would search for nothing. Balanced parentheses in
// free text ("Perm (Russia)") are fine; quoted, escaped and regexp text is
// not looked at.
func checkParens(s string) error {
	depth, inQuote, inRegexp, col := 0, false, false, 0
	prev := ' '
	for _, r := range s {
		col++
		switch {
		case prev == '\\':
			r = 0 // escaped: neither special nor an escape itself
		case inQuote:
			inQuote = r != '"'
		case inRegexp:
			inRegexp = r != '/'
		case r == '"':
			inQuote = true
		case r == '/' && strings.ContainsRune(" :+-", prev):
			inRegexp = true
		case r == '(':
			if prev == ':' {
				return badf("q: grouping like field:(...) at character %d is not supported; repeat the field for each word (title:perm title:belarus)", col)
			}
			depth++
		case r == ')':
			if depth == 0 {
				return badf("q: unbalanced ')' at character %d", col)
			}
			depth--
		}
		prev = r
	}
	if depth > 0 {
		return badf("q: unclosed '(' (%d open)", depth)
	}
	return nil
}
