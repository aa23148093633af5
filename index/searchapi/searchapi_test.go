package searchapi

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tieline/tieline/index"
	"github.com/tieline/tieline/pipeline"
)

// fixture is the index package's hand-checked data set.
const fixture = "../testdata/coverage/docs.jsonl"

func loadDocs(t testing.TB) []pipeline.Article {
	t.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pipeline.Article
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a pipeline.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

var quiet = slog.New(slog.DiscardHandler)

// newIndex opens a temp index holding the fixture.
func newIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), index.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), loadDocs(t)); err != nil {
		t.Fatal(err)
	}
	return ix
}

func newServer(t testing.TB, arts []pipeline.Article, opts ...Option) *httptest.Server {
	t.Helper()
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), index.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(ix, append([]Option{WithLogger(quiet)}, opts...)...))
	t.Cleanup(srv.Close)
	return srv
}

// get fetches path and decodes a JSON body into out (if not nil).
func get(t *testing.T, srv *httptest.Server, method, path string, out any) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), method, srv.URL+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s %s: decoding %q: %v", method, path, body, err)
		}
	}
	return resp
}

func TestSearchEndpoint(t *testing.T) {
	srv := newServer(t, loadDocs(t))
	for _, tc := range []struct {
		name, path string
		ids        []string // in order
		total      int
	}{
		{"tie pair, newest first", "/api/search?tie=BY,RU-PER", []string{"a16", "a02", "a01"}, 3},
		{"query and country", "/api/search?q=Perm&country=BY&sort=published", []string{"a01", "a02", "a09", "a10", "a16"}, 5},
		{"repeated country params", "/api/search?country=BY&country=RU&sort=published", []string{"a12", "a01", "a09", "a10", "a18"}, 5},
		{"region, source, lang, dates", "/api/search?region=RU-PER&source=BelTA&lang=ru&from=2019-01-01&to=2022-05-20", []string{"a10", "a02"}, 2},
		{"to is inclusive of its day", "/api/search?to=2018-11-08", []string{"a12"}, 1},
		{"month dates", "/api/search?from=2021-09&to=2021-09&sort=published", []string{"a07", "a08"}, 2},
		{"page 2", "/api/search?region=RU-PER&size=3&page=2", []string{"a09", "a02", "a01"}, 7},
		{"offset", "/api/search?region=RU-PER&size=2&offset=5", []string{"a01", "a19"}, 7},
		{"cache buster ignored", "/api/search?tie=BY-MI,RU-SPE&_=123", []string{"a20"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body struct {
				Total int `json:"total"`
				Hits  []struct {
					ID string `json:"id"`
				} `json:"hits"`
			}
			resp := get(t, srv, "GET", tc.path, &body)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			var ids []string
			for _, h := range body.Hits {
				ids = append(ids, h.ID)
			}
			if !slices.Equal(ids, tc.ids) || body.Total != tc.total {
				t.Errorf("got %v (total %d), want %v (total %d)", ids, body.Total, tc.ids, tc.total)
			}
		})
	}
}

