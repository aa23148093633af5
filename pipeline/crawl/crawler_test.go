package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/tieline/tieline/internal/fakesite"
	"github.com/tieline/tieline/pipeline"
)

// memPublisher records published pages; fail makes Publish fail.
type memPublisher struct {
	mu    sync.Mutex
	pages []pipeline.Page
	fail  error
}

func (p *memPublisher) Publish(_ context.Context, pg pipeline.Page) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		return p.fail
	}
	p.pages = append(p.pages, pg)
	return nil
}

func (p *memPublisher) take() []pipeline.Page {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.pages
	p.pages = nil
	return out
}

const testDelay = 10 * time.Millisecond

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func fakeSource(site *fakesite.Site) Source {
	return Source{
		Name:      "fake",
		Agency:    "Fake Agency",
		Language:  "en",
		StartURLs: []string{site.URL + "/"},
		Feeds:     []string{site.URL + "/rss.xml"},
		Sitemaps:  []string{site.URL + "/sitemap.xml"},
		Articles:  Patterns{Allow: []string{`/news/\d+-`, `/ru/новости/\d+-`}},
		MaxDepth:  3,
		MaxBody:   2 << 20,
		Politeness: Politeness{
			Delay:       testDelay,
			Parallelism: 2,
		},
	}
}

func newTestCrawler(pub Publisher, st StateStore) *Crawler {
	return &Crawler{Publisher: pub, State: st, Logger: quietLogger(),
		Settings: Settings{Backoff: 5 * time.Millisecond}, Metrics: NewMetrics()}
}

// wantURLs lists every article of the fake site that must be published.
func wantURLs(site *fakesite.Site, en, ru int) []string {
	var out []string
	for id := 1; id <= en; id++ {
		out = append(out, site.ArticleURL(id))
	}
	for id := 1; id <= ru; id++ {
		u := &url.URL{Scheme: "http", Host: strings.TrimPrefix(site.URL, "http://"), Path: fakesite.RussianPath(id)}
		out = append(out, u.String())
	}
	sort.Strings(out)
	return out
}

