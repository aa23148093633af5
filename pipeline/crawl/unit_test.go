package crawl

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func enc(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

func TestDecodeHTML(t *testing.T) {
	const text = "<html><head><title>Губернатор Пермского края встретился с послом Беларуси</title></head><body>Сотрудничество регионов</body></html>"
	tests := []struct {
		name, ct, wantCS string
		body             []byte
	}{
		{name: "cp1251 by header", ct: "text/html; charset=windows-1251", body: enc(t, charmap.Windows1251, text), wantCS: "windows-1251"},
		{name: "cp1251 by meta", body: append([]byte(`<meta charset="windows-1251">`), enc(t, charmap.Windows1251, text)...), wantCS: "windows-1251"},
		{name: "cp1251 sniffed", ct: "text/html", body: enc(t, charmap.Windows1251, text), wantCS: "windows-1251"},
		{name: "koi8-r by header", ct: "text/html; charset=koi8-r", body: enc(t, charmap.KOI8R, text), wantCS: "koi8-r"},
		{name: "koi8-r sniffed", body: enc(t, charmap.KOI8R, text), wantCS: "koi8-r"},
		{name: "utf-8 without declaration", body: []byte(text), wantCS: "utf-8"},
		{name: "utf-8 BOM beats wrong header", ct: "text/html; charset=windows-1251", body: append([]byte("\xef\xbb\xbf"), text...), wantCS: "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := decodeHTML(tt.body, tt.ct)
			if cs != tt.wantCS {
				t.Errorf("charset = %q, want %q", cs, tt.wantCS)
			}
			if !strings.Contains(got, "Губернатор Пермского края") {
				t.Errorf("decoded text %q", got[:min(len(got), 120)])
			}
		})
	}
}

func TestParseHTML(t *testing.T) {
	body := enc(t, charmap.Windows1251, `<html><head><title>Новости регионов</title>
<link rel="canonical" href="/ru/news/1?utm_source=x">
<link rel="alternate" type="application/rss+xml" href="https://agency.example/rss">
<base href="https://agency.example/ru/"></head>
<body><a href="новости/2">Пермский край</a> <a href="#top">up</a> <a rel="next nofollow" href="?page=2">Далее</a></body></html>`)
	info, err := parseHTML(body, "text/html; charset=windows-1251", "https://agency.example/ru/list")
	if err != nil {
		t.Fatal(err)
	}
	if info.Title != "Новости регионов" {
		t.Errorf("title %q", info.Title)
	}
	if info.Canonical != "https://agency.example/ru/news/1" {
		t.Errorf("canonical %q", info.Canonical)
	}
	if len(info.Feeds) != 1 || info.Feeds[0] != "https://agency.example/rss" {
		t.Errorf("feeds %v", info.Feeds)
	}
	if len(info.Links) != 2 || info.Links[0].URL != "https://agency.example/ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/2" ||
		info.Links[0].Text != "Пермский край" || info.Links[1].URL != "https://agency.example/ru/?page=2" {
		t.Errorf("links %+v", info.Links)
	}
}

func TestLooksLikeArticle(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://tass.com/politics/1782345", true},
		{"https://ria.ru/20240514/perm-1945678901.html", true},
		{"https://eng.belta.by/regions/view/perm-krai-belarus-sign-roadmap-156789-2024/", true},
		{"https://www.interfax.ru/russia/954321", true},
		{"https://sputnik.by/20240514/minsk-perm-talks-1085.html", true},
		{"https://tass.com/politics", false},
		{"https://tass.com/", false},
		{"https://ria.ru/2024/05/14/", false},
		{"https://belta.by/regions/page/3/", false},
		{"https://belta.by/tag/perm-krai-belarus-ties/", false},
		{"https://agency.example/2024/05/27/governor-visits.html", true},
		{"https://agency.example/2024/05/27/governor-visits/", true},
		{"https://agency.example/article.php?id=123", true},
		{"https://agency.example/news/detail.php?ELEMENT_ID=4521", true},
		{"https://agency.example/news/?PAGEN_1=2", false},
		{"https://agency.example/article.php?id=abc", false},
		{"https://agency.example/2024/05/27/", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := looksLikeArticle(tt.url); got != tt.want {
				t.Errorf("looksLikeArticle = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 14, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := retryAfter(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestAcceptType(t *testing.T) {
	tests := []struct {
		kind itemKind
		ct   string
		want bool
	}{
		{kindArticle, "text/html; charset=utf-8", true},
		{kindArticle, "", true},
		{kindArticle, "application/pdf", false},
		{kindArticle, "image/jpeg", false},
		{kindListing, "application/xhtml+xml", true},
		{kindSitemap, "application/x-gzip", true},
		{kindFeed, "text/xml; charset=windows-1251", true},
		{kindFeed, "application/pdf", false},
	}
	for _, tt := range tests {
		if got := acceptType(tt.kind, tt.ct); got != tt.want {
			t.Errorf("acceptType(%s, %q) = %v, want %v", tt.kind, tt.ct, got, tt.want)
		}
	}
}

func TestWithCharset(t *testing.T) {
	tests := []struct{ ct, cs, want string }{
		{"text/html", "windows-1251", "text/html; charset=windows-1251"},
		{"", "koi8-r", "text/html; charset=koi8-r"},
		{"text/html; charset=utf-8", "windows-1251", "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		if got := withCharset(tt.ct, tt.cs); got != tt.want {
			t.Errorf("withCharset(%q, %q) = %q, want %q", tt.ct, tt.cs, got, tt.want)
		}
	}
}

func TestPagination(t *testing.T) {
	tests := []struct {
		page, link string
		rel        string
		want       bool
	}{
		{"https://a.example/lenta/", "https://a.example/lenta/page/2/", "", true},
		{"https://a.example/lenta/page/2/", "https://a.example/lenta/page/3/", "", true},
		{"https://a.example/news/", "https://a.example/news/?PAGEN_1=2", "", true},
		{"https://a.example/world/?p=2", "https://a.example/world/?p=3", "", true},
		{"https://a.example/regions/", "https://a.example/regions/2/", "", true},
		{"https://a.example/ru/", "https://a.example/ru/page2", "", true},
		{"https://a.example/news/", "https://a.example/politics/?page=2", "", false},
		{"https://a.example/calendar/2024/01", "https://a.example/calendar/2024/02", "", false},
		{"https://a.example/news/", "https://a.example/news/100001", "", false},
		{"https://a.example/day/", "https://a.example/other", "next", true},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			if got := isPagination(tt.page, link{URL: tt.link, Rel: tt.rel}); got != tt.want {
				t.Errorf("isPagination(%s, %s) = %v, want %v", tt.page, tt.link, got, tt.want)
			}
		})
	}
}
