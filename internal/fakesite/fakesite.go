// Package fakesite is an httptest news agency for crawler tests: paginated
// listings, RSS, a sitemap index with a gzipped child, redirects, robots
// rules, 429/503 with Retry-After, windows-1251 and KOI8-R pages (with and
// without a charset header), a 10 MB page, a PDF, a calendar trap and an
// endless archive, utm-tagged duplicate links, ETag/Last-Modified with
// conditional GET. It records every request so tests can assert what was
// and was not asked for.
package fakesite

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// Options shape the site.
type Options struct {
	Articles   int    // English articles /news/{id}-..., default 120
	Russian    int    // windows-1251 articles /ru/новости/{id}-..., default 12
	PerPage    int    // listing page size, default 10
	CrawlDelay string // robots.txt Crawl-delay value, "" for none
	// RetryAfter is the Retry-After of the one-off 429 on article 7; 503
	// on article 8 uses an HTTP date this many seconds ahead. Default "0".
	RetryAfter string
	BigSize    int // bytes of the oversized pages, default 10 MB
}

// Request is one request the site received.
type Request struct {
	Time        time.Time
	Path        string // decoded path plus raw query
	Status      int
	Conditional bool // had If-None-Match or If-Modified-Since
	Bytes       int  // body bytes written
}

// Site is a running fake agency.
type Site struct {
	*httptest.Server
	opt      Options
	mu       sync.Mutex
	reqs     []Request
	versions map[int]int       // article id -> content version
	updated  map[int]time.Time // article id -> sitemap lastmod
	failed   map[string]bool
	modified time.Time
}

