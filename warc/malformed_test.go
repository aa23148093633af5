package warc

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReaderDamage damages good input in known ways. Member offsets of
// warcio/example.warc.gz (0, 353, 784, 2012, 2621, 3207) were read off
// with Python's zlib.
func TestReaderDamage(t *testing.T) {
	gz := fixture(t, "warcio/example.warc.gz")
	flipped := bytes.Clone(gz)
	for i := 1100; i < 1110; i++ {
		flipped[i] ^= 0xff // inside member 3 (784..2012), the response record
	}
	const rec = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: %s\r\n\r\n"
	tests := []struct {
		name     string
		input    []byte
		minRecs  int // records that must come back before the error
		wantErr  error
		errOff   int64 // -1: not checked
		errNums  []int // acceptable record numbers in the error
		maxBlock int64
	}{
		{name: "gzip cut inside member 4", input: gz[:2500], minRecs: 3, wantErr: ErrTruncated, errOff: 2012, errNums: []int{4}},
		{name: "gzip cut inside a member header", input: gz[:2016], minRecs: 3, wantErr: ErrTruncated, errOff: 2012, errNums: []int{4}},
		{name: "gzip bytes flipped", input: flipped, minRecs: 2, wantErr: ErrCorrupt, errOff: 784, errNums: []int{3, 4}},
		{name: "plain cut inside block", input: fixture(t, "warcio/example.warc")[:2000], minRecs: 3, wantErr: ErrTruncated, errOff: 1197, errNums: []int{3}},
		{name: "plain cut inside header", input: fixture(t, "warcio/example.warc")[:1250], minRecs: 2, wantErr: ErrTruncated, errOff: 1197, errNums: []int{3}},
		{name: "content-length not a number", input: []byte(strings.Replace(rec, "%s", "abc", 1)), wantErr: ErrCorrupt, errOff: 0, errNums: []int{1}},
		{name: "content-length negative", input: []byte(strings.Replace(rec, "%s", "-5", 1)), wantErr: ErrCorrupt, errOff: 0, errNums: []int{1}},
		{name: "content-length missing", input: []byte("WARC/1.0\r\nWARC-Type: resource\r\n\r\nabc"), wantErr: ErrCorrupt, errOff: 0, errNums: []int{1}},
		{name: "content-length beyond the end", input: []byte(strings.Replace(rec, "%s", "99999999999", 1) + "abc"), minRecs: 1, wantErr: ErrTruncated, errOff: 0, errNums: []int{1}},
		{name: "header line too long", input: []byte("WARC/1.0\r\nX: " + strings.Repeat("a", 70000)), wantErr: ErrCorrupt, errOff: 0, errNums: []int{1}},
		{name: "binary input", input: []byte("\x89PNG\r\n\x1a\n\x00\x00"), wantErr: ErrNotWARC, errOff: 0, errNums: []int{1}},
		{name: "garbage after a good record", input: []byte(strings.Replace(rec, "%s", "3", 1) + "abc\r\n\r\nnot a record\r\n"), minRecs: 1, wantErr: ErrCorrupt, errOff: 59, errNums: []int{2}},
		{name: "gzip then plain text", input: append(bytes.Clone(gz[:353]), "WARC/1.0\r\n"...), minRecs: 1, wantErr: ErrCorrupt, errOff: 353, errNums: []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := readAll(t, bytes.NewReader(tt.input))
			t.Logf("%d records, err %v", len(g.types), g.err)
			if len(g.types) < tt.minRecs {
				t.Errorf("got %d records before the error, want at least %d", len(g.types), tt.minRecs)
			}
			if !errors.Is(g.err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", g.err, tt.wantErr)
			}
			var re *RecordError
			if !errors.As(g.err, &re) {
				t.Fatalf("%v is not a *RecordError", g.err)
			}
			if tt.errOff >= 0 && re.Offset != tt.errOff {
				t.Errorf("error offset = %d, want %d", re.Offset, tt.errOff)
			}
			ok := false
			for _, n := range tt.errNums {
				ok = ok || re.Number == n
			}
			if !ok {
				t.Errorf("error record number = %d, want one of %v", re.Number, tt.errNums)
			}
		})
	}
}

