package feed

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func cp1251(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1251.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

func TestParse(t *testing.T) {
	msk := time.FixedZone("", 3*3600)
	tests := []struct {
		name string
		data []byte
		kind Kind
		want []Entry
	}{
		{
			name: "rss with utm link, guid permalink, item without link",
			data: read(t, "rss.xml"),
			kind: RSS,
			want: []Entry{
				{URL: "https://agency.example/economy/101?utm_source=rss", Title: "Perm Krai and Belarus sign a roadmap", Published: time.Date(2024, 5, 14, 10, 30, 0, 0, msk)},
				{URL: "https://agency.example/politics/102", Title: "Only a guid", Published: time.Date(2024, 5, 14, 11, 0, 0, 0, time.UTC)},
			},
		},
		{
			name: "atom skips enclosure link",
			data: read(t, "atom.xml"),
			kind: Atom,
			want: []Entry{{URL: "/world/201", Title: "Governor visits Minsk", Published: time.Date(2024, 5, 14, 8, 0, 0, 0, time.UTC), Updated: time.Date(2024, 5, 15, 9, 30, 0, 0, msk)}},
		},
		{
			name: "news sitemap ignores image loc",
			data: read(t, "news-sitemap.xml"),
			kind: URLSet,
			want: []Entry{
				{URL: "https://agency.example/regions/301", Title: "Пермский край и Беларусь", Published: time.Date(2024, 5, 14, 12, 0, 0, 0, msk)},
				{URL: "https://agency.example/regions/302", Updated: time.Date(2024, 5, 13, 0, 0, 0, 0, time.UTC)},
			},
		},
		{
			name: "sitemap index",
			data: read(t, "sitemap-index.xml"),
			kind: SitemapIndex,
			want: []Entry{
				{URL: "https://agency.example/sitemap-news.xml", Updated: time.Date(2024, 5, 14, 12, 0, 0, 0, time.UTC)},
				{URL: "https://agency.example/sitemap-2024-05.xml.gz"},
			},
		},
		{
			name: "gzipped sitemap",
			data: gz(t, read(t, "sitemap-index.xml")),
			kind: SitemapIndex,
			want: []Entry{
				{URL: "https://agency.example/sitemap-news.xml", Updated: time.Date(2024, 5, 14, 12, 0, 0, 0, time.UTC)},
				{URL: "https://agency.example/sitemap-2024-05.xml.gz"},
			},
		},
		{
			name: "windows-1251 rss",
			data: append([]byte(`<?xml version="1.0" encoding="windows-1251"?>`), cp1251(t, `<rss><channel><item><title>Губернатор Пермского края</title><link>https://agency.example/ru/1</link></item></channel></rss>`)...),
			kind: RSS,
			want: []Entry{{URL: "https://agency.example/ru/1", Title: "Губернатор Пермского края"}},
		},
		{
			name: "truncated feed keeps complete items",
			data: []byte(`<rss><channel><item><link>https://a.example/1</link></item><item><link>https://a.example/2</li`),
			kind: RSS,
			want: []Entry{{URL: "https://a.example/1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Kind != tt.kind {
				t.Errorf("kind = %v, want %v", doc.Kind, tt.kind)
			}
			if len(doc.Entries) != len(tt.want) {
				t.Fatalf("got %d entries %+v, want %d", len(doc.Entries), doc.Entries, len(tt.want))
			}
			for i, w := range tt.want {
				g := doc.Entries[i]
				if g.URL != w.URL || g.Title != w.Title || !g.Published.Equal(w.Published) || !g.Updated.Equal(w.Updated) {
					t.Errorf("entry %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{name: "html page", data: "<!DOCTYPE html><html><body>Not found</body></html>"},
		{name: "empty", data: ""},
		{name: "garbage", data: "\x00\x01binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatal("want error")
			}
			if tt.name == "html page" && !errors.Is(err, ErrNotFeed) {
				t.Errorf("err = %v, want ErrNotFeed", err)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Tue, 14 May 2024 10:30:00 +0300", time.Date(2024, 5, 14, 7, 30, 0, 0, time.UTC)},
		{"Tue, 4 Jun 2024 10:30:00 GMT", time.Date(2024, 6, 4, 10, 30, 0, 0, time.UTC)},
		{"2024-05-14T10:30:00+03:00", time.Date(2024, 5, 14, 7, 30, 0, 0, time.UTC)},
		{"2024-05-14", time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC)},
		{"yesterday", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ParseTime(tt.in); !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range []string{"rss.xml", "atom.xml", "news-sitemap.xml", "sitemap-index.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x1f, 0x8b, 0x08})
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Parse(b)
		if err != nil {
			return
		}
		for _, e := range doc.Entries {
			if e.URL == "" {
				t.Fatalf("entry without URL in %v", doc.Kind)
			}
		}
	})
}
