package index

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/registry"

	"github.com/tieline/tieline/pipeline"
)

// searchCase is one entry of testdata/<set>/searches.json; every expected
// value there was worked out by reading docs.jsonl.
type searchCase struct {
	Name  string `json:"name"`
	Query struct {
		Q         string         `json:"q"`
		Countries []string       `json:"countries"`
		Regions   []string       `json:"regions"`
		Officials []string       `json:"officials"`
		Sources   []string       `json:"sources"`
		Languages []string       `json:"languages"`
		From      time.Time      `json:"from"`
		To        time.Time      `json:"to"`
		Tie       string         `json:"tie"`
		Size      int            `json:"size"`
		Offset    int            `json:"offset"`
		Sort      string         `json:"sort"`
		Facets    map[string]int `json:"facets"`
		Interval  string         `json:"interval"`
	} `json:"query"`
	IDs      []string            `json:"ids"`
	Ordered  bool                `json:"ordered"`
	Total    uint64              `json:"total"`
	Facets   map[string][]Bucket `json:"facets"`
	Timeline []struct {
		Start time.Time `json:"start"`
		Count int       `json:"count"`
	} `json:"timeline"`
}

func (c searchCase) toQuery() Query {
	q := c.Query
	return Query{
		Q: q.Q, Countries: q.Countries, Regions: q.Regions, Officials: q.Officials,
		Sources: q.Sources, Languages: q.Languages, From: q.From, To: q.To, Tie: q.Tie,
		Size: q.Size, Offset: q.Offset, Sort: q.Sort, Facets: q.Facets, Interval: q.Interval,
		Highlight: true,
	}
}