func TestMaxRecordSize(t *testing.T) {
	r, err := NewReader(bytes.NewReader(fixture(t, "warcio/example.warc")), WithMaxRecordSize(500))
	if err != nil {
		t.Fatal(err)
	}
	var sizes []string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = rec.Bytes()
		switch {
		case rec.ContentLength() > 500 && !errors.Is(err, ErrRecordTooLarge):
			t.Errorf("record %d (%d bytes): Bytes error %v, want ErrRecordTooLarge", rec.Number, rec.ContentLength(), err)
		case rec.ContentLength() <= 500 && err != nil:
			t.Errorf("record %d: %v", rec.Number, err)
		}
		if err != nil {
			sizes = append(sizes, rec.Type())
		}
	}
	// Only the 975-byte response exceeds the limit; reading goes on past it.
	if strings.Join(sizes, ",") != "response" {
		t.Errorf("too-large records = %v, want [response]", sizes)
	}
}

func TestBytesAfterPartialRead(t *testing.T) {
	r, _ := NewReader(bytes.NewReader(fixture(t, "warcio/example.warc")))
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 10)
	if _, err := io.ReadFull(rec.Content, buf); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Bytes(); err == nil {
		t.Error("Bytes after a partial read succeeded")
	}
	// The reader still moves on, skipping the rest of the block.
	if rec, err := r.Next(); err != nil || rec.Type() != "warcinfo" || rec.Number != 2 {
		t.Errorf("next = %v, %v", rec, err)
	}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestParseHTTPResponse(t *testing.T) {
	page := "<html><body>Пермский край</body></html>"
	gz := gzipBytes([]byte(page))
	var zl, fl bytes.Buffer
	zw := zlib.NewWriter(&zl)
	zw.Write([]byte(page))
	zw.Close()
	fw, _ := flate.NewWriter(&fl, 5)
	fw.Write([]byte(page))
	fw.Close()
	bomb := gzipBytes(bytes.Repeat([]byte("a"), 5000))

	const ok = "HTTP/1.1 200 OK\r\n"
	tests := []struct {
		name     string
		block    string
		limit    int64
		status   int
		body     string
		wantErr  error
		noHeader string // header that must be gone after decoding
	}{
		{name: "plain", block: ok + "Content-Type: text/html\r\n\r\n" + page, status: 200, body: page},
		{name: "lf line ends", block: "HTTP/1.0 404 Not Found\nContent-Type: text/html\n\n" + page, status: 404, body: page},
		{name: "http/2 status", block: "HTTP/2 200\r\n\r\nok", status: 200, body: "ok"},
		{name: "folded header and junk line", block: ok + "X-A: 1\r\n  2\r\njunk\r\n\r\nok", status: 200, body: "ok"},
		{name: "no body", block: ok + "Content-Length: 0\r\n", status: 200, body: ""},
		{name: "chunked", block: ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n", status: 200, body: "hello world", noHeader: "Transfer-Encoding"},
		{name: "chunked with LF only", block: ok + "Transfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n", status: 200, body: "hello"},
		{name: "chunked without last chunk", block: ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", status: 200, body: "hello"},
		{name: "labelled chunked but stored de-chunked", block: ok + "Transfer-Encoding: chunked\r\n\r\n" + page, status: 200, body: page},
		{name: "bad chunk size mid-way", block: ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nabc\r\n0\r\n\r\n", wantErr: ErrBadChunking},
		{name: "chunk overruns body", block: ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n100\r\nabc", wantErr: ErrBadChunking},
		{name: "chunk without line end", block: ok + "Transfer-Encoding: chunked\r\n\r\n3\r\nhelloworld", wantErr: ErrBadChunking},
		{name: "gzip", block: ok + "Content-Encoding: gzip\r\nContent-Length: 99\r\n\r\n" + string(gz), status: 200, body: page, noHeader: "Content-Encoding"},
		{name: "gzip inside chunks", block: ok + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(gz) + "0\r\n\r\n", status: 200, body: page},
		{name: "zlib deflate", block: ok + "Content-Encoding: deflate\r\n\r\n" + zl.String(), status: 200, body: page},
		{name: "raw deflate", block: ok + "Content-Encoding: deflate\r\n\r\n" + fl.String(), status: 200, body: page},
		{name: "labelled gzip but stored decoded", block: ok + "Content-Encoding: gzip\r\n\r\n" + page, status: 200, body: page},
		{name: "gzip cut short", block: ok + "Content-Encoding: gzip\r\n\r\n" + string(gz[:len(gz)/2]), wantErr: ErrTruncated},
		{name: "gzip bomb over limit", block: ok + "Content-Encoding: gzip\r\n\r\n" + string(bomb), limit: 1000, wantErr: ErrRecordTooLarge},
		{name: "brotli left alone", block: ok + "Content-Encoding: br\r\n\r\n\x0b\x01", status: 200, body: "\x0b\x01"},
		{name: "not http", block: "<html>hi</html>", wantErr: ErrCorrupt},
		{name: "bad status code", block: "HTTP/1.1 abc OK\r\n\r\n", wantErr: ErrCorrupt},
		{name: "empty", block: "", wantErr: ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := tt.limit
			if limit == 0 {
				limit = DefaultMaxRecordSize
			}
			resp, err := parseHTTPResponse([]byte(tt.block), limit)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || string(body) != tt.body {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.body)
			}
			if resp.ContentLength != int64(len(body)) {
				t.Errorf("ContentLength = %d, body %d", resp.ContentLength, len(body))
			}
			if tt.noHeader != "" && resp.Header.Get(tt.noHeader) != "" {
				t.Errorf("header %s still set", tt.noHeader)
			}
		})
	}
}

func chunk(b []byte) string {
	var s strings.Builder
	for len(b) > 0 {
		n := min(len(b), 7)
		fmt.Fprintf(&s, "%x\r\n", n)
		s.Write(b[:n])
		s.WriteString("\r\n")
		b = b[n:]
	}
	return s.String()
}

func TestHeaderAccessors(t *testing.T) {
	h := Header{
		{Name: "warc-type", Value: "response"},
		{Name: "WARC-Target-URI", Value: "<https://tass.ru/x>"},
		{Name: "WARC-Date", Value: "2024-05-06T07:08:09.123456Z"},
		{Name: "Content-Length", Value: " 42 "},
	}
	if h.Type() != "response" || h.TargetURI() != "https://tass.ru/x" || h.ContentLength() != 42 {
		t.Errorf("accessors: %q %q %d", h.Type(), h.TargetURI(), h.ContentLength())
	}
	if d := h.Date(); d.Year() != 2024 || d.Nanosecond() != 123456000 {
		t.Errorf("date = %v", d)
	}
	h.Set("content-length", "7")
	h.Add("X", "1")
	h.Add("x", "2")
	if h.ContentLength() != 7 || len(h.Values("X")) != 2 {
		t.Errorf("after Set/Add: %v", h)
	}
	if (Header{}).ContentLength() != -1 || !(Header{}).Date().IsZero() {
		t.Error("empty header accessors")
	}
}

func TestCheckDigest(t *testing.T) {
	data := []byte("abc")
	// sha1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d (FIPS 180 test vector).
	tests := []struct {
		value string
		ok    bool
	}{
		{"sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", true},
		{"sha1:vgmt4nsha2awvor6evyxqugcnsonbwe5", true},
		{"sha1:a9993e364706816aba3e25717850c26c9cd0d89d", true},
		{"sha1:qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", true},
		{"sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", false},
		{"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true},
		{"sha1:!!!", false},
		{"nocolon", false},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			err := CheckDigest(tt.value, data)
			if (err == nil) != tt.ok {
				t.Errorf("CheckDigest = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrDigestMismatch) {
				t.Errorf("%v does not wrap ErrDigestMismatch", err)
			}
		})
	}
	if err := CheckDigest("crc32:abcd", data); err == nil || errors.Is(err, ErrDigestMismatch) {
		t.Errorf("unknown algorithm: %v", err)
	}
}
