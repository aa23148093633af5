package warc

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchPage is a news-page-sized HTML body (~60 KB) with varied text so
// compression is neither trivial nor hopeless.
func benchPage(i int) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>News</title></head><body>")
	for j := 0; b.Len() < 60<<10; j++ {
		fmt.Fprintf(&b, "<p>Paragraph %d of article %d: the governor of Perm Krai met the Belarusian ambassador; trade grew %d.%d%% in %d.</p>\n",
			j, i, (i*7+j)%97, j%10, 2000+(i+j)%25)
	}
	b.WriteString("</body></html>")
	return []byte(b.String())
}

func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	w, err := NewWriter(dir, "bench", WithMaxFileSize(256<<20))
	if err != nil {
		b.Fatal(err)
	}
	pages := [][]byte{benchPage(1), benchPage(2), benchPage(3)}
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Server": {"nginx"}}
	now := time.Now()
	b.SetBytes(int64(len(pages[0])))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.WriteResponse("https://tass.com/politics/"+fmt.Sprint(i), now, "HTTP/1.1 200 OK", hdr, pages[i%3]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	w.Close()
}

// benchFile writes n response records and returns the .warc.gz bytes and
// the total uncompressed block bytes.
func benchFile(b *testing.B, n int) ([]byte, int64) {
	dir := b.TempDir()
	w, err := NewWriter(dir, "bench")
	if err != nil {
		b.Fatal(err)
	}
	var total int64
	for i := range n {
		p := benchPage(i)
		total += int64(len(p))
		if err := w.WriteResponse(fmt.Sprintf("https://belta.by/%d", i), time.Now(), "HTTP/1.1 200 OK", http.Header{"Content-Type": {"text/html"}}, p); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	raw, err := os.ReadFile(filepath.Join(w.Files()[0]))
	if err != nil {
		b.Fatal(err)
	}
	return raw, total
}

// BenchmarkRead reads every record's block into memory; throughput is in
// uncompressed payload bytes.
func BenchmarkRead(b *testing.B) {
	raw, total := benchFile(b, 50)
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readBench(b, bytes.NewReader(raw), false)
	}
}

// BenchmarkReadHTTP also parses each response as HTTP, as import does.
func BenchmarkReadHTTP(b *testing.B) {
	raw, total := benchFile(b, 50)
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		readBench(b, bytes.NewReader(raw), true)
	}
}

func readBench(b *testing.B, in io.Reader, parse bool) {
	r, err := NewReader(in)
	if err != nil {
		b.Fatal(err)
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			b.Fatal(err)
		}
		if parse && rec.Type() == "response" {
			if _, err := rec.HTTPResponse(); err != nil {
				b.Fatal(err)
			}
			continue
		}
		if _, err := rec.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}