func TestSearchDataSets(t *testing.T) {
	sets, err := filepath.Glob("testdata/*/searches.json")
	if err != nil || len(sets) == 0 {
		t.Fatalf("no data sets: %v", err)
	}
	for _, path := range sets {
		set := filepath.Base(filepath.Dir(path))
		t.Run(set, func(t *testing.T) {
			ix := openWith(t, loadDocs(t, set))
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var cases []searchCase
			if err := json.Unmarshal(raw, &cases); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, c := range cases {
				t.Run(c.Name, func(t *testing.T) {
					res, err := ix.Search(t.Context(), c.toQuery())
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, h := range res.Hits {
						got = append(got, h.ID)
					}
					want := slices.Clone(c.IDs)
					if !c.Ordered {
						slices.Sort(got)
						slices.Sort(want)
					}
					if !slices.Equal(got, want) {
						t.Errorf("hits = %v, want %v", got, want)
					}
					wantTotal := c.Total
					if wantTotal == 0 {
						wantTotal = uint64(len(c.IDs))
					}
					if res.Total != wantTotal {
						t.Errorf("total = %d, want %d", res.Total, wantTotal)
					}
					for name, want := range c.Facets {
						if got := res.Facets[name]; !slices.Equal(got, want) {
							t.Errorf("facet %s = %v, want %v", name, got, want)
						}
					}
					if c.Timeline != nil {
						var got, want []string
						for _, b := range res.Timeline {
							got = append(got, b.Start.Format(time.DateOnly)+"="+itoa(b.Count))
						}
						for _, b := range c.Timeline {
							want = append(want, b.Start.Format(time.DateOnly)+"="+itoa(b.Count))
						}
						if !slices.Equal(got, want) {
							t.Errorf("timeline = %v, want %v", got, want)
						}
					}
				})
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestHitFields(t *testing.T) {
	ix := openWith(t, loadDocs(t, "coverage"))
	res, err := ix.Search(t.Context(), Query{Q: "Makhonin", Officials: []string{"Dmitry Makhonin"}, Sources: []string{"BelTA"}, Highlight: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %+v, want a09 only", res.Hits)
	}
	h := res.Hits[0]
	if h.ID != "a09" || h.Title != "Mogilev Oblast, Perm Krai to set up joint ventures" ||
		h.URL != "https://eng.belta.by/regions/9009" || h.Source != "BelTA" || h.Language != "en" {
		t.Errorf("hit = %+v", h)
	}
	if h.Published == nil || !h.Published.Equal(time.Date(2022, 4, 18, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("published = %v", h.Published)
	}
	if !slices.Equal(h.Countries, []string{"BY", "RU"}) || !slices.Equal(h.Regions, []string{"BY-MA", "RU-PER"}) ||
		!slices.Equal(h.Ties, []string{"BY-MA|RU-PER"}) {
		t.Errorf("tags = %v %v %v", h.Countries, h.Regions, h.Ties)
	}
	if len(h.Officials) != 1 || h.Officials[0] != (OfficialRef{Name: "Dmitry Makhonin", Title: "governor"}) {
		t.Errorf("officials = %+v", h.Officials)
	}
	if !strings.Contains(h.Snippet, "Dmitry <mark>Makhonin</mark>") {
		t.Errorf("snippet %q does not mark the query word", h.Snippet)
	}
}

func TestSnippetEscapesHTML(t *testing.T) {
	ix := openWith(t, []pipeline.Article{
		{ID: "x", Title: "t", Language: "en", Text: `Kazan <script>alert(1)</script> & Minsk`},
	})
	for _, q := range []Query{{}, {Q: "Minsk", Highlight: true}} {
		res, err := ix.Search(t.Context(), q)
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%+v: %v %v", q, res, err)
		}
		s := res.Hits[0].Snippet
		if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;") {
			t.Errorf("q %q: snippet %q not escaped", q.Q, s)
		}
	}
}

func TestBadQueries(t *testing.T) {
	ix := openWith(t, loadDocs(t, "coverage"))
	d := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		q    Query
		msg  string
	}{
		{"unclosed group", Query{Q: "title:("}, "q:"},
		{"unclosed phrase", Query{Q: `"Perm Krai`}, "q:"},
		{"bad regexp", Query{Q: `text:/[/`}, "q:"},
		{"size too big", Query{Size: 1001}, "size 1001"},
		{"size negative", Query{Size: -2}, "size -2"},
		{"offset negative", Query{Offset: -1}, "offset -1"},
		{"unknown sort", Query{Sort: "title"}, `sort "title"`},
		{"unknown interval", Query{Interval: "hour"}, `interval "hour"`},
		{"unknown facet", Query{Facets: map[string]int{"colors": 1}}, `facet "colors"`},
		{"facet size", Query{Facets: map[string]int{"countries": 5000}}, "facet countries size 5000"},
		{"from after to", Query{From: d, To: d.AddDate(0, 0, -1)}, "is not before to"},
		{"empty tie", Query{Tie: ",,"}, `tie ",,"`},
		{"three-sided tie", Query{Tie: "A,B,C"}, `tie "A,B,C"`},
		{"too many daily buckets", Query{Interval: "day", From: d.AddDate(-30, 0, 0), To: d}, "more than 1500 buckets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ix.Search(t.Context(), tc.q)
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("err = %v, want ErrBadQuery", err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %q, want it to mention %q", err, tc.msg)
			}
		})
	}
}

func TestUpsertByVersion(t *testing.T) {
	base := pipeline.Article{ID: "v", Title: "first title", Language: "en", Text: "alpha", Version: 2}
	ix := openWith(t, []pipeline.Article{base})
	ctx := t.Context()

	older := base
	older.Version, older.Title, older.Text = 1, "older title", "beta"
	newer := base
	newer.Version, newer.Title, newer.Text = 3, "newer title", "gamma"
	same := base
	same.Title = "same version re-extracted"

	for _, tc := range []struct {
		name      string
		put       []pipeline.Article
		wantTitle string
		wantText  string
	}{
		{"older does not replace", []pipeline.Article{older}, "first title", "alpha"},
		{"same version replaces", []pipeline.Article{same}, "same version re-extracted", "alpha"},
		{"newer replaces", []pipeline.Article{newer}, "newer title", "gamma"},
		{"idempotent replay", []pipeline.Article{newer, newer}, "newer title", "gamma"},
		{"older after newer still ignored", []pipeline.Article{older}, "newer title", "gamma"},
		{"newest of a batch wins", []pipeline.Article{func() pipeline.Article { a := newer; a.Version = 5; a.Title = "v5"; return a }(), func() pipeline.Article { a := newer; a.Version = 4; a.Title = "v4"; return a }()}, "v5", "gamma"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := ix.Put(ctx, tc.put); err != nil {
				t.Fatal(err)
			}
			a, err := ix.Get(ctx, "v")
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tc.wantTitle || a.Text != tc.wantText {
				t.Errorf("got %q/%q, want %q/%q", a.Title, a.Text, tc.wantTitle, tc.wantText)
			}
			if n, _ := ix.Count(); n != 1 {
				t.Errorf("count = %d, want 1", n)
			}
			// The replaced text must not be searchable any more.
			res, err := ix.Search(ctx, Query{Q: "alpha"})
			if err != nil {
				t.Fatal(err)
			}
			if want := uint64(0); tc.wantText != "alpha" && res.Total != want {
				t.Errorf("old text still found")
			}
		})
	}
}

func TestPutRejectsEmptyID(t *testing.T) {
	ix := openWith(t, nil)
	if err := ix.Put(t.Context(), []pipeline.Article{{Title: "no id"}}); err == nil {
		t.Fatal("want an error for an empty id")
	}
}

func TestGetAndHas(t *testing.T) {
	docs := loadDocs(t, "coverage")
	ix := openWith(t, docs)
	ctx := t.Context()
	got, err := ix.Get(ctx, "a02")
	if err != nil {
		t.Fatal(err)
	}
	want := docs[1]
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("Get round trip differs:\n got %s\nwant %s", gj, wj)
	}
	if _, err := ix.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope) err = %v, want ErrNotFound", err)
	}
	has, err := ix.Has(ctx, "a01", "nope", "a20")
	if err != nil {
		t.Fatal(err)
	}
	if !has["a01"] || !has["a20"] || has["nope"] || len(has) != 3 {
		t.Errorf("Has = %v", has)
	}
	if n, err := ix.Count(); err != nil || n != 20 {
		t.Errorf("Count = %d, %v; want 20", n, err)
	}
}