// New starts a site; close it with Close.
func New(opt Options) *Site {
	if opt.Articles == 0 {
		opt.Articles = 120
	}
	if opt.Russian == 0 {
		opt.Russian = 12
	}
	if opt.PerPage == 0 {
		opt.PerPage = 10
	}
	if opt.RetryAfter == "" {
		opt.RetryAfter = "0"
	}
	if opt.BigSize == 0 {
		opt.BigSize = 10 << 20
	}
	s := &Site{opt: opt, versions: map[int]int{}, updated: map[int]time.Time{}, failed: map[string]bool{},
		modified: time.Date(2024, 5, 14, 10, 0, 0, 0, time.UTC)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Touch changes the body of English article id (a correction) and its
// sitemap lastmod.
func (s *Site) Touch(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions[id]++
	s.updated[id] = time.Now()
}

// Bump moves article id's sitemap lastmod to now without changing it.
func (s *Site) Bump(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updated[id] = time.Now()
}

func (s *Site) lastmod(id int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.updated[id]; ok {
		return t
	}
	return s.modified
}

// Requests returns a copy of the request log.
func (s *Site) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Reset clears the request log.
func (s *Site) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = nil
}

// ArticleURL is the canonical URL of English article id.
func (s *Site) ArticleURL(id int) string { return s.URL + ArticlePath(id) }

// ArticlePath is the path of English article id.
func ArticlePath(id int) string { return fmt.Sprintf("/news/%d-perm-krai-belarus-talks-%d", id, id) }

// RussianPath is the (decoded) path of Russian article id.
func RussianPath(id int) string {
	return fmt.Sprintf("/ru/новости/%d-пермский-край-%d", id, id)
}

// RussianTitle is the title of Russian article id.
func RussianTitle(id int) string {
	return fmt.Sprintf("Пермский край и Беларусь: встреча №%d", id)
}

// RussianCharset says how Russian article id declares its charset:
// "header", "meta" or "none" (the crawler must sniff).
func RussianCharset(id int) string { return [...]string{"header", "meta", "none"}[id%3] }

// Recorder wraps a ResponseWriter to remember the status and body bytes
// written, for the request logs of the fake sites.
type Recorder struct {
	http.ResponseWriter
	Status int
	Bytes  int
}

// WriteHeader records the status.
func (r *Recorder) WriteHeader(c int) { r.Status = c; r.ResponseWriter.WriteHeader(c) }

// Write records the bytes written (and an implicit 200).
func (r *Recorder) Write(b []byte) (int, error) {
	if r.Status == 0 {
		r.Status = 200
	}
	n, err := r.ResponseWriter.Write(b)
	r.Bytes += n
	return n, err
}

// Flush passes through, so slow pages can stream.
func (r *Recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	rec := &Recorder{ResponseWriter: w}
	p := r.URL.Path
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	t := time.Now()
	defer func() {
		s.mu.Lock()
		s.reqs = append(s.reqs, Request{Time: t, Path: p, Status: rec.Status, Bytes: rec.Bytes,
			Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""})
		s.mu.Unlock()
	}()
	s.route(rec, r)
}

func (s *Site) route(w *Recorder, r *http.Request) {
	p := r.URL.Path
	q := r.URL.Query()
	switch {
	case p == "/robots.txt":
		s.robots(w)
	case p == "/":
		s.home(w, r)
	case p == "/news" || p == "/news/":
		page, _ := strconv.Atoi(q.Get("page"))
		s.newsListing(w, r, max(page, 1))
	case strings.HasPrefix(p, "/news/"):
		s.newsArticle(w, r, strings.TrimPrefix(p, "/news/"))
	case strings.HasPrefix(p, "/go/"):
		id, _ := strconv.Atoi(strings.TrimPrefix(p, "/go/"))
		http.Redirect(w, r, ArticlePath(id)+"?utm_source=go", http.StatusMovedPermanently)
	case p == "/rss.xml":
		s.rss(w, r)
	case p == "/sitemap.xml":
		s.sitemapIndex(w, r)
	case p == "/sitemaps/1.xml":
		s.sitemap(w, r, 1, s.opt.Articles/2, false)
	case p == "/sitemaps/2.xml.gz":
		s.sitemap(w, r, s.opt.Articles/2+1, s.opt.Articles, true)
	case p == "/ru/" || p == "/ru":
		s.ruListing(w, r, 1)
	case strings.HasPrefix(p, "/ru/page"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/ru/page"))
		s.ruListing(w, r, n)
	case p == "/ru/koi":
		s.koiListing(w, r)
	case strings.HasPrefix(p, "/ru/новости/"):
		s.ruArticle(w, r, strings.TrimPrefix(p, "/ru/новости/"))
	case strings.HasPrefix(p, "/calendar/"):
		s.calendar(w, r, strings.TrimPrefix(p, "/calendar/"))
	case p == "/archive":
		page, _ := strconv.Atoi(q.Get("page"))
		s.archive(w, r, max(page, 1))
	case strings.HasPrefix(p, "/private/"), strings.HasPrefix(p, "/search"):
		// Disallowed by robots.txt: the crawler must never get here.
		s.html(w, r, "<html><title>secret</title><a href=\"/news/1-x\">x</a></html>", "text/html; charset=utf-8")
	case p == "/files/brochure":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(bytes.Repeat([]byte("%PDF-1.4 "), 100000))
	default:
		http.NotFound(w, r)
	}
}

func (s *Site) robots(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "User-agent: badbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nDisallow: /search\n")
	if s.opt.CrawlDelay != "" {
		fmt.Fprintf(w, "Crawl-delay: %s\n", s.opt.CrawlDelay)
	}
	fmt.Fprintf(w, "\nSitemap: %s/sitemap.xml\n", s.URL)
}

// html writes body with an ETag and Last-Modified, answering conditional
// requests with 304.
func (s *Site) html(w http.ResponseWriter, r *http.Request, body, contentType string) {
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", s.modified.Format(http.TimeFormat))
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	} else {
		// Keep net/http from sniffing one in.
		w.Header()["Content-Type"] = nil
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write([]byte(body))
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fake Agency</title>
<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>
<a href="/news">News</a> <a href="/ru/">По-русски</a> <a href="/calendar/2024/01">Calendar</a>
<a href="/archive?page=1">Archive</a> <a href="/search?q=perm">Search</a>
<a href="/private/news/1-secret-article-1">Secret</a>
<a href="/news/9999-annual-report-2024">Annual report (PDF)</a> <a href="/files/brochure">Brochure</a>
<a href="/docs/report.pdf">Report</a>
<a href="/news/8888-big-page-here-8888">Big page</a> <a href="/news/8889-huge-declared-8889">Huge</a>
<a href="/go/5">Short link</a> <a href="/news/404404-missing-article-x">Missing</a>
<a href="https://elsewhere.example/news/1-other-site-article-1">Elsewhere</a>
<a href="mailto:desk@agency.example">Mail</a> <a href="javascript:void(0)">JS</a>
</body></html>`)
	s.html(w, r, b.String(), "text/html; charset=utf-8")
}

func (s *Site) newsListing(w http.ResponseWriter, r *http.Request, page int) {
	n := s.opt.Articles
	first := n - (page-1)*s.opt.PerPage
	if first < 1 {
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>News, page %d</title></head><body><ul>`, page)
	for id := first; id > first-s.opt.PerPage && id >= 1; id-- {
		// The same article three times: plain, utm-tagged, and to comments.
		fmt.Fprintf(&b, `<li><a href="%s">Article %d</a> <a href="%s?utm_source=main&amp;utm_medium=list">more</a> <a href="%s#comments">comments</a></li>`,
			ArticlePath(id), id, ArticlePath(id), ArticlePath(id))
	}
	b.WriteString("</ul>")
	if first-s.opt.PerPage >= 1 {
		fmt.Fprintf(&b, `<a rel="next" href="/news?page=%d">Next</a>`, page+1)
	}
	b.WriteString("</body></html>")
	s.html(w, r, b.String(), "text/html; charset=utf-8")
}

