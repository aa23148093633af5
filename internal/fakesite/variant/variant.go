// Package variant is a second httptest news agency, built to differ from
// fakesite in every way real agencies differ: five article URL shapes
// (date+slug .html, /news/{id}, Bitrix-style view/slug-id-year/, RIA-style
// /yyyymmdd/slug-id.html, ?id=), four pagination styles (/page/N/,
// ?PAGEN_1=N, ?p=N "load more", rel="next" in <head> only), links written
// relative, protocol-relative, under <base href>, with a www host, mixed
// case, utm/fbclid/#comments/session ids/?amp/AMP and print copies; an Atom
// and a namespaced RSS feed advertised only by <link rel=alternate>; a
// gzipped sitemap index and a news sitemap named only in a CRLF robots.txt
// with Allow/Disallow/wildcards and a specific agent group before "*";
// windows-1251 (header, meta, sniffed), KOI8-R and BOM UTF-8 pages; 429
// with an HTTP-date Retry-After, 503 once, a reset mid-body, a slow page,
// 404/410, a 3-hop redirect chain and a loop; calendar, sort/filter,
// session-id and endless tag traps; PDF/image/docx/video without telling
// extensions; a 12 MB page; ETag, Last-Modified or no validators.
//
// With Options.Host set, the site answers for that host, its www. alias
// and two side hosts (static. with a 503 robots.txt, m. with a 404 one),
// over http (redirected to https) and https; Transport routes those names
// to the test server. Without it, the site lives at the server's address.
package variant

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/tieline/tieline/internal/fakesite"
)

// Options shape the site.
type Options struct {
	Articles   int           // default 110
	Russian    int           // the first Russian articles (charsets vary), default 15
	PerPage    int           // section page size, default 5
	Host       string        // e.g. "agency.test": virtual hosts and https; "" = server address
	CrawlDelay string        // robots.txt Crawl-delay for our agent, default "0.01"
	Slow       time.Duration // how long the slow page stalls, default 2s
	BigSize    int           // bytes of the oversized pages, default 12 MB
}

// Request is one request the site received.
type Request struct {
	Time        time.Time
	Host        string
	Path        string // path plus raw query
	Status      int
	Conditional bool
	Bytes       int
}

// Site is a running variant agency.
type Site struct {
	*httptest.Server
	opt      Options
	mu       sync.Mutex
	reqs     []Request
	versions map[int]int
	updated  map[int]time.Time
	failed   map[string]bool
	sid      int
	modified time.Time
}

