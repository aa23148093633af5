package searchapi

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/tieline/tieline/index"
)

func TestParseQuery(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, tc := range []struct {
		name, raw string
		want      index.Query
	}{
		{"empty", "", index.Query{Highlight: true}},
		{"full", "q=Perm+%2BBelarus&country=BY,RU&region=RU-PER&source=TASS&lang=en&from=2019-01-01&to=2020-12-31&sort=-published&size=50&page=3&facets=countries,regions:20&interval=month&tie=BY,RU-PER&official=Dmitry+Makhonin&highlight=false",
			index.Query{Q: "Perm +Belarus", Countries: []string{"BY", "RU"}, Regions: []string{"RU-PER"}, Sources: []string{"TASS"},
				Languages: []string{"en"}, Officials: []string{"Dmitry Makhonin"}, From: day("2019-01-01"), To: day("2021-01-01"),
				Sort: "-published", Size: 50, Offset: 100, Facets: map[string]int{"countries": 0, "regions": 20},
				Interval: "month", Tie: "BY,RU-PER"}},
		{"repeated and plural names", "countries=BY&country=KZ&regions=RU-PER,RU-SVE&sources=TASS&sources=BelTA",
			index.Query{Countries: []string{"KZ", "BY"}, Regions: []string{"RU-PER", "RU-SVE"}, Sources: []string{"TASS", "BelTA"}, Highlight: true}},
		{"year and month dates", "from=2019&to=2020-02",
			index.Query{From: day("2019-01-01"), To: day("2020-03-01"), Highlight: true}},
		{"rfc3339 to is inclusive", "to=2020-01-01T10:00:00%2B03:00",
			index.Query{To: time.Date(2020, 1, 1, 7, 0, 0, 1, time.UTC), Highlight: true}},
		{"offset", "offset=40", index.Query{Offset: 40, Highlight: true}},
		{"page with default size", "page=2", index.Query{Offset: 20, Highlight: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := url.ParseQuery(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseQuery(v)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// FuzzParseQuery feeds arbitrary URL query strings through the parameter
// parser and, when they parse, through a search: every failure must be a
// bad query (a 400), never a panic or an internal error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"q=Perm+%2BBelarus&country=BY", "q=title:(", "from=2020-13-45", "size=abc", "page=0&size=1000",
		"facets=countries:5,ties&interval=day", "tie=BY,RU-PER", "to=2019&from=2020", "sort=title",
		"q=%22unterminated", "q=a~99", "q=text:/[/", "interval=day&from=1900", "highlight=maybe", "official=%00",
	} {
		f.Add(s)
	}
	srv := newIndex(f)
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseQuery(v)
		if err != nil {
			if !errors.Is(err, index.ErrBadQuery) {
				t.Fatalf("ParseQuery(%q): %v is not ErrBadQuery", raw, err)
			}
			return
		}
		if _, err := srv.Search(t.Context(), q); err != nil && !errors.Is(err, index.ErrBadQuery) {
			t.Fatalf("Search(%q): %v is not ErrBadQuery", raw, err)
		}
	})
}