func (s *Site) articleVersion(id int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.versions[id]
}

// failOnce reports whether key fails now (true only the first time).
func (s *Site) failOnce(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed[key] {
		return false
	}
	s.failed[key] = true
	return true
}

func (s *Site) newsArticle(w http.ResponseWriter, r *http.Request, rest string) {
	idStr, _, _ := strings.Cut(rest, "-")
	id, err := strconv.Atoi(idStr)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch {
	case id == 9999:
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(bytes.Repeat([]byte("%PDF-1.4 "), 200000))
		return
	case id == 8888: // no Content-Length: streamed past the cap
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		chunk := bytes.Repeat([]byte("<p>padding padding padding</p>\n"), 1024)
		for sent := 0; sent < s.opt.BigSize; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
		return
	case id == 8889: // declared up front
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(s.opt.BigSize))
		w.Write(bytes.Repeat([]byte(" "), s.opt.BigSize))
		return
	case id < 1 || id > s.opt.Articles:
		http.NotFound(w, r)
		return
	case id == 7 && s.failOnce("429"):
		w.Header().Set("Retry-After", s.opt.RetryAfter)
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return
	case id == 8 && s.failOnce("503"):
		secs, _ := strconv.Atoi(s.opt.RetryAfter)
		w.Header().Set("Retry-After", time.Now().Add(time.Duration(secs)*time.Second).UTC().Format(http.TimeFormat))
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	}
	v := s.articleVersion(id)
	body := fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Perm Krai and Belarus talks, part %d</title>