func TestRunAgainstFakeAgency(t *testing.T) {
	site := fakesite.New(fakesite.Options{})
	defer site.Close()
	pub := &memPublisher{}
	state := NewMemoryState()
	c := newTestCrawler(pub, state)
	src := fakeSource(site)

	stats, err := c.Run(t.Context(), src)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	pages := pub.take()

	t.Run("every article exactly once", func(t *testing.T) {
		var got []string
		count := map[string]int{}
		for _, p := range pages {
			got = append(got, p.URL)
			count[p.URL]++
			if p.ID != StableID(p.URL) || p.Version != 1 || p.Source != "fake" || p.Agency != "Fake Agency" || len(p.Body) == 0 {
				t.Errorf("bad page %s: id=%s version=%d source=%q agency=%q body=%d", p.URL, p.ID, p.Version, p.Source, p.Agency, len(p.Body))
			}
		}
		sort.Strings(got)
		want := wantURLs(site, 120, 12)
		for u, n := range count {
			if n > 1 {
				t.Errorf("%s published %d times", u, n)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("published %d pages, want %d\nmissing: %v\nextra: %v", len(got), len(want), diff(want, got), diff(got, want))
		}
		if stats.New != len(want) {
			t.Errorf("stats.New = %d, want %d", stats.New, len(want))
		}
	})

	reqs := site.Requests()
	t.Run("robots obeyed", func(t *testing.T) {
		for _, r := range reqs {
			if strings.HasPrefix(r.Path, "/private/") || strings.HasPrefix(r.Path, "/search") {
				t.Errorf("disallowed URL requested: %s", r.Path)
			}
		}
		if reqs[0].Path != "/robots.txt" {
			t.Errorf("first request = %s, want /robots.txt", reqs[0].Path)
		}
		if stats.SkippedRobots < 1 {
			t.Errorf("SkippedRobots = %d, want >= 1", stats.SkippedRobots)
		}
	})

	t.Run("per-host rate", func(t *testing.T) {
		checkRate(t, reqs, testDelay)
	})

	t.Run("traps bounded", func(t *testing.T) {
		cal, arch := 0, 0
		for _, r := range reqs {
			switch {
			case strings.HasPrefix(r.Path, "/calendar/"):
				cal++
			case strings.HasPrefix(r.Path, "/archive"):
				arch++
			}
		}
		// depth 1: 2024/01; depth 2: 2023/12, 2024/02; depth 3: 2023/11, 2024/03.
		if cal > 5 || cal == 0 {
			t.Errorf("calendar pages requested = %d, want 1..5", cal)
		}
		if arch > 3 || arch == 0 {
			t.Errorf("archive pages requested = %d, want 1..3", arch)
		}
		if stats.SkippedLimit == 0 {
			t.Error("SkippedLimit = 0, want the trap links past max_depth counted")
		}
	})

	t.Run("non-html and oversized skipped", func(t *testing.T) {
		if stats.SkippedType < 3 {
			t.Errorf("SkippedType = %d, want >= 3 (pdf article, brochure, .pdf link)", stats.SkippedType)
		}
		if stats.SkippedSize != 2 {
			t.Errorf("SkippedSize = %d, want 2", stats.SkippedSize)
		}
		for _, r := range reqs {
			if r.Path == "/docs/report.pdf" {
				t.Error("a .pdf URL was requested")
			}
		}
	})

	t.Run("retry-after honoured", func(t *testing.T) {
		for _, id := range []int{7, 8} {
			var statuses []int
			for _, r := range reqs {
				if r.Path == fakesite.ArticlePath(id) {
					statuses = append(statuses, r.Status)
				}
			}
			if len(statuses) != 2 || statuses[0] < 429 || statuses[1] != 200 {
				t.Errorf("article %d statuses = %v, want [429|503 200]", id, statuses)
			}
		}
		if stats.Retries < 2 || stats.Status[429] != 1 || stats.Status[503] != 1 {
			t.Errorf("retries=%d status=%v", stats.Retries, stats.Status)
		}
	})

	t.Run("gone recorded", func(t *testing.T) {
		if stats.Gone != 1 {
			t.Errorf("Gone = %d, want 1", stats.Gone)
		}
	})

	t.Run("windows-1251 decoded", func(t *testing.T) {
		seen := 0
		for _, p := range pages {
			if !strings.Contains(p.URL, "/ru/") {
				continue
			}
			seen++
			title := decodedTitle(t, p)
			var id int
			fmt.Sscanf(strings.TrimPrefix(p.URL[strings.LastIndex(p.URL, "/")+1:], ""), "%d", &id)
			if title != fakesite.RussianTitle(id) {
				t.Errorf("%s (%s, content type %q): title %q, want %q", p.URL, fakesite.RussianCharset(id), p.ContentType, title, fakesite.RussianTitle(id))
			}
		}
		if seen != 12 {
			t.Errorf("russian pages = %d, want 12", seen)
		}
	})

	t.Run("second run fetches no unchanged article", func(t *testing.T) {
		site.Reset()
		stats2, err := c.Run(t.Context(), src)
		if err != nil {
			t.Fatalf("second Run: %v", err)
		}
		if p := pub.take(); len(p) != 0 {
			t.Errorf("second run published %d pages", len(p))
		}
		for _, r := range site.Requests() {
			if (strings.HasPrefix(r.Path, "/news/") || strings.HasPrefix(r.Path, "/ru/новости/")) && r.Status == 200 {
				t.Errorf("article body downloaded again: %s", r.Path)
			}
		}
		if stats2.New != 0 || stats2.Changed != 0 {
			t.Errorf("second run stats new=%d changed=%d", stats2.New, stats2.Changed)
		}
	})

	t.Run("changed article is a new version", func(t *testing.T) {
		site.Reset()
		site.Touch(3)
		site.Bump(4)
		stats3, err := c.Run(t.Context(), src)
		if err != nil {
			t.Fatalf("third Run: %v", err)
		}
		p := pub.take()
		if len(p) != 1 || p[0].URL != site.ArticleURL(3) || p[0].Version != 2 || p[0].ID != StableID(site.ArticleURL(3)) {
			t.Fatalf("third run published %+v, want article 3 version 2", pageURLs(p))
		}
		if stats3.Changed != 1 || stats3.Unchanged != 1 {
			t.Errorf("changed=%d unchanged=%d, want 1 and 1", stats3.Changed, stats3.Unchanged)
		}
		var art4 []fakesite.Request
		for _, r := range site.Requests() {
			if r.Path == fakesite.ArticlePath(4) {
				art4 = append(art4, r)
			}
		}
		if len(art4) != 1 || art4[0].Status != 304 || !art4[0].Conditional {
			t.Errorf("article 4 requests = %+v, want one conditional 304", art4)
		}
	})

	if m := c.Metrics.Snapshot()["fake"]; m.New != 132 || c.Metrics.Runs("fake") != 3 {
		t.Errorf("metrics new=%d runs=%d, want 132 and 3", m.New, c.Metrics.Runs("fake"))
	}
}

func pageURLs(ps []pipeline.Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s v%d", p.URL, p.Version))
	}
	return out
}

