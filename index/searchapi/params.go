package searchapi

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tieline/tieline/index"
)

// known lists the query parameters ParseQuery accepts; anything else is
// an error so that a typo ("contry=BY") does not silently widen a search.
// Parameters starting with "_" (cache busters) are ignored.
var known = []string{
	"q", "country", "countries", "region", "regions", "official", "officials",
	"source", "sources", "lang", "language", "from", "to", "tie", "sort",
	"size", "page", "offset", "facets", "interval", "highlight",
	// endpoint-specific, checked by their handlers
	"format", "limit", "articles",
}

// ParseQuery decodes URL parameters into an index.Query. Errors wrap
// index.ErrBadQuery and name the parameter.
//
//	q=Perm +Belarus            bleve query string
//	country=BY&country=RU      or country=BY,RU: all must be tagged
//	region=RU-PER              same, ISO 3166-2
//	official=Dmitry Makhonin   repeatable, exact name
//	source=TASS,BelTA          any of
//	lang=en                    any of
//	from=2019-01-01&to=2020-12-31   inclusive; YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339
//	tie=BY,RU-PER              a pair, or one side
//	sort=-published|published|relevance
//	size=20&page=2             or offset=20 instead of page
//	facets=countries,regions:20
//	interval=day|week|month|year
//	highlight=false
func ParseQuery(v url.Values) (index.Query, error) {
	var q index.Query
	for k := range v {
		if !strings.HasPrefix(k, "_") && !slices.Contains(known, k) {
			return q, bad(k, "unknown parameter (known: %s)", strings.Join(known, ", "))
		}
	}
	q.Q = strings.TrimSpace(v.Get("q"))
	q.Countries = list(v, "country", "countries")
	q.Regions = list(v, "region", "regions")
	q.Sources = list(v, "source", "sources")
	q.Languages = list(v, "lang", "language")
	for _, k := range []string{"official", "officials"} {
		for _, s := range v[k] {
			if s = strings.TrimSpace(s); s != "" {
				q.Officials = append(q.Officials, s)
			}
		}
	}
	for _, c := range append(slices.Clone(q.Countries), q.Regions...) {
		if !validCode(c) {
			return q, bad("country/region", "%q is not an ISO 3166 code like BY or RU-PER", c)
		}
	}
	var err error
	if s := v.Get("from"); s != "" {
		if q.From, _, err = parseDate(s); err != nil {
			return q, bad("from", "%v", err)
		}
	}
	if s := v.Get("to"); s != "" {
		if _, q.To, err = parseDate(s); err != nil {
			return q, bad("to", "%v", err)
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, bad("from", "%s is after to %s", v.Get("from"), v.Get("to"))
	}
	q.Tie = strings.TrimSpace(v.Get("tie"))
	q.Sort = strings.TrimSpace(v.Get("sort"))
	switch q.Sort {
	case "", index.SortRelevance, index.SortNewest, index.SortOldest:
	default:
		return q, bad("sort", "%q: want relevance, -published or published", q.Sort)
	}
	if q.Size, err = intParam(v, "size", 0, 0, index.MaxSize); err != nil {
		return q, err
	}
	size := q.Size
	if size == 0 {
		size = index.DefaultSize
	}
	if v.Has("page") && v.Has("offset") {
		return q, bad("page", "give page or offset, not both")
	}
	page, err := intParam(v, "page", 1, 1, index.MaxOffset/size+1)
	if err != nil {
		return q, err
	}
	q.Offset = (page - 1) * size
	if v.Has("offset") {
		if q.Offset, err = intParam(v, "offset", 0, 0, index.MaxOffset); err != nil {
			return q, err
		}
	}
	if q.Facets, err = parseFacets(v.Get("facets")); err != nil {
		return q, err
	}
	q.Interval = strings.TrimSpace(v.Get("interval"))
	if q.Interval != "" && !slices.Contains(index.Intervals, q.Interval) {
		return q, bad("interval", "%q: want day, week, month or year", q.Interval)
	}
	q.Highlight = true
	if s := v.Get("highlight"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return q, bad("highlight", "%q: want true or false", s)
		}
		q.Highlight = b
	}
	return q, nil
}

// bad returns an error naming the parameter.
func bad(param, format string, args ...any) error {
	return fmt.Errorf("%w: parameter %s: %s", index.ErrBadQuery, param, fmt.Sprintf(format, args...))
}

// list gathers a repeatable, comma-separated parameter under its names.
func list(v url.Values, names ...string) []string {
	var out []string
	for _, n := range names {
		for _, s := range v[n] {
			for _, p := range strings.Split(s, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// validCode accepts ISO 3166-1 alpha-2 and ISO 3166-2 shapes.
func validCode(s string) bool {
	cc, sub, hasSub := strings.Cut(s, "-")
	if len(cc) != 2 || !isAlnum(cc, false) {
		return false
	}
	return !hasSub || (len(sub) >= 1 && len(sub) <= 3 && isAlnum(sub, true))
}

func isAlnum(s string, digits bool) bool {
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case digits && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}

// intParam parses an optional integer parameter within [lo, hi].
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, bad(name, "%q is not a whole number", s)
	}
	if n < lo || n > hi {
		return 0, bad(name, "%d is out of range %d..%d", n, lo, hi)
	}
	return n, nil
}

// parseDate parses a day, month, year or RFC 3339 instant and returns the
// period it names as [start, end).
func parseDate(s string) (start, end time.Time, err error) {
	s = strings.TrimSpace(s)
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{time.RFC3339Nano, func(t time.Time) time.Time { return t.Add(time.Nanosecond) }},
	} {
		if t, err := time.Parse(f.layout, s); err == nil {
			return t.UTC(), f.next(t).UTC(), nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339)", s)
}

// parseFacets reads "countries,regions:20".
func parseFacets(s string) (map[string]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]int{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, n, hasN := strings.Cut(item, ":")
		if _, ok := index.Facets[name]; !ok {
			return nil, bad("facets", "%q: want one of %s", name, strings.Join(index.FacetNames(), ", "))
		}
		size := 0
		if hasN {
			var err error
			if size, err = strconv.Atoi(n); err != nil || size < 1 || size > index.MaxFacetSize {
				return nil, bad("facets", "size %q of %s: want 1..%d", n, name, index.MaxFacetSize)
			}
		}
		out[name] = size
	}
	return out, nil
}