// New starts a site; close it with Close.
func New(opt Options) *Site {
	if opt.Articles == 0 {
		opt.Articles = 110
	}
	if opt.Russian == 0 {
		opt.Russian = 15
	}
	if opt.PerPage == 0 {
		opt.PerPage = 5
	}
	if opt.CrawlDelay == "" {
		opt.CrawlDelay = "0.01"
	}
	if opt.Slow == 0 {
		opt.Slow = 2 * time.Second
	}
	if opt.BigSize == 0 {
		opt.BigSize = 12 << 20
	}
	s := &Site{opt: opt, versions: map[int]int{}, updated: map[int]time.Time{}, failed: map[string]bool{},
		modified: time.Date(2024, 5, 27, 9, 0, 0, 0, time.UTC)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Base is the canonical origin of the site ("https://agency.test" or the server URL).
func (s *Site) Base() string {
	if s.opt.Host == "" {
		return s.URL
	}
	return "https://" + s.opt.Host
}

// StartURL is what a user would type: bare http when virtual hosts are on.
func (s *Site) StartURL() string {
	if s.opt.Host == "" {
		return s.URL + "/"
	}
	return "http://www." + s.opt.Host + "/"
}

// Transport routes every host name to the test server, telling it the
// scheme asked for (the server itself speaks plain HTTP).
func (s *Site) Transport() http.RoundTripper {
	addr := s.Listener.Addr().String()
	t := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 8,
	}
	return schemeTransport{t}
}

type schemeTransport struct{ next http.RoundTripper }

func (t schemeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("X-Fake-Scheme", req.URL.Scheme)
	u := *req.URL
	u.Scheme = "http"
	r.URL = &u
	return t.next.RoundTrip(r)
}

// Touch changes article id's body and its sitemap lastmod.
func (s *Site) Touch(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions[id]++
	s.updated[id] = s.modified.Add(time.Duration(24*365+s.versions[id]) * time.Hour)
}

// Requests returns a copy of the request log.
func (s *Site) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// ArticlePath is the canonical path (and query) of article id.
func ArticlePath(id int) string {
	switch id % 5 {
	case 0:
		return fmt.Sprintf("/2024/05/%02d/governor-visits-%s.html", 1+id%28, letters(id))
	case 1:
		return fmt.Sprintf("/news/%d", 100000+id)
	case 2:
		return fmt.Sprintf("/ru/news/view/perm-krai-and-belarus-%d-2024/", 123400+id)
	case 3:
		return fmt.Sprintf("/202405%02d/talks-%d.html", 1+id%28, 1234567000+id)
	}
	return fmt.Sprintf("/article.php?id=%d", id)
}

// ArticleURL is the canonical URL of article id.
func (s *Site) ArticleURL(id int) string { return s.Base() + ArticlePath(id) }

// letters spells id in letters, for slugs without digits.
func letters(id int) string {
	const a = "bcdfghjklmnpqrstvwxz"
	var b []byte
	for {
		b = append(b, a[id%len(a)])
		id /= len(a)
		if id == 0 {
			return string(b)
		}
	}
}

// idOf parses an article path (any spelling the site accepts) to its id.
func (s *Site) idOf(p, q string) int {
	lp := strings.ToLower(p)
	var id int
	switch {
	case strings.HasPrefix(lp, "/2024/05/") && strings.HasSuffix(lp, ".html"):
		slug := lp[strings.Index(lp, "governor-visits-")+len("governor-visits-"):]
		slug = strings.TrimSuffix(slug, ".html")
		for i := 1; i <= s.opt.Articles; i++ {
			if letters(i) == slug && i%5 == 0 {
				return i
			}
		}
		return 0
	case strings.HasPrefix(lp, "/news/"):
		n, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(lp, "/news/"), "/"))
		id = n - 100000
	case strings.HasPrefix(lp, "/ru/news/view/"):
		f := strings.Split(strings.Trim(lp, "/"), "-")
		if len(f) >= 2 {
			n, _ := strconv.Atoi(f[len(f)-2])
			id = n - 123400
		}
	case strings.HasPrefix(lp, "/202405"):
		i := strings.LastIndex(lp, "-")
		n, _ := strconv.Atoi(strings.TrimSuffix(lp[i+1:], ".html"))
		id = n - 1234567000
	case lp == "/article.php":
		id, _ = strconv.Atoi(q)
	}
	if id < 1 || id > s.opt.Articles {
		return 0
	}
	return id
}

// RussianTitle is the title of Russian article id.
func RussianTitle(id int) string {
	return fmt.Sprintf("Пермский край и Беларусь: встреча %d", id)
}

// EnglishTitle is the title of the other articles.
func EnglishTitle(id int) string { return fmt.Sprintf("Perm Krai and Belarus, story %d", id) }

// Charset says how Russian article id is encoded: "1251-header",
// "1251-meta", "1251-none", "koi8-header", "koi8-none" or "utf8-bom".
func Charset(id int) string {
	return [...]string{"1251-header", "1251-meta", "1251-none", "koi8-header", "koi8-none", "utf8-bom"}[id%6]
}

// Validators says which validators article id sends: "etag", "lm" or "none".
func Validators(id int) string { return [...]string{"etag", "lm", "none"}[id%3] }

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	rec := &fakesite.Recorder{ResponseWriter: w}
	p := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		p += "?" + r.URL.RawQuery
	}
	t := time.Now()
	defer func() {
		s.mu.Lock()
		s.reqs = append(s.reqs, Request{Time: t, Host: r.Host, Path: p, Status: rec.Status, Bytes: rec.Bytes,
			Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""})
		s.mu.Unlock()
	}()
	if s.opt.Host != "" {
		host, _, _ := strings.Cut(strings.ToLower(r.Host), ":")
		scheme := r.Header.Get("X-Fake-Scheme")
		switch host {
		case "static." + s.opt.Host:
			if r.URL.Path == "/robots.txt" {
				http.Error(rec, "backend down", http.StatusServiceUnavailable)
				return
			}
			s.html(rec, r, `<html><title>static</title></html>`, "text/html", "etag", "")
			return
		case "m." + s.opt.Host:
			if r.URL.Path == "/robots.txt" {
				http.NotFound(rec, r)
				return
			}
			http.Redirect(rec, r, s.Base()+r.URL.RequestURI(), http.StatusFound)
			return
		case "www." + s.opt.Host:
			http.Redirect(rec, r, s.Base()+r.URL.RequestURI(), http.StatusMovedPermanently)
			return
		case s.opt.Host:
			if scheme != "https" {
				http.Redirect(rec, r, s.Base()+r.URL.RequestURI(), http.StatusMovedPermanently)
				return
			}
		default:
			http.NotFound(rec, r)
			return
		}
	}
	s.route(rec, r)
}

