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

// TestCrawlStartURL crawls a fake agency of 132 articles (redirects, robots
// rules, 429/503, windows-1251 and KOI8-R pages, a 10 MB page, a PDF, a
// calendar trap, utm-tagged duplicates) with the ad-hoc
// `tieline crawl --once --start-url`, twice.
func TestCrawlStartURL(t *testing.T) {
	site := fakesite.New(fakesite.Options{})
	defer site.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "tieline.yaml")
	conf := fmt.Sprintf("data: %s\nnats: {ack_wait: 5s}\npipeline: {index_flush: 100ms}\ncrawl:\n  politeness: {delay: 2ms, parallelism: 2}\n  max_pages: 1000\n  backoff: 10ms\n",
		filepath.Join(dir, "data"))
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		var out syncBuffer
		code := Main(t.Context(), []string{"crawl", "--config", cfg, "--once", "--start-url", site.URL + "/"}, &Env{Stdout: &out, Stderr: &out})
		if code != 0 {
			t.Fatalf("crawl exited %d:\n%s", code, out.String())
		}
		return out.String()
	}
	first := run()
	firstReqs := site.Requests()
	for _, r := range firstReqs {
		if strings.HasPrefix(r.Path, "/private/") || strings.HasPrefix(r.Path, "/search") {
			t.Errorf("requested %s, which robots.txt disallows", r.Path)
		}
	}
	ix, err := index.Open(filepath.Join(dir, "data", "index"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := ix.Count()
	res, err := ix.Search(t.Context(), index.Query{Q: "Пермский"})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n != 132 {
		t.Errorf("indexed %d articles, want 132 (each exactly once):\n%s", n, first)
	}
	if res.Total < 12 {
		t.Errorf("%d Russian articles found by a Cyrillic word, want the 12 windows-1251/KOI8-R pages decoded", res.Total)
	}

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
	dir := t.TempDir()
	cfg := filepath.Join(dir, "tieline.yaml")
	conf := fmt.Sprintf("data: %s\nnats: {ack_wait: 5s}\npipeline: {index_flush: 100ms}\ncrawl:\n  politeness: {delay: 2ms, parallelism: 2}\n  max_pages: 1000\n  backoff: 10ms\n  timeout: 500ms\n  max_retry_after: 3s\n",
		filepath.Join(dir, "data"))
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		var out syncBuffer
		code := Main(t.Context(), []string{"crawl", "--config", cfg, "--once", "--start-url", site.StartURL()}, &Env{Stdout: &out, Stderr: &out})
		if code != 0 {
			t.Fatalf("crawl exited %d:\n%s", code, out.String())
		}
		return out.String()
	}
	first := run()
	firstReqs := site.Requests()
	for _, r := range firstReqs {
		if strings.HasPrefix(r.Path, "/private/") && !strings.HasPrefix(r.Path, "/private/press-releases/") ||
			strings.HasSuffix(r.Path, "/comments") || strings.Contains(r.Path, "?print=") {
			t.Errorf("requested %s, which robots.txt disallows", r.Path)
		}
	}
	ix, err := index.Open(filepath.Join(dir, "data", "index"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := ix.Count()
	res, err := ix.Search(t.Context(), index.Query{Q: "Пермский"})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n != 110 {
		t.Errorf("indexed %d articles, want 110 (each exactly once):\n%s", n, first)
	}
	if res.Total < 15 {
		t.Errorf("%d Russian articles found by a Cyrillic word, want the 15 windows-1251/KOI8-R/BOM pages decoded", res.Total)
	}

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
