package index

import (
	"errors"
	"testing"
)

func TestCheckParens(t *testing.T) {
	for _, tc := range []struct {
		q  string
		ok bool
	}{
		{"Perm (Russia)", true},
		{`"Perm (" Krai`, true},
		{`\(`, true},
		{`text:/(ab)+/`, true},
		{"title:(a b)", false},
		{"title:(", false},
		{"a)", false},
		{"((a)", false},
	} {
		t.Run(tc.q, func(t *testing.T) {
			err := checkParens(tc.q)
			if (err == nil) != tc.ok {
				t.Errorf("checkParens(%q) = %v, want ok=%v", tc.q, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrBadQuery) {
				t.Errorf("err %v is not ErrBadQuery", err)
			}
		})
	}
}

// FuzzSearchQueryString checks that any query string either searches or
// fails with ErrBadQuery, never panics nor fails as an internal error.
func FuzzSearchQueryString(f *testing.F) {
	for _, s := range []string{"Perm +Belarus", "title:governor", `"Пермский край"`, "title:(", "a~99", "a^x",
		`text:/[/`, "published:>\"2020-01-01\"", "published:>2020", "regions.code:RU-PER", "*", "per*", "-", "+-a", `\`, "version:>=1"} {
		f.Add(s)
	}
	ix := openWith(f, loadDocs(f, "coverage"))
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ix.Search(t.Context(), Query{Q: s, Highlight: true, Facets: map[string]int{"countries": 3}, Interval: "year"})
		if err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("Search(%q): %v is not ErrBadQuery", s, err)
		}
	})
}