func (s *Site) route(w *fakesite.Recorder, r *http.Request) {
	p := r.URL.Path
	q := r.URL.Query()
	switch {
	case p == "/robots.txt":
		s.robots(w)
	case p == "/":
		s.home(w, r)
	case p == "/lenta/" || strings.HasPrefix(p, "/lenta/page/"):
		n, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(p, "/lenta/page/"), "/"))
		s.section(w, r, "lenta", max(n, 1))
	case p == "/politics/":
		n, _ := strconv.Atoi(q.Get("PAGEN_1"))
		s.section(w, r, "politics", max(n, 1))
	case p == "/world/":
		n, _ := strconv.Atoi(q.Get("p"))
		s.section(w, r, "world", max(n, 1))
	case p == "/regions/" || strings.HasPrefix(p, "/regions/"):
		n, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(p, "/regions/"), "/"))
		s.section(w, r, "regions", max(n, 1))
	case p == "/ru/lenta/":
		s.ruListing(w, r)
	case p == "/export/rss2/index.xml":
		s.rss(w, r)
	case p == "/feed.atom":
		s.atom(w, r)
	case p == "/sitemap_index.xml":
		s.sitemapIndex(w, r)
	case p == "/sitemaps/news.xml":
		s.newsSitemap(w, r)
	case p == "/sitemaps/2024-05.xml.gz":
		s.monthSitemap(w, r)
	case strings.HasPrefix(p, "/calendar/"):
		s.calendar(w, r, strings.TrimPrefix(p, "/calendar/"))
	case strings.HasPrefix(p, "/tag/"):
		s.tag(w, r, p)
	case strings.HasPrefix(p, "/private/press-releases/"):
		s.html(w, r, s.page("Press releases", fmt.Sprintf(`<a href="%s">Release</a>`, ArticlePath(3))), "text/html; charset=utf-8", "etag", "")
	case strings.HasPrefix(p, "/private/"), strings.Contains(p, "/comments"), strings.HasSuffix(p, ".docx"):
		s.html(w, r, "<html><title>secret</title></html>", "text/html", "etag", "")
	case strings.HasPrefix(p, "/r/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/r/"))
		if n >= 3 {
			http.Redirect(w, r, ArticlePath(11), http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n+1), http.StatusMovedPermanently)
	case p == "/loop/a":
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	case p == "/loop/b":
		http.Redirect(w, r, "/loop/a", http.StatusFound)
	case p == "/files/report":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(bytes.Repeat([]byte("%PDF-1.4 "), 50000))
	case strings.HasPrefix(p, "/media/photo-"):
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(bytes.Repeat([]byte{0xff, 0xd8}, 50000))
	case strings.HasPrefix(p, "/docs/decree-"):
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Write(bytes.Repeat([]byte("PK"), 50000))
	case strings.HasPrefix(p, "/video/clip-"):
		w.Header().Set("Content-Type", "video/mp4")
		w.Write(bytes.Repeat([]byte("mp4"), 50000))
	case p == "/news/9999991": // 12 MB, declared
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(s.opt.BigSize))
		w.Write(bytes.Repeat([]byte(" "), s.opt.BigSize))
	case p == "/news/9999992": // 12 MB, streamed
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		chunk := bytes.Repeat([]byte("<p>padding</p>\n"), 4096)
		for sent := 0; sent < s.opt.BigSize; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case p == "/news/5555555": // slower than any sane timeout
		select {
		case <-time.After(s.opt.Slow):
		case <-r.Context().Done():
			return
		}
		s.html(w, r, s.page("Slow", "slow"), "text/html", "etag", "")
	case p == "/news/4040404":
		http.NotFound(w, r)
	case p == "/news/4100410":
		http.Error(w, "gone", http.StatusGone)
	default:
		s.article(w, r)
	}
}

