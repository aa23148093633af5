package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tieline/tieline/pipeline/natsbus"
)

// TestMain lets tests run the command in a child process (to kill it):
// the test binary re-executes itself with TIELINE_TEST_MAIN=1.
func TestMain(m *testing.M) {
	if os.Getenv("TIELINE_TEST_MAIN") == "1" {
		if d, err := time.ParseDuration(os.Getenv("TIELINE_TEST_EXTRACT_DELAY")); err == nil {
			testExtractDelay = d
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Main(ctx, os.Args[1:], &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// agencySite serves a small news site: robots.txt, a listing, an RSS feed
// and three articles, and records every request.
type agencySite struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

func newAgencySite(t *testing.T) *agencySite {
	t.Helper()
	s := &agencySite{}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "site", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pages := map[string]struct {
		file, ctype string
	}{
		"/news/":   {"listing.html", "text/html; charset=utf-8"},
		"/rss.xml": {"rss.xml", "application/rss+xml"},
		"/news/2024/05/27/belarus-perm-krai.html":    {"article1.html", "text/html; charset=utf-8"},
		"/news/2024/06/03/tatarstan-france.html":     {"article2.html", "text/html; charset=utf-8"},
		"/news/2019/10/12/ryazan-massachusetts.html": {"article3.html", "text/html; charset=utf-8"},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path)
		s.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		body := bytes.ReplaceAll(read(p.file), []byte("{{BASE}}"), []byte(s.URL))
		w.Header().Set("Content-Type", p.ctype)
		w.Write(body)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *agencySite) requested(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.requests {
		if strings.HasPrefix(r, prefix) {
			out = append(out, r)
		}
	}
	return out
}

func uniquePrefix() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "e2e" + hex.EncodeToString(b[:])
}

// writeConfig writes a config crawling site into a temp dir. On an
// external server, the test's streams and buckets are deleted afterwards.
func writeConfig(t *testing.T, site string, natsURL string) string {
	t.Helper()
	u, _ := url.Parse(site)
	dir := t.TempDir()
	prefix := uniquePrefix()
	if natsURL != "" {
		t.Cleanup(func() { destroy(t, natsURL, prefix) })
	}
	cfg := fmt.Sprintf(`data: %s
http: {addr: "127.0.0.1:0"}
nats: {url: %q, prefix: %s, ack_wait: 2s, backoff: [100ms]}
pipeline: {index_flush: 100ms}
log: {level: debug}
crawl:
  politeness: {delay: 10ms}
  timeout: 5s
sources:
  - name: local
    agency: Local Agency
    language: en
    start_urls: [%s/news/]
    feeds: [%s/rss.xml]
    allowed_domains: [%s]
    articles:
      allow: ['/news/\d{4}/\d{2}/\d{2}/']
    schedule: {every: 1h}
`, filepath.Join(dir, "data"), natsURL, prefix, site, site, u.Hostname())
	path := filepath.Join(dir, "tieline.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type searchResult struct {
	Total int `json:"total"`
	Hits  []struct {
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		URL       string   `json:"url"`
		Source    string   `json:"source"`
		Published string   `json:"published"`
		Snippet   string   `json:"snippet"`
		Countries []string `json:"countries"`
		Regions   []string `json:"regions"`
		Officials []any    `json:"officials"`
	} `json:"hits"`
}

func search(t *testing.T, addr, q string) (searchResult, int) {
	t.Helper()
	var r searchResult
	resp, err := http.Get("http://" + addr + "/api/search?" + q)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatalf("search answer: %v", err)
		}
	}
	return r, resp.StatusCode
}

// syncBuffer is a goroutine-safe log sink for a command under test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// brokers are the NATS URLs to run end-to-end tests against: the embedded
// server ("") and, when TIELINE_TEST_NATS_URL is set, the external one.
func brokers() map[string]string {
	out := map[string]string{"embedded": ""}
	if u := os.Getenv("TIELINE_TEST_NATS_URL"); u != "" {
		out["external"] = u
	}
	return out
}

// TestRunEndToEnd crawls a local agency site with `tieline run` and finds
// its articles, with their tags, through the search API.
func TestRunEndToEnd(t *testing.T) {
	for name, natsURL := range brokers() {
		t.Run(name, func(t *testing.T) {
			site := newAgencySite(t)
			cfg := writeConfig(t, site.URL, natsURL)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			addrc := make(chan string, 1)
			var logs syncBuffer
			done := make(chan int, 1)
			go func() {
				done <- Main(ctx, []string{"run", "--config", cfg}, &Env{Stdout: &logs, Stderr: &logs,
					Listening: func(a string) { addrc <- a }})
			}()
			var addr string
			select {
			case addr = <-addrc:
			case code := <-done:
				t.Fatalf("run exited with %d before listening:\n%s", code, logs.String())
			case <-time.After(60 * time.Second):
				t.Fatalf("run did not start listening:\n%s", logs.String())
			}

			var res searchResult
			deadline := time.Now().Add(60 * time.Second)
			for {
				res, _ = search(t, addr, "q=")
				if res.Total >= 3 || time.Now().After(deadline) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if res.Total != 3 {
				t.Fatalf("indexed %d articles, want 3\n%s", res.Total, logs.String())
			}

			res, code := search(t, addr, "q=Belarus")
			if code != http.StatusOK || res.Total != 1 {
				t.Fatalf("q=Belarus: status %d, total %d, want 1", code, res.Total)
			}
			h := res.Hits[0]
			if !strings.HasSuffix(h.URL, "/news/2024/05/27/belarus-perm-krai.html") {
				t.Errorf("url = %q: want the canonical URL without tracking parameters", h.URL)
			}
			if !contains(h.Countries, "BY") || !contains(h.Regions, "RU-PER") {
				t.Errorf("countries %v regions %v, want BY and RU-PER", h.Countries, h.Regions)
			}
			if !strings.HasPrefix(h.Published, "2024-05-27") {
				t.Errorf("published = %q, want 2024-05-27", h.Published)
			}

			res, _ = search(t, addr, "region=RU-TA")
			if res.Total != 1 || !contains(res.Hits[0].Countries, "FR") {
				t.Errorf("region=RU-TA: %+v, want the Tatarstan article tagged FR", res)
			}
			res, _ = search(t, addr, "region=US-MA")
			if res.Total != 1 || !contains(res.Hits[0].Regions, "RU-RYA") {
				t.Errorf("region=US-MA: %+v, want the Russian Ryazan article", res)
			}

			if _, code := search(t, addr, "q=title:("); code != http.StatusBadRequest {
				t.Errorf("malformed query: status %d, want 400", code)
			}
			if got := site.requested("/private/"); len(got) > 0 {
				t.Errorf("requested disallowed URLs %v", got)
			}
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("healthz: %v %v", resp, err)
			}

			resp, err = http.Get("http://" + addr + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			metrics, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, want := range []string{`tieline_crawl_articles_new_total{source="local"} 3`, "tieline_index_documents 3",
				`tieline_pipeline_pending_messages{stage="extract"} 0`} {
				if !strings.Contains(string(metrics), want) {
					t.Errorf("/metrics lacks %q:\n%s", want, metrics)
				}
			}

			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("run exited with %d after SIGTERM-like cancel:\n%s", code, logs.String())
				}
			case <-time.After(30 * time.Second):
				t.Fatal("run did not shut down")
			}
		})
	}
}

func destroy(t *testing.T, natsURL, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := natsbus.Open(ctx, natsbus.Config{URL: natsURL, Prefix: prefix})
	if err != nil {
		t.Errorf("cleaning up %s: %v", prefix, err)
		return
	}
	defer b.Close()
	if err := b.Destroy(ctx); err != nil {
		t.Errorf("cleaning up %s: %v", prefix, err)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
