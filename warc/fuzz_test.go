package warc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func addFixtureSeeds(f *testing.F) {
	for _, dir := range []string{"testdata/warcio", "testdata/gowarc"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nabc"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 60\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n\r\n\r\n"))
	f.Add([]byte("filedesc://x 0 20000101000000 text/plain 0\n\nhttp://a/ 1 2 text/html 3\nabc\n"))
}

// FuzzReader feeds arbitrary bytes through every reading path: it must
// never panic or loop, and every failure must be a located *RecordError.
func FuzzReader(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), WithMaxRecordSize(1<<20))
		if err != nil {
			t.Fatal(err) // bytes.Reader never fails
		}
		// Each record consumes at least one input line, and gzip expands
		// at most ~1000x, so this bound is never reached by a correct reader.
		for i := 0; i < 1<<20; i++ {
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var re *RecordError
				if !errors.As(err, &re) {
					t.Fatalf("error %v (%T) is not a *RecordError", err, err)
				}
				if re.Number != i+1 && re.Number != i {
					t.Fatalf("error names record %d after %d records", re.Number, i)
				}
				return
			}
			if rec.Number != i+1 {
				t.Fatalf("record number %d, want %d", rec.Number, i+1)
			}
			if b, err := rec.Bytes(); err == nil && int64(len(b)) != rec.ContentLength() {
				t.Fatalf("block of %d bytes, Content-Length %d", len(b), rec.ContentLength())
			}
			_ = rec.VerifyDigests()
			if resp, err := rec.HTTPResponse(); err == nil {
				body, _ := io.ReadAll(resp.Body)
				if int64(len(body)) > 1<<20 {
					t.Fatalf("decoded body of %d bytes exceeds the limit", len(body))
				}
			}
		}
		t.Fatal("no end of input after 1<<20 records")
	})
}

// FuzzParseHTTPResponse checks that HTTP block parsing never panics and
// respects the decoded-size limit.
func FuzzParseHTTPResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + string(gzipBytes([]byte("hello")))))
	f.Add([]byte("HTTP/1.0 301\nLocation: /x\n\n"))
	f.Fuzz(func(t *testing.T, block []byte) {
		resp, err := parseHTTPResponse(block, 1<<16)
		if err != nil {
			return
		}
		body, _ := io.ReadAll(resp.Body)
		if len(body) > 1<<16 && resp.Uncompressed {
			t.Fatalf("decoded body of %d bytes exceeds the limit", len(body))
		}
		if resp.StatusCode < 100 || resp.StatusCode > 999 {
			t.Fatalf("status %d accepted", resp.StatusCode)
		}
	})
}