// robots has CRLF line endings, a group for our agent before "*" (which
// bans everything), Allow under a Disallow, wildcards, a float
// Crawl-delay, Yandex's Host and Clean-param, and the sitemap index.
func (s *Site) robots(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain")
	lines := []string{
		"# robots for the variant agency",
		"User-agent: Googlebot",
		"Disallow: /tmp/",
		"",
		"User-agent: tieline",
		"Disallow: /private/",
		"Allow: /private/press-releases/",
		"Disallow: /*/comments$",
		"Disallow: /*.docx$",
		"Disallow: /*?print=",
		"Crawl-delay: " + s.opt.CrawlDelay,
		"Clean-param: utm_source&utm_medium /",
		"Host: " + strings.TrimPrefix(s.Base(), "http://"),
		"",
		"User-agent: *",
		"Disallow: /",
		"",
		"Sitemap: " + s.Base() + "/sitemap_index.xml",
	}
	fmt.Fprint(w, strings.Join(lines, "\r\n")+"\r\n")
}

// html writes body with the validators asked for ("etag", "lm", "none"),
// answering conditional requests with 304 when they match.
func (s *Site) html(w http.ResponseWriter, r *http.Request, body, contentType, validators string, lastMod string) {
	sum := sha256.Sum256([]byte(body))
	etag := `W/"` + hex.EncodeToString(sum[:6]) + `"`
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	} else {
		w.Header()["Content-Type"] = nil
	}
	switch validators {
	case "etag":
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	case "lm":
		w.Header().Set("Last-Modified", lastMod)
		if ims := r.Header.Get("If-Modified-Since"); ims != "" && ims == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Write([]byte(body))
}

func (s *Site) page(title, body string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body>` + body + `</body></html>`
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	b := fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Variant Agency</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/export/rss2/index.xml">
<link rel="alternate" type="application/atom+xml" href="%s/feed.atom"></head><body>
<nav><a href="/lenta/">Lenta</a> <a href="/politics/">Politics</a> <a href="/world/">World</a>
<a href="/regions/">Regions</a> <a href="/ru/lenta/">Лента</a> <a href="/calendar/2024-05-27">Calendar</a>
<a href="/tag/belarus/">Belarus</a> <a href="/private/press-releases/">Press</a> <a href="/private/secret-1234567">Secret</a>
<a href="/news/100001/comments">Comments</a> <a href="/docs/decree-7654321.docx">Decree docx</a></nav>
<a href="/r/1">Short link</a> <a href="/loop/a">Loop</a> <a href="/news/4040404">Missing</a> <a href="/news/4100410">Gone</a>
<a href="/files/report">Report</a> <a href="/media/photo-1234567">Photo</a> <a href="/docs/decree-1234567">Decree</a>
<a href="/video/clip-1234567">Video</a> <a href="/news/9999991">Big</a> <a href="/news/9999992">Big streamed</a>
<a href="/news/5555555">Slow</a>`, s.Base())
	if s.opt.Host != "" {
		b += fmt.Sprintf(`<a href="https://static.%s/news/7777777">Static</a> <a href="http://m.%s%s">Mobile</a>`, s.opt.Host, s.opt.Host, ArticlePath(12))
	}
	b += `</body></html>`
	s.html(w, r, b, "text/html; charset=utf-8", "none", "")
}

// sectionIDs lists the ids a section shows, newest first.
func (s *Site) sectionIDs(name string) []int {
	var out []int
	for id := s.opt.Articles; id >= 1; id-- {
		switch name {
		case "lenta":
			if id%5 == 0 || id%5 == 1 {
				out = append(out, id)
			}
		case "politics":
			if id%5 == 2 {
				out = append(out, id)
			}
		case "world":
			if id%5 == 3 {
				out = append(out, id)
			}
		case "regions":
			if id%5 == 4 {
				out = append(out, id)
			}
		}
	}
	return out
}

