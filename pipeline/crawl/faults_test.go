package crawl

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tieline/tieline/internal/fakesite"
)

func TestRetryAfterSecondsHonoured(t *testing.T) {
	site := fakesite.New(fakesite.Options{Articles: 10, Russian: 1, RetryAfter: "1"})
	defer site.Close()
	c := newTestCrawler(&memPublisher{}, NewMemoryState())
	src := fakeSource(site)
	src.StartURLs, src.Feeds = nil, nil
	if _, err := c.Run(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int{7, 8} { // 429 with "1", 503 with a date 1s ahead
		var times []time.Time
		for _, r := range site.Requests() {
			if r.Path == fakesite.ArticlePath(id) {
				times = append(times, r.Time)
			}
		}
		if len(times) != 2 {
			t.Fatalf("article %d requested %d times, want 2", id, len(times))
		}
		// An HTTP date has whole seconds: it may name a moment up to 1s
		// earlier than now+1s.
		min := time.Second
		if id == 8 {
			min = 0
		}
		if gap := times[1].Sub(times[0]); gap < min {
			t.Errorf("article %d retried after %v, want >= %v", id, gap, min)
		}
	}
}

func TestCrawlDelayHonoured(t *testing.T) {
	site := fakesite.New(fakesite.Options{Articles: 12, Russian: 1, CrawlDelay: "0.04"})
	defer site.Close()
	c := newTestCrawler(&memPublisher{}, NewMemoryState())
	src := fakeSource(site)
	src.StartURLs = nil
	src.Politeness = Politeness{Delay: time.Millisecond, Parallelism: 4}
	if _, err := c.Run(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	reqs := site.Requests()
	if len(reqs) < 12 {
		t.Fatalf("only %d requests", len(reqs))
	}
	// Skip robots.txt: the delay applies from when it is known.
	span := reqs[len(reqs)-1].Time.Sub(reqs[1].Time)
	if want := time.Duration(float64(len(reqs)-2) * 0.8 * float64(40*time.Millisecond)); span < want {
		t.Errorf("%d requests in %v, want >= %v (Crawl-delay 40ms)", len(reqs)-1, span, want)
	}
}

func TestMaxPagesStopsRun(t *testing.T) {
	site := fakesite.New(fakesite.Options{})
	defer site.Close()
	state := NewMemoryState()
	pub := &memPublisher{}
	c := newTestCrawler(pub, state)
	src := fakeSource(site)
	src.Politeness.Delay = -1
	src.MaxPages = 30
	stats, err := c.Run(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range site.Requests() {
		if r.Path != "/robots.txt" {
			n++
		}
	}
	if n > 30 {
		t.Errorf("%d requests with max_pages 30", n)
	}
	if stats.SkippedLimit == 0 {
		t.Error("SkippedLimit = 0")
	}
	// The capped run saved no feed validators: the next run sees the
	// feed again and finishes the work.
	src.MaxPages = 0
	if _, err := c.Run(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	if got := len(pub.take()); got != 132 {
		t.Errorf("published %d over both runs, want 132", got)
	}
}

func TestTransientErrorsRetriedGoneNot(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		n := hits[r.URL.Path]
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/feed":
			fmt.Fprintf(w, `<rss><channel><item><link>%[1]s/a/slow-article-about-perm</link></item><item><link>%[1]s/a/gone-article-about-perm</link></item><item><link>%[1]s/a/flaky-article-about-perm</link></item><item><link>%[1]s/a/loop-article-about-perm</link></item></channel></rss>`, srv.URL)
		case "/a/slow-article-about-perm":
			if n == 1 {
				time.Sleep(time.Second) // past the timeout
			}
			fmt.Fprint(w, "<html><title>slow</title></html>")
		case "/a/gone-article-about-perm":
			http.Error(w, "gone", http.StatusGone)
		case "/a/flaky-article-about-perm":
			if n <= 2 {
				http.Error(w, "oops", http.StatusBadGateway)
				return
			}
			fmt.Fprint(w, "<html><title>flaky</title></html>")
		case "/a/loop-article-about-perm":
			http.Redirect(w, r, "/a/loop-article-about-perm?x=1", http.StatusFound)
		default:
			http.Redirect(w, r, "/a/loop-article-about-perm", http.StatusFound)
		}
	}))
	defer srv.Close()
	pub := &memPublisher{}
	state := NewMemoryState()
	c := newTestCrawler(pub, state)
	src := Source{Name: "t", Feeds: []string{srv.URL + "/feed"}, Timeout: 300 * time.Millisecond, Politeness: Politeness{Delay: -1, Parallelism: 2}}
	stats, err := c.Run(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := len(pub.take()); got != 2 {
		t.Errorf("published %d, want slow and flaky", got)
	}
	if hits["/a/slow-article-about-perm"] != 2 || hits["/a/flaky-article-about-perm"] != 3 || hits["/a/gone-article-about-perm"] != 1 {
		t.Errorf("hits %v", hits)
	}
	if hits["/a/loop-article-about-perm"] > 1+DefaultSettings().MaxRedirects {
		t.Errorf("redirect loop followed %d times", hits["/a/loop-article-about-perm"])
	}
	if stats.Gone != 1 || stats.Retries != 3 {
		t.Errorf("gone=%d retries=%d, want 1 and 3", stats.Gone, stats.Retries)
	}
	// A second run does not ask for the gone article again.
	hits = map[string]int{}
	mu.Unlock()
	if _, err := c.Run(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if hits["/a/gone-article-about-perm"] != 0 {
		t.Errorf("gone article requested again")
	}
}

type memArchive struct {
	mu   sync.Mutex
	urls []string
	n    atomic.Int64
}

func (a *memArchive) Archive(url string, _ time.Time, status int, _ http.Header, body []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.urls = append(a.urls, fmt.Sprintf("%d %s", status, url))
	return nil
}

func TestArchiveEveryResponse(t *testing.T) {
	site := fakesite.New(fakesite.Options{Articles: 10, Russian: 1})
	defer site.Close()
	arc := &memArchive{}
	c := newTestCrawler(&memPublisher{}, NewMemoryState())
	c.Archiver = arc
	src := fakeSource(site)
	src.Politeness.Delay = -1
	stats, err := c.Run(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	// The server logs a request when its handler returns; the aborted
	// 10 MB stream may still be unwinding.
	for deadline := time.Now().Add(5 * time.Second); len(site.Requests()) < stats.Requests && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	full := 0
	for _, r := range site.Requests() {
		if r.Status != 0 && !strings.Contains(r.Path, "8888") && !strings.Contains(r.Path, "8889") && !strings.Contains(r.Path, "9999") && r.Path != "/files/brochure" {
			full++
		}
	}
	if len(arc.urls) != full || stats.Requests != len(site.Requests()) {
		t.Errorf("archived %d responses, site answered %d fully, stats %d requests", len(arc.urls), full, stats.Requests)
	}
}

func TestDiscover(t *testing.T) {
	site := fakesite.New(fakesite.Options{Articles: 5, Russian: 1})
	defer site.Close()
	src, err := Discover(t.Context(), site.URL+"/?utm_source=x", Settings{Politeness: Politeness{Delay: -1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(site.URL, "http://")
	if len(src.Feeds) != 1 || src.Feeds[0] != site.URL+"/rss.xml" {
		t.Errorf("feeds %v", src.Feeds)
	}
	if len(src.Sitemaps) != 1 || src.Sitemaps[0] != site.URL+"/sitemap.xml" {
		t.Errorf("sitemaps %v", src.Sitemaps)
	}
	if len(src.AllowedDomains) != 1 || src.AllowedDomains[0] != "127.0.0.1" || src.StartURLs[0] != site.URL+"/" {
		t.Errorf("domains %v start %v (host %s)", src.AllowedDomains, src.StartURLs, host)
	}
	if errs := src.Validate(); len(errs) != 0 {
		t.Errorf("discovered source invalid: %v", errs)
	}
	// The ad-hoc source crawls the site.
	pub := &memPublisher{}
	src.Politeness.Delay = -1
	if _, err := newTestCrawler(pub, NewMemoryState()).Run(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	if n := len(pub.take()); n < 5 {
		t.Errorf("ad-hoc crawl published %d, want >= 5", n)
	}
}

func TestConcurrentSourcesShareHostRate(t *testing.T) {
	site := fakesite.New(fakesite.Options{Articles: 20, Russian: 3})
	defer site.Close()
	c := newTestCrawler(&memPublisher{}, NewMemoryState())
	a, b := fakeSource(site), fakeSource(site)
	a.Name, a.StartURLs, a.Sitemaps = "a", nil, nil
	b.Name, b.Feeds, b.StartURLs = "b", nil, nil
	var wg sync.WaitGroup
	for _, src := range []Source{a, b} {
		wg.Go(func() {
			if _, err := c.Run(t.Context(), src); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	checkRate(t, site.Requests(), testDelay)
}