func TestSearchResponseShape(t *testing.T) {
	srv := newServer(t, loadDocs(t))
	var raw map[string]json.RawMessage
	resp := get(t, srv, "GET", "/api/search?q=Makhonin&source=BelTA&facets=countries,regions:1&interval=year", &raw)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("no CORS header")
	}
	for _, k := range []string{"total", "hits", "facets", "timeline", "took_ms"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("missing %q in %v", k, raw)
		}
	}
	var hits []map[string]any
	json.Unmarshal(raw["hits"], &hits)
	if len(hits) != 1 {
		t.Fatalf("hits = %v", hits)
	}
	for _, k := range []string{"id", "title", "url", "source", "published", "snippet", "countries", "regions", "officials"} {
		if _, ok := hits[0][k]; !ok {
			t.Errorf("hit lacks %q", k)
		}
	}
	if hits[0]["id"] != "a09" || hits[0]["published"] != "2022-04-18T11:00:00Z" {
		t.Errorf("hit = %v", hits[0])
	}
	var facets map[string][]index.Bucket
	json.Unmarshal(raw["facets"], &facets)
	if !slices.Equal(facets["regions"], []index.Bucket{{Term: "BY-MA", Count: 1}}) {
		t.Errorf("regions facet = %v", facets["regions"])
	}
	var tl []index.TimeBucket
	json.Unmarshal(raw["timeline"], &tl)
	if len(tl) != 1 || tl[0].Count != 1 || tl[0].Start.Year() != 2022 {
		t.Errorf("timeline = %v", tl)
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t, loadDocs(t))
	for _, tc := range []struct {
		name, method, path string
		status             int
		msg                string // substring of the error message
	}{
		{"malformed query string", "GET", "/api/search?q=title:(", 400, "q: grouping"},
		{"unterminated quote", "GET", "/api/search?q=%22Perm", 400, "unterminated quote"},
		{"bad from", "GET", "/api/search?from=2020-13-45", 400, "parameter from"},
		{"bad to", "GET", "/api/search?to=yesterday", 400, "parameter to"},
		{"from after to", "GET", "/api/search?from=2021&to=2020", 400, "after to"},
		{"bad size", "GET", "/api/search?size=abc", 400, "parameter size"},
		{"size too big", "GET", "/api/search?size=5000", 400, "parameter size"},
		{"bad page", "GET", "/api/search?page=0", 400, "parameter page"},
		{"page and offset", "GET", "/api/search?page=2&offset=3", 400, "not both"},
		{"bad sort", "GET", "/api/search?sort=title", 400, "parameter sort"},
		{"bad interval", "GET", "/api/timeline?interval=hour", 400, "parameter interval"},
		{"bad facet", "GET", "/api/facets?facets=colors", 400, "parameter facets"},
		{"bad code", "GET", "/api/search?country=Belarus", 400, "ISO 3166"},
		{"unknown parameter", "GET", "/api/search?contry=BY", 400, "parameter contry"},
		{"bad tie", "GET", "/api/ties?tie=A,B,C", 400, "tie"},
		{"bad ties limit", "GET", "/api/ties?limit=0", 400, "parameter limit"},
		{"bad export format", "GET", "/api/export?format=xml", 400, "parameter format"},
		{"export bad query", "GET", "/api/export?q=a)", 400, "unbalanced"},
		{"unknown article", "GET", "/api/articles/nope", 404, `"nope" not found`},
		{"unknown path", "GET", "/api/nothing", 404, "no such path"},
		{"post", "POST", "/api/search", 405, "method POST"},
		{"delete article", "DELETE", "/api/articles/a01", 405, "method DELETE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body struct {
				Error string `json:"error"`
			}
			resp := get(t, srv, tc.method, tc.path, &body)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d (%q)", resp.StatusCode, tc.status, body.Error)
			}
			if !strings.Contains(body.Error, tc.msg) {
				t.Errorf("error %q does not mention %q", body.Error, tc.msg)
			}
		})
	}
}

func TestArticle(t *testing.T) {
	docs := loadDocs(t)
	srv := newServer(t, docs)
	var got pipeline.Article
	resp := get(t, srv, "GET", "/api/articles/a16", &got)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got.Text != docs[15].Text || got.Title != docs[15].Title || len(got.Ties) != 1 || got.Ties[0].Evidence != docs[15].Ties[0].Evidence {
		t.Errorf("article = %+v", got)
	}
	// Undated, sourceless articles keep the documented nulls.
	var raw map[string]any
	get(t, srv, "GET", "/api/articles/a19", &raw)
	if raw["published"] != nil || raw["source"] != nil || raw["url"] != nil {
		t.Errorf("a19 = %v", raw)
	}
}

func TestFacetsTimelineTies(t *testing.T) {
	srv := newServer(t, loadDocs(t))
	t.Run("facets default to all", func(t *testing.T) {
		var body struct {
			Total  int                       `json:"total"`
			Facets map[string][]index.Bucket `json:"facets"`
		}
		get(t, srv, "GET", "/api/facets?lang=ru", &body)
		if body.Total != 7 || len(body.Facets) != len(index.Facets) {
			t.Fatalf("body = %+v", body)
		}
		// Russian articles: BelTA a02 a10, RIA Novosti a05 a16, TASS a08 a20, Interfax a13.
		want := []index.Bucket{{Term: "BelTA", Count: 2}, {Term: "RIA Novosti", Count: 2}, {Term: "TASS", Count: 2}, {Term: "Interfax", Count: 1}}
		if !slices.Equal(body.Facets["sources"], want) {
			t.Errorf("sources = %v, want %v", body.Facets["sources"], want)
		}
	})
	t.Run("timeline", func(t *testing.T) {
		var body struct {
			Interval string             `json:"interval"`
			Timeline []index.TimeBucket `json:"timeline"`
		}
		get(t, srv, "GET", "/api/timeline?source=Sputnik&interval=year", &body)
		// Sputnik: a04 (2019-12), a14 (2023-06).
		var counts []string
		for _, b := range body.Timeline {
			counts = append(counts, fmt.Sprintf("%d:%d", b.Start.Year(), b.Count))
		}
		if want := []string{"2019:1", "2020:0", "2021:0", "2022:0", "2023:1"}; !slices.Equal(counts, want) {
			t.Errorf("timeline = %v, want %v", counts, want)
		}
	})
	t.Run("ties of a region", func(t *testing.T) {
		var body struct {
			Ties []index.TieStat `json:"ties"`
		}
		get(t, srv, "GET", "/api/ties?region=RU-PER&from=2020-01-01", &body)
		var pairs []string
		for _, s := range body.Ties {
			pairs = append(pairs, fmt.Sprintf("%s|%s=%d", s.A, s.B, s.Count))
		}
		// Dated from 2020: a09 (BY-MA), a10 (BY-HR), a11 (UZ), a16 (BY).
		want := []string{"BY-HR|RU-PER=1", "BY-MA|RU-PER=1", "BY|RU-PER=1", "RU-PER|UZ=1"}
		if !slices.Equal(pairs, want) {
			t.Errorf("ties = %v, want %v", pairs, want)
		}
	})
}