// link spells article id's link one of many ways, all meaning one URL.
func (s *Site) link(id, variant int) string {
	p := ArticlePath(id)
	host := s.Base()
	if s.opt.Host != "" && variant%2 == 1 {
		host = "http://www." + s.opt.Host
	}
	switch variant % 9 {
	case 0:
		return p
	case 1:
		return host + p + "#comments"
	case 2:
		if strings.Contains(p, "?") {
			return p + "&utm_source=yxnews&utm_medium=desktop"
		}
		return p + "?utm_source=yxnews&fbclid=IwAR0abc"
	case 3:
		if s.opt.Host != "" {
			return "//" + strings.ToUpper(s.opt.Host) + p
		}
		return p
	case 4:
		if id%5 == 1 {
			return p + "/" // trailing slash: the server redirects
		}
		if id%5 == 2 {
			return strings.TrimSuffix(p, "/") // no slash: the server redirects
		}
		return p
	case 5:
		if strings.Contains(p, "?") {
			return p
		}
		return p + ";jsessionid=A1B2C3D4E5"
	case 6:
		if strings.Contains(p, "?") {
			return p + "&amp"
		}
		return p + "?amp"
	case 7:
		return "/amp" + p
	}
	return "/print" + p
}

func (s *Site) section(w http.ResponseWriter, r *http.Request, name string, page int) {
	ids := s.sectionIDs(name)
	per := s.opt.PerPage
	if (page-1)*per >= len(ids) {
		http.NotFound(w, r)
		return
	}
	next := ""
	if page*per < len(ids) {
		switch name {
		case "lenta":
			next = fmt.Sprintf("/lenta/page/%d/", page+1)
		case "politics":
			next = fmt.Sprintf("/politics/?PAGEN_1=%d", page+1)
		case "world":
			next = fmt.Sprintf("/world/?p=%d", page+1)
		case "regions":
			next = fmt.Sprintf("/regions/%d/", page+1)
		}
	}
	s.mu.Lock()
	s.sid++
	sid := s.sid
	s.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8">`)
	fmt.Fprintf(&b, `<title>%s page %d</title>`, name, page)
	if name == "politics" {
		b.WriteString(`<base href="/">`) // links below are relative to the root
	}
	if name == "lenta" && next != "" {
		fmt.Fprintf(&b, `<link rel="next" href="%s">`, next) // the only pagination hint
	}
	b.WriteString(`</head><body><ul>`)
	for i, id := range ids[(page-1)*per : min(page*per, len(ids))] {
		l := s.link(id, i+page)
		if name == "politics" && strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") {
			l = strings.TrimPrefix(l, "/")
		}
		if name == "world" && strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") {
			l = "../world/.." + l
		}
		fmt.Fprintf(&b, `<li><a href="%s">%s</a> <a href="%s">more</a></li>`, l, EnglishTitle(id), s.link(id, i+page+4))
	}
	b.WriteString(`</ul>`)
	// Facets and a session id: combinatorial traps.
	base := "/" + name + "/"
	if name == "politics" {
		base = "politics/"
	}
	fmt.Fprintf(&b, `<a href="%s?sort=date">by date</a> <a href="%s?sort=title&amp;filter=region">by title</a> <a href="%s?filter=region%d">region</a> <a href="%s?sid=%08x">refresh</a>`,
		base, base, base, page, base, sid)
	switch {
	case next == "":
	case name == "world":
		fmt.Fprintf(&b, `<div class="more"><a class="load-more" href="%s">Load more</a></div>`, next)
	case name == "lenta":
		// rel=next in <head> only.
	default:
		fmt.Fprintf(&b, `<div class="pager"><a href="%s">%d</a> <a href="%s">&raquo;</a></div>`, strings.TrimPrefix(next, map[bool]string{true: "/", false: ""}[name == "politics"]), page+1,
			strings.TrimPrefix(next, map[bool]string{true: "/", false: ""}[name == "politics"]))
	}
	b.WriteString(`</body></html>`)
	s.html(w, r, b.String(), "text/html; charset=utf-8", "none", "")
}