<link rel="canonical" href="%s%s">
</head><body><article><h1>Perm Krai and Belarus talks, part %d</h1>
<p>PERM, May 14. /Agency/. Perm Krai Governor met the Belarusian delegation (revision %d).</p>
<a href="/news/%d-perm-krai-belarus-talks-%d">Related</a>
</article></body></html>`, id, s.URL, ArticlePath(id), id, v, max(id-1, 1), max(id-1, 1))
	s.html(w, r, body, "text/html; charset=utf-8")
}

func (s *Site) rss(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fake Agency</title>`)
	for id := s.opt.Articles; id > s.opt.Articles-20 && id >= 1; id-- {
		fmt.Fprintf(&b, `<item><title>Article %d</title><link>%s%s?utm_source=rss&amp;utm_campaign=feed</link><pubDate>%s</pubDate></item>`,
			id, s.URL, ArticlePath(id), s.modified.Add(-time.Duration(s.opt.Articles-id)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	s.html(w, r, b.String(), "application/rss+xml; charset=utf-8")
}

func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/sitemaps/1.xml</loc></sitemap>
<sitemap><loc>%s/sitemaps/2.xml.gz</loc></sitemap>
</sitemapindex>`, s.URL, s.URL)
	s.html(w, r, body, "application/xml")
}

func (s *Site) sitemap(w http.ResponseWriter, r *http.Request, from, to int, gz bool) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
	for id := from; id <= to; id++ {
		fmt.Fprintf(&b, `<url><loc>%s%s</loc><lastmod>%s</lastmod><news:news><news:publication_date>%s</news:publication_date><news:title>Article %d</news:title></news:news></url>`,
			s.URL, ArticlePath(id), s.lastmod(id).UTC().Format(time.RFC3339Nano), s.modified.Format(time.RFC3339), id)
	}
	b.WriteString(`</urlset>`)
	if !gz {
		s.html(w, r, b.String(), "application/xml")
		return
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(b.String()))
	zw.Close()
	w.Header().Set("Content-Type", "application/x-gzip")
	w.Write(buf.Bytes())
}

func cp1251(s string) string {
	out, err := charmap.Windows1251.NewEncoder().String(s)
	if err != nil {
		panic(err) // fixture text is encodable by construction
	}
	return out
}

// ruListing serves /ru/ (charset in the header), /ru/page2 (meta only)
// and /ru/page3 (no declaration), each linking four Russian articles with
// raw Cyrillic hrefs.
func (s *Site) ruListing(w http.ResponseWriter, r *http.Request, page int) {
	per := (s.opt.Russian + 2) / 3
	first := (page-1)*per + 1
	if page < 1 || page > 3 || first > s.opt.Russian {
		http.NotFound(w, r)
		return
	}
	meta := ""
	ct := "text/html; charset=windows-1251"
	switch page {
	case 2:
		meta, ct = `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, "text/html"
	case 3:
		ct = ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head>%s<title>Новости регионов, страница %d</title></head><body>`, meta, page)
	for id := first; id < first+per && id <= s.opt.Russian; id++ {
		fmt.Fprintf(&b, `<p><a href="%s">%s</a> <a href="%s?utm_source=ru">ещё</a></p>`, RussianPath(id), RussianTitle(id), RussianPath(id))
	}
	if page < 3 {
		fmt.Fprintf(&b, `<a href="/ru/page%d">Следующая страница</a>`, page+1)
	}
	b.WriteString(`<a href="/ru/koi">КОИ</a></body></html>`)
	s.html(w, r, cp1251(b.String()), ct)
}

func (s *Site) koiListing(w http.ResponseWriter, r *http.Request) {
	body := `<html><head><title>Архив новостей</title></head><body><a href="` + RussianPath(1) + `">` + RussianTitle(1) + `</a></body></html>`
	out, _ := charmap.KOI8R.NewEncoder().String(body)
	s.html(w, r, out, "text/html; charset=koi8-r")
}

func (s *Site) ruArticle(w http.ResponseWriter, r *http.Request, rest string) {
	idStr, _, _ := strings.Cut(rest, "-")
	id, err := strconv.Atoi(idStr)
	if err != nil || id < 1 || id > s.opt.Russian {
		http.NotFound(w, r)
		return
	}
	meta, ct := "", "text/html; charset=windows-1251"
	switch RussianCharset(id) {
	case "meta":
		meta, ct = `<meta charset="windows-1251">`, "text/html"
	case "none":
		ct = ""
	}
	body := fmt.Sprintf(`<html><head>%s<title>%s</title></head><body><h1>%s</h1>
<p>ПЕРМЬ, 14 мая. Губернатор Пермского края провёл переговоры с делегацией Республики Беларусь о сотрудничестве.</p></body></html>`,
		meta, RussianTitle(id), RussianTitle(id))
	s.html(w, r, cp1251(body), ct)
}

// calendar links each month to the previous and the next one, forever.
func (s *Site) calendar(w http.ResponseWriter, r *http.Request, ym string) {
	var y, m int
	if _, err := fmt.Sscanf(ym, "%d/%d", &y, &m); err != nil {
		http.NotFound(w, r)
		return
	}
	t := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	prev, next := t.AddDate(0, -1, 0), t.AddDate(0, 1, 0)
	body := fmt.Sprintf(`<html><head><meta charset="utf-8"><title>Calendar %s</title></head><body>
<a href="/calendar/%d/%02d">prev</a> <a href="/calendar/%d/%02d">next</a></body></html>`,
		t.Format("2006-01"), prev.Year(), prev.Month(), next.Year(), next.Month())
	s.html(w, r, body, "text/html; charset=utf-8")
}

// archive is endless pagination over the same ten old articles.
func (s *Site) archive(w http.ResponseWriter, r *http.Request, page int) {
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta charset="utf-8"><title>Archive %d</title></head><body>`, page)
	for id := 1; id <= min(10, s.opt.Articles); id++ {
		fmt.Fprintf(&b, `<a href="%s">Article %d</a>`, ArticlePath(id), id)
	}
	fmt.Fprintf(&b, `<a href="/archive?page=%d">Older</a></body></html>`, page+1)
	s.html(w, r, b.String(), "text/html; charset=utf-8")
}