func TestExportAllPages(t *testing.T) {
	// More articles than one search page (index.MaxSize) and one scan page.
	var arts []pipeline.Article
	for i := range 1203 {
		arts = append(arts, pipeline.Article{
			ID: fmt.Sprintf("x%04d", i), Title: fmt.Sprintf("Article %d, \"quoted\"", i), Language: "en",
			Text:      "Perm Krai and Belarus trade",
			Source:    "TASS",
			Countries: []pipeline.Country{{Code: "BY", Name: "Belarus"}},
			Ties:      []pipeline.Tie{{A: "BY", B: "RU-PER"}},
		})
	}
	arts = append(arts, pipeline.Article{ID: "other", Title: "other", Language: "en", Text: "unrelated"})
	srv := newServer(t, arts)

	t.Run("jsonl", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/export?format=jsonl&country=BY")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), `attachment; filename="tieline-`) {
			t.Fatalf("status %d headers %v", resp.StatusCode, resp.Header)
		}
		seen := map[string]bool{}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var a pipeline.Article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			if a.Text != "Perm Krai and Belarus trade" {
				t.Fatalf("%s: text %q", a.ID, a.Text)
			}
			seen[a.ID] = true
		}
		if len(seen) != 1203 || seen["other"] {
			t.Errorf("exported %d distinct articles, want 1203", len(seen))
		}
	})
	t.Run("csv", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/export?format=csv&tie=BY|RU-PER")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		rows, err := csv.NewReader(resp.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1204 || !slices.Equal(rows[0], csvHeader) {
			t.Fatalf("%d rows, header %v", len(rows), rows[0])
		}
		r := rows[1]
		if !strings.HasPrefix(r[3], "Article ") || !strings.HasSuffix(r[3], `"quoted"`) || r[5] != "BY" || r[7] != "BY|RU-PER" {
			t.Errorf("row = %v", r)
		}
	})
	t.Run("empty csv has a header", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/export?format=csv&q=zzzz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		rows, _ := csv.NewReader(resp.Body).ReadAll()
		if resp.StatusCode != 200 || len(rows) != 1 {
			t.Errorf("status %d rows %v", resp.StatusCode, rows)
		}
	})
}

func TestHealthzAndStatic(t *testing.T) {
	srv := newServer(t, loadDocs(t), WithVersion("v1.2.3"))
	var h map[string]any
	resp := get(t, srv, "GET", "/healthz", &h)
	if resp.StatusCode != 200 || h["status"] != "ok" || h["documents"] != float64(20) || h["version"] != "v1.2.3" {
		t.Errorf("healthz %d %v", resp.StatusCode, h)
	}

	down := newServer(t, nil, WithReady(func(context.Context) error { return errors.New("broker not connected") }))
	resp = get(t, down, "GET", "/healthz", &h)
	if resp.StatusCode != 503 || h["error"] != "broker not connected" {
		t.Errorf("unready healthz %d %v", resp.StatusCode, h)
	}

	page, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "/api/search") {
		t.Errorf("page: %d %q", page.StatusCode, page.Header.Get("Content-Type"))
	}
	// The page must not load anything from elsewhere: the machine is
	// offline. The SVG namespace is a name, never fetched.
	html := strings.ReplaceAll(string(body), `"http://www.w3.org/2000/svg"`, "")
	for _, bad := range []string{"http://", "https://", "//cdn"} {
		if strings.Contains(html, bad) {
			t.Errorf("page references %q", bad)
		}
	}

	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	resp = get(t, srv, "GET", "/openapi.json", &spec)
	if resp.StatusCode != 200 || !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("openapi: %d %q", resp.StatusCode, spec.OpenAPI)
	}
	for _, p := range []string{"/api/search", "/api/articles/{id}", "/api/ties", "/api/timeline", "/api/facets", "/api/export", "/healthz"} {
		if _, ok := spec.Paths[p]["get"]; !ok {
			t.Errorf("openapi lacks GET %s", p)
		}
	}
}

func TestCORS(t *testing.T) {
	srv := newServer(t, nil, WithAllowedOrigin("https://dash.example"))
	resp := get(t, srv, "OPTIONS", "/api/search", nil)
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "https://dash.example" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight %d %v", resp.StatusCode, resp.Header)
	}
}