// decodedTitle decodes a published page the way extraction would: by the
// charset in its ContentType (which the crawler completes when sniffed).
func decodedTitle(t *testing.T, p pipeline.Page) string {
	t.Helper()
	_, params, _ := mime.ParseMediaType(p.ContentType)
	enc, _ := charset.Lookup(params["charset"])
	if enc == nil {
		t.Errorf("%s: no charset in content type %q", p.URL, p.ContentType)
		return ""
	}
	b, err := enc.NewDecoder().Bytes(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, "<title>"), strings.Index(s, "</title>")
	if i < 0 || j < i {
		return ""
	}
	return s[i+len("<title>") : j]
}

// checkRate asserts that the requests stay within one per delay: any ten
// consecutive requests span at least 9 delays, less 30% for the jitter of
// server-side timestamps (a request on a fresh connection arrives late).
func checkRate(t *testing.T, reqs []fakesite.Request, delay time.Duration) {
	t.Helper()
	const k = 10
	if len(reqs) < 2*k {
		t.Fatalf("only %d requests", len(reqs))
	}
	ts := make([]time.Time, len(reqs))
	for i, r := range reqs {
		ts[i] = r.Time
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	want := time.Duration(float64(delay) * (k - 1) * 0.7)
	for i := k - 1; i < len(ts); i++ {
		if span := ts[i].Sub(ts[i-k+1]); span < want {
			t.Errorf("requests %d..%d within %v, want >= %v", i-k+1, i, span, want)
		}
	}
	if span, min := ts[len(ts)-1].Sub(ts[0]), time.Duration(float64(delay)*0.9*float64(len(ts)-1)); span < min {
		t.Errorf("%d requests in %v, want >= %v", len(ts), span, min)
	}
}

func diff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

func TestPublishFailureLeavesURLNotDone(t *testing.T) {
	site := fakesite.New(fakesite.Options{Articles: 5, Russian: 1})
	defer site.Close()
	pub := &memPublisher{fail: errors.New("broker down")}
	state := NewMemoryState()
	c := newTestCrawler(pub, state)
	src := fakeSource(site)
	src.StartURLs, src.Sitemaps = nil, nil
	if _, err := c.Run(t.Context(), src); err == nil || !strings.Contains(err.Error(), "broker down") {
		t.Fatalf("Run error = %v, want the publish error", err)
	}
	for id := 1; id <= 5; id++ {
		if st, ok, _ := state.Get(t.Context(), URLKey(site.ArticleURL(id))); ok && st.Done() {
			t.Errorf("article %d recorded done although never published", id)
		}
	}
	// The broker is back: the next run publishes everything.
	pub.fail = nil
	stats, err := c.Run(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	if stats.New != 5 || len(pub.take()) != 5 {
		t.Errorf("recovery run new = %d, want 5", stats.New)
	}
}
