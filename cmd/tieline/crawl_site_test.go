package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tieline/tieline/index"
	"github.com/tieline/tieline/internal/fakesite"
	"github.com/tieline/tieline/internal/fakesite/variant"
)

// startURLCrawl writes a config for an ad-hoc crawl of startURL (extra
// crawl settings appended) and returns a function running
// `tieline crawl --once --start-url` on it, and the data dir.
func startURLCrawl(t *testing.T, startURL, extra string) (run func() string, data string) {
	t.Helper()
	dir := t.TempDir()
	data = filepath.Join(dir, "data")
	cfg := filepath.Join(dir, "tieline.yaml")
	conf := fmt.Sprintf("data: %s\nnats: {ack_wait: 5s}\npipeline: {index_flush: 100ms}\ncrawl:\n  politeness: {delay: 2ms, parallelism: 2}\n  max_pages: 1000\n  backoff: 10ms\n%s",
		data, extra)
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return func() string {
		var out syncBuffer
		code := Main(t.Context(), []string{"crawl", "--config", cfg, "--once", "--start-url", startURL}, &Env{Stdout: &out, Stderr: &out})
		if code != 0 {
			t.Fatalf("crawl exited %d:\n%s", code, out.String())
		}
		return out.String()
	}, data
}

// checkIndexed checks that the index holds exactly n articles and that at
// least cyrillic of them are found by a Cyrillic word (decoded charsets).
func checkIndexed(t *testing.T, data string, n, cyrillic int, log string) {
	t.Helper()
	ix, err := index.Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got, _ := ix.Count()
	res, err := ix.Search(t.Context(), index.Query{Q: "Пермский"})
	if err != nil {
		t.Fatal(err)
	}
	if got != uint64(n) {
		t.Errorf("indexed %d articles, want %d (each exactly once):\n%s", got, n, log)
	}
	if res.Total < uint64(cyrillic) {
		t.Errorf("%d Russian articles found by a Cyrillic word, want %d pages decoded", res.Total, cyrillic)
	}
}

// TestCrawlStartURL crawls a fake agency of 132 articles (redirects, robots
// rules, 429/503, windows-1251 and KOI8-R pages, a 10 MB page, a PDF, a
// calendar trap, utm-tagged duplicates) with the ad-hoc
// `tieline crawl --once --start-url`, twice.
func TestCrawlStartURL(t *testing.T) {
	site := fakesite.New(fakesite.Options{})
	defer site.Close()
	run, data := startURLCrawl(t, site.URL+"/", "")
	first := run()
	firstReqs := site.Requests()
	for _, r := range firstReqs {
		if strings.HasPrefix(r.Path, "/private/") || strings.HasPrefix(r.Path, "/search") {
			t.Errorf("requested %s, which robots.txt disallows", r.Path)
		}
	}
	checkIndexed(t, data, 132, 12, first)

	run()
	bodies := 0
	for _, r := range site.Requests()[len(firstReqs):] {
		if strings.Contains(r.Path, "/news/") && r.Status == 200 && r.Bytes > 0 {
			bodies++
		}
	}
	if bodies > 0 {
		t.Errorf("second run downloaded %d unchanged article bodies again, want 0", bodies)
	}
}

// TestCrawlStartURLVariant runs `tieline crawl --once --start-url` twice
// against the second fake agency (other URL shapes, pagination styles,
// feeds only in <link rel=alternate>, sitemaps only in a CRLF robots.txt
// whose "*" group bans everything, KOI8-R and BOM pages, session-id and
// facet traps, AMP/print copies, a slow page and a reset), with no
// configured patterns.
func TestCrawlStartURLVariant(t *testing.T) {
	site := variant.New(variant.Options{Slow: 3 * time.Second})
	defer site.Close()
	run, data := startURLCrawl(t, site.StartURL(), "  timeout: 500ms\n  max_retry_after: 3s\n")
	first := run()
	firstReqs := site.Requests()
	for _, r := range firstReqs {
		if strings.HasPrefix(r.Path, "/private/") && !strings.HasPrefix(r.Path, "/private/press-releases/") ||
			strings.HasSuffix(r.Path, "/comments") || strings.Contains(r.Path, "?print=") {
			t.Errorf("requested %s, which robots.txt disallows", r.Path)
		}
	}
	checkIndexed(t, data, 110, 15, first)

	run()
	want := map[string]bool{}
	for id := 1; id <= 110; id++ {
		want[variant.ArticlePath(id)] = true
	}
	for _, r := range site.Requests()[len(firstReqs):] {
		if want[r.Path] && r.Status == 200 && r.Bytes > 0 {
			t.Errorf("second run downloaded unchanged article %s again", r.Path)
		}
	}
}
