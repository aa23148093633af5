package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tieline/tieline/index"
)

// TestCrawlOnceTwice runs `tieline crawl --source --once` twice on one data
// dir: the first run indexes every article, the second finds them in the
// crawl state (KV on the embedded broker) and downloads none again.
func TestCrawlOnceTwice(t *testing.T) {
	for name, natsURL := range brokers() {
		t.Run(name, func(t *testing.T) {
			site := newAgencySite(t)
			cfg := writeConfig(t, site.URL, natsURL)
			run := func() string {
				var out syncBuffer
				code := Main(t.Context(), []string{"crawl", "--config", cfg, "--source", "local", "--once"}, &Env{Stdout: &out, Stderr: &out})
				if code != 0 {
					t.Fatalf("crawl exited %d:\n%s", code, out.String())
				}
				return out.String()
			}
			first := run()
			articles := len(site.requested("/news/20"))
			if articles != 3 {
				t.Errorf("first run fetched %d article pages, want 3 (one per article, utm and fragment duplicates folded)", articles)
			}
			if !strings.Contains(first, "3 new") {
				t.Errorf("first run summary lacks \"3 new\":\n%s", first)
			}
			second := run()
			if got := len(site.requested("/news/20")); got != articles {
				t.Errorf("second run fetched %d article pages again, want 0", got-articles)
			}
			if !strings.Contains(second, "0 new") {
				t.Errorf("second run summary lacks \"0 new\":\n%s", second)
			}
			if len(site.requested("/private/")) > 0 {
				t.Errorf("requested URLs disallowed by robots.txt")
			}
			if natsURL != "" {
				return // the index of an external-broker crawl is filled by other processes
			}
			ix, err := index.Open(filepath.Join(filepath.Dir(cfg), "data", "index"))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if n, _ := ix.Count(); n != 3 {
				t.Errorf("index holds %d articles, want 3", n)
			}
		})
	}
}