func TestReopenKeepsDocuments(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(t.Context(), loadDocs(t, "coverage")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count after reopen = %d, want 20", n)
	}
	// The custom analyzer must survive the reopen.
	res, err := ix.Search(t.Context(), Query{Q: "Пермским"})
	if err != nil || res.Total != 3 {
		t.Errorf("search after reopen: %v, %v", res, err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Run("directory with other files", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
		_, err := Open(dir)
		if !errors.Is(err, ErrNotIndex) {
			t.Errorf("err = %v, want ErrNotIndex", err)
		}
	})
	t.Run("a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "f")
		os.WriteFile(f, []byte("x"), 0o644)
		if _, err := Open(f); !errors.Is(err, ErrNotIndex) {
			t.Errorf("err = %v, want ErrNotIndex", err)
		}
	})
	t.Run("empty directory is created", func(t *testing.T) {
		ix, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
	})
	t.Run("locked", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		start := time.Now()
		_, err = Open(dir, WithLockTimeout(200*time.Millisecond))
		if !errors.Is(err, ErrLocked) {
			t.Errorf("err = %v, want ErrLocked", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("second Open took %s", d)
		}
	})
}

func TestScanCrossesPages(t *testing.T) {
	old := scanPage
	scanPage = 3
	t.Cleanup(func() { scanPage = old })
	docs := loadDocs(t, "coverage")
	// Add more undated articles so that a page boundary falls among them.
	for _, id := range []string{"u1", "u2", "u3", "u4"} {
		docs = append(docs, pipeline.Article{ID: id, Title: "undated " + id, Language: "en", Text: "text of " + id})
	}
	ix := openWith(t, docs)
	for _, tc := range []struct {
		name string
		q    Query
		want int
	}{
		{"all", Query{}, 24},
		{"oldest first", Query{Sort: SortOldest}, 24},
		{"filtered", Query{Regions: []string{"RU-PER"}}, 7},
		{"nothing", Query{Q: "zzzz"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			n, err := ix.Scan(t.Context(), tc.q, true, func(a *pipeline.Article) error {
				if seen[a.ID] {
					t.Errorf("%s twice", a.ID)
				}
				seen[a.ID] = true
				if a.Text == "" {
					t.Errorf("%s without text", a.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want || len(seen) != tc.want {
				t.Errorf("scanned %d (%d distinct), want %d", n, len(seen), tc.want)
			}
		})
	}
}

func TestTies(t *testing.T) {
	ix := openWith(t, loadDocs(t, "coverage"))
	got, err := ix.Ties(t.Context(), Query{}, TieOptions{Involving: []string{"RU-PER"}, Articles: 2})
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, s := range got {
		pairs = append(pairs, s.A+"|"+s.B+"="+itoa(s.Count))
	}
	want := []string{"BY|RU-PER=3", "BY-HR|RU-PER=1", "BY-MA|RU-PER=1", "KZ|RU-PER=1", "RU-PER|UZ=1"}
	if !slices.Equal(pairs, want) {
		t.Fatalf("pairs = %v, want %v", pairs, want)
	}
	top := got[0]
	if top.First == nil || top.First.Format(time.DateOnly) != "2019-05-14" || top.Last == nil || top.Last.Format(time.DateOnly) != "2024-03-05" {
		t.Errorf("first/last = %v/%v", top.First, top.Last)
	}
	if !slices.Equal(top.Articles, []string{"a16", "a02"}) {
		t.Errorf("articles = %v, want newest two [a16 a02]", top.Articles)
	}
	// KZ|RU-PER has only the undated a19.
	if got[3].First != nil || !slices.Equal(got[3].Articles, []string{"a19"}) {
		t.Errorf("undated tie = %+v", got[3])
	}

	t.Run("country involves its regions", func(t *testing.T) {
		got, err := ix.Ties(t.Context(), Query{Languages: []string{"ru"}}, TieOptions{Involving: []string{"CN"}})
		if err != nil {
			t.Fatal(err)
		}
		var pairs []string
		for _, s := range got {
			pairs = append(pairs, s.A+"|"+s.B)
		}
		if !slices.Equal(pairs, []string{"CN-HL|RU-PRI", "CN|RU-PRI"}) {
			t.Errorf("pairs = %v", pairs)
		}
	})
	t.Run("limit", func(t *testing.T) {
		got, err := ix.Ties(t.Context(), Query{}, TieOptions{Limit: 2})
		if err != nil || len(got) != 2 {
			t.Fatalf("%v %v", got, err)
		}
		// BY|RU-PER (3) then the pairs with 2 in term order: CN-HL|RU-PRI.
		if got[0].A+"|"+got[0].B != "BY|RU-PER" || got[1].A+"|"+got[1].B != "CN-HL|RU-PRI" {
			t.Errorf("got %+v", got)
		}
	})
}

func TestTimeBuckets(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, tc := range []struct {
		interval, lo, hi string
		want             []string
	}{
		{"day", "2024-02-28", "2024-03-01", []string{"2024-02-28", "2024-02-29", "2024-03-01"}},
		// 2024-03-06 is a Wednesday; weeks start on Monday.
		{"week", "2024-03-06", "2024-03-12", []string{"2024-03-04", "2024-03-11"}},
		{"month", "2023-12-15", "2024-02-01", []string{"2023-12-01", "2024-01-01", "2024-02-01"}},
		{"year", "2019-06-01", "2019-06-01", []string{"2019-01-01"}},
	} {
		t.Run(tc.interval, func(t *testing.T) {
			bs, err := timeBuckets(d(tc.lo), d(tc.hi), tc.interval)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, b := range bs {
				got = append(got, b.Start.Format(time.DateOnly))
				if i > 0 && !bs[i-1].End.Equal(b.Start) {
					t.Errorf("gap before %s", b.Start)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTextAnalyzer pins what the script-dispatching analyzer does; the
// stems were checked against the Snowball Russian and Porter rules.
func TestTextAnalyzer(t *testing.T) {
	a, err := registry.NewCache().AnalyzerNamed(TextAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"Пермский край", "пермск кра"},
		{"Пермского края", "пермск кра"},
		{"в Пермском крае", "пермск кра"}, // "в" is a Russian stop word
		{"Прикамье", "прикам"},
		{"Ёлка", "елк"},
		{"Perm Krai's governors signed the agreements", "perm krai governor sign agreement"},
		{"Губернатор Perm", "губернатор perm"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var got []string
			for _, tok := range a.Analyze([]byte(tc.in)) {
				got = append(got, string(tok.Term))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}