// ruListing is windows-1251 with no declaration at all.
func (s *Site) ruListing(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Лента новостей регионов</title></head><body>`)
	for id := 1; id <= s.opt.Russian; id++ {
		fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, ArticlePath(id), RussianTitle(id))
	}
	b.WriteString(`</body></html>`)
	out, _ := charmap.Windows1251.NewEncoder().String(b.String())
	s.html(w, r, out, "", "none", "")
}

func (s *Site) articleVersion(id int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.versions[id]
}

func (s *Site) failOnce(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed[key] {
		return false
	}
	s.failed[key] = true
	return true
}

func (s *Site) article(w *fakesite.Recorder, r *http.Request) {
	p := r.URL.Path
	amp := false
	if rest, ok := strings.CutPrefix(p, "/amp/"); ok {
		p, amp = "/"+rest, true
	}
	print := false
	if rest, ok := strings.CutPrefix(p, "/print/"); ok {
		p, print = "/"+rest, true
	}
	if i := strings.Index(p, ";"); i >= 0 {
		p = p[:i]
	}
	id := s.idOf(p, r.URL.Query().Get("id"))
	if id == 0 {
		http.NotFound(w, r)
		return
	}
	canonPath := ArticlePath(id)
	if !amp && !print && !strings.Contains(canonPath, "?") && p != canonPath {
		// Trailing slash and case variants: one place for each article.
		if strings.EqualFold(strings.TrimSuffix(p, "/"), strings.TrimSuffix(canonPath, "/")) {
			http.Redirect(w, r, canonPath, http.StatusMovedPermanently)
			return
		}
	}
	switch {
	case id == 17 && s.failOnce("429"):
		w.Header().Set("Retry-After", time.Now().Add(time.Second).UTC().Format(http.TimeFormat))
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return
	case id == 18 && s.failOnce("503"):
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	case id == 19 && s.failOnce("reset"):
		s.reset(w)
		return
	}
	v := s.articleVersion(id)
	title, cs := EnglishTitle(id), "utf8"
	if id <= s.opt.Russian {
		title, cs = RussianTitle(id), Charset(id)
	}
	canonical := ""
	switch id % 4 {
	case 0, 1:
		canonical = fmt.Sprintf(`<link rel="canonical" href="%s%s">`, s.Base(), canonPath)
	case 2:
		canonical = fmt.Sprintf(`<link rel="canonical" href="%s">`, canonPath)
	}
	if amp || print {
		canonical = fmt.Sprintf(`<link rel="canonical" href="%s%s">`, s.Base(), canonPath)
	}
	meta := ""
	switch cs {
	case "1251-meta":
		meta = `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`
	case "utf8", "utf8-bom":
		meta = `<meta charset="utf-8">`
	}
	kind := "article"
	if amp {
		kind = "amp"
	} else if print {
		kind = "print"
	}
	body := fmt.Sprintf(`<!DOCTYPE html><html><head>%s<title>%s</title>%s</head><body><article class="%s"><h1>%s</h1>
<p>PERM, May 27. Perm Krai and the Republic of Belarus signed a cooperation roadmap (revision %d). Пермь и Минск.</p>
<a href="%s">Related</a></article></body></html>`, meta, title, canonical, kind, title, v, ArticlePath(max(id-1, 1)))
	var raw []byte
	ct := "text/html; charset=utf-8"
	switch cs {
	case "1251-header", "1251-meta", "1251-none":
		out, _ := charmap.Windows1251.NewEncoder().String(body)
		raw = []byte(out)
		ct = map[string]string{"1251-header": "text/html; charset=windows-1251", "1251-meta": "text/html", "1251-none": ""}[cs]
	case "koi8-header", "koi8-none":
		out, _ := charmap.KOI8R.NewEncoder().String(body)
		raw = []byte(out)
		ct = map[string]string{"koi8-header": "text/html; charset=KOI8-R", "koi8-none": "text/html"}[cs]
	case "utf8-bom":
		raw = append([]byte("\xef\xbb\xbf"), body...)
		ct = "text/html"
	default:
		raw = []byte(body)
	}
	lm := s.lastmod(id).Format(http.TimeFormat)
	s.html(w, r, string(raw), ct, Validators(id), lm)
}

// reset sends half a body and drops the connection.
func (s *Site) reset(w *fakesite.Recorder) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	w.Status = 200
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5000\r\n\r\n<html><head><title>Half")
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

func (s *Site) lastmod(id int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.updated[id]; ok {
		return t
	}
	return s.modified.Add(-time.Duration(s.opt.Articles-id) * time.Hour)
}

// rss is RSS 2.0 with atom, dc and content namespaces and CDATA links.
func (s *Site) rss(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Variant</title><link>%s/</link><atom:link href="%s/export/rss2/index.xml" rel="self" type="application/rss+xml"/>`, s.Base(), s.Base())
	for id := s.opt.Articles; id > s.opt.Articles-20 && id >= 1; id-- {
		fmt.Fprintf(&b, `<item><title><![CDATA[%s]]></title><link><![CDATA[%s%s]]></link><guid isPermaLink="false">%d</guid><dc:date>%s</dc:date><content:encoded><![CDATA[<p><a href="/news/1">x</a></p>]]></content:encoded></item>`,
			EnglishTitle(id), s.Base(), s.link(id, 2), id, s.lastmod(id).Format(time.RFC3339))
	}
	b.WriteString(`</channel></rss>`)
	out, _ := charmap.Windows1251.NewEncoder().String(b.String())
	s.html(w, r, out, "application/rss+xml", "lm", s.modified.Format(http.TimeFormat))
}

