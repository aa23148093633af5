package content

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkExtractHTML measures one ~100 KB news page (iab-1, 102 KB).
// The goal is at least 100 pages per second per core.
func BenchmarkExtractHTML(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "pages", "iab-1", "source.html"))
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Body: body, URL: "https://www.iab.com/news/", FetchedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(in); err != nil {
			b.Fatal(err)
		}
	}
}