func (s *Site) atom(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Variant</title><link rel="self" href="%s/feed.atom"/>`, s.Base())
	for id := s.opt.Articles - 10; id > s.opt.Articles-30 && id >= 1; id-- {
		fmt.Fprintf(&b, `<entry><title>%s</title><link rel="enclosure" href="%s/media/photo-%d"/><link rel="alternate" type="text/html" href="%s"/><id>tag:%d</id><updated>%s</updated></entry>`,
			EnglishTitle(id), s.Base(), 1000000+id, ArticlePath(id), id, s.lastmod(id).Format("2006-01-02T15:04:05-07:00"))
	}
	b.WriteString(`</feed>`)
	s.html(w, r, b.String(), "application/atom+xml", "etag", "")
}

func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/sitemaps/news.xml</loc><lastmod>2024-05-27</lastmod></sitemap>
<sitemap><loc>%s/sitemaps/2024-05.xml.gz</loc></sitemap>
</sitemapindex>`, s.Base(), s.Base())
	s.html(w, r, body, "text/xml", "none", "")
}

// newsSitemap lists the newest 15 articles with news: dates.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
	for id := s.opt.Articles; id > s.opt.Articles-15 && id >= 1; id-- {
		fmt.Fprintf(&b, `<url><loc>%s%s</loc><news:news><news:publication><news:name>Variant</news:name><news:language>ru</news:language></news:publication><news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>`,
			s.Base(), strings.ReplaceAll(ArticlePath(id), "&", "&amp;"), s.lastmod(id).Format(time.RFC3339), EnglishTitle(id))
	}
	b.WriteString(`</urlset>`)
	s.html(w, r, b.String(), "application/xml", "etag", "")
}

// monthSitemap is gzipped, for articles 60..100, with three lastmod formats.
func (s *Site) monthSitemap(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for id := 60; id <= min(100, s.opt.Articles); id++ {
		t := s.lastmod(id)
		lm := [...]string{t.Format("2006-01-02T15:04:05.000Z07:00"), t.In(time.FixedZone("MSK", 3*3600)).Format("2006-01-02T15:04-07:00"), t.Format("2006-01-02T15:04:05Z")}[id%3]
		fmt.Fprintf(&b, `<url><loc>%s%s</loc><lastmod>%s</lastmod><changefreq>never</changefreq></url>`, s.Base(), strings.ReplaceAll(ArticlePath(id), "&", "&amp;"), lm)
	}
	b.WriteString(`</urlset>`)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(b.String()))
	zw.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(buf.Bytes())
}

// calendar links each day to the previous and next day, forever, listing
// no articles.
func (s *Site) calendar(w http.ResponseWriter, r *http.Request, day string) {
	t, err := time.Parse("2006-01-02", strings.Trim(day, "/"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	body := s.page("Calendar "+day, fmt.Sprintf(`<a href="/calendar/%s">prev</a> <a href="/calendar/%s" rel="next">next</a>`,
		t.AddDate(0, 0, -1).Format("2006-01-02"), t.AddDate(0, 0, 1).Format("2006-01-02")))
	s.html(w, r, body, "text/html; charset=utf-8", "none", "")
}

// tag is endless pagination over the same five articles.
func (s *Site) tag(w http.ResponseWriter, r *http.Request, p string) {
	n := 1
	if i := strings.Index(p, "/page/"); i >= 0 {
		n, _ = strconv.Atoi(strings.Trim(p[i+len("/page/"):], "/"))
	}
	var b strings.Builder
	for id := 1; id <= 5; id++ {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, ArticlePath(id), EnglishTitle(id))
	}
	fmt.Fprintf(&b, `<a href="/tag/belarus/page/%d/">Older</a>`, n+1)
	s.html(w, r, s.page(fmt.Sprintf("Tag page %d", n), b.String()), "text/html; charset=utf-8", "none", "")
}
