package warc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// got is what reading a whole file produced.
type got struct {
	types   []string
	uris    []string
	offsets []int64
	err     error // the error that ended reading, nil for io.EOF
}

func readFile(t *testing.T, path string, opts ...ReaderOption) got {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, f, opts...)
}

func readAll(t *testing.T, r io.Reader, opts ...ReaderOption) got {
	t.Helper()
	var g got
	wr, err := NewReader(r, opts...)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatal("no end after 10000 records")
		}
		rec, err := wr.Next()
		if err == io.EOF {
			return g
		}
		if err != nil {
			g.err = err
			// Errors are sticky: the next call must fail the same way.
			if _, err2 := wr.Next(); err2 != err {
				t.Errorf("second Next after error = %v, want the same %v", err2, err)
			}
			return g
		}
		if rec.HasHTTPResponse() != (rec.Type() == "response" && strings.HasPrefix(rec.TargetURI(), "http")) {
			t.Errorf("record %d (%s %s): HasHTTPResponse = %v", rec.Number, rec.Type(), rec.TargetURI(), rec.HasHTTPResponse())
		}
		g.types = append(g.types, rec.Type())
		g.uris = append(g.uris, rec.TargetURI())
		g.offsets = append(g.offsets, rec.Offset)
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// The expected counts, types, URIs and offsets below were read off the
// fixtures by hand with zcat, grep and a few lines of Python's zlib (member
// boundaries), independently of this package.
func TestReaderFixtures(t *testing.T) {
	exampleTypes := []string{"warcinfo", "warcinfo", "response", "request", "revisit", "request"}
	tests := []struct {
		name    string
		file    string
		types   []string
		uri     map[int]string // record index -> target URI
		offsets []int64        // nil: not checked
		wantErr error          // sentinel the final error must wrap; nil means clean EOF
		errOff  int64          // offset the RecordError must report
		errNum  int
	}{
		{name: "warcio per-record gzip", file: "warcio/example.warc.gz", types: exampleTypes,
			uri: map[int]string{2: "http://example.com/"}, offsets: []int64{0, 353, 784, 2012, 2621, 3207}},
		{name: "warcio plain", file: "warcio/example.warc", types: exampleTypes,
			uri: map[int]string{3: "http://example.com/"}},
		{name: "whole-file single gzip stream", file: "warcio/example-bad.warc.gz.bad",
			types: []string{"warcinfo", "response", "request", "revisit", "request", "response"},
			uri:   map[int]string{1: "http://example.com?example=1", 5: "http://www.iana.org/domains/example"}},
		{name: "resource records", file: "warcio/example-resource.warc.gz",
			types: []string{"warcinfo", "warcinfo", "resource"}},
		{name: "space in target uri", file: "warcio/example-space-in-target-uri.warc.gz",
			types: []string{"warcinfo", "resource"}, uri: map[int]string{1: "file:///example with spaces.png"}},
		{name: "wget angle brackets", file: "warcio/example-wget-bad-target-uri.warc.gz",
			types: []string{"warcinfo", "request", "response", "metadata", "resource", "resource"},
			uri:   map[int]string{2: "http://example.com/", 3: "metadata://gnu.org/software/wget/warc/MANIFEST.txt"}},
		{name: "content-length one short", file: "warcio/example-wrong-chunks.warc.gz",
			types: []string{"response", "request"}},
		{name: "post", file: "warcio/post-test.warc.gz",
			types: []string{"response", "request", "response", "request", "response", "request"},
			uri:   map[int]string{4: "http://httpbin.org/post?foo=bar"}},
		{name: "digest variants", file: "warcio/example-digest.warc", types: repeat("request", 4)},
		{name: "chunked", file: "warcio/example-iana.org-chunked.warc",
			types: []string{"warcinfo", "response", "request"}, uri: map[int]string{1: "http://www.iana.org/"}},
		{name: "bad non-chunked", file: "warcio/example-bad-non-chunked.warc.gz", types: exampleTypes},
		{name: "gowarc good", file: "gowarc/good.warc.gz.open", types: repeat("response", 50),
			uri: map[int]string{0: "https://test-site-0.example.com/page/0", 49: "https://test-site-4.example.com/page/49"}},
		{name: "gowarc single", file: "gowarc/single-record.warc.gz.open", types: []string{"response"}},
		{name: "gowarc empty", file: "gowarc/empty.warc.gz.open", types: nil},
		{name: "gowarc skip-non-open", file: "gowarc/skip-non-open.warc.gz", types: repeat("response", 10)},
		{name: "gowarc test", file: "gowarc/test.warc.gz", types: []string{"warcinfo", "request", "response"},
			uri: map[int]string{2: "https://apis.google.com/js/platform.js"}},
		{name: "arc", file: "warcio/example.arc", types: []string{"warcinfo", "response"},
			uri: map[int]string{0: "filedesc://live-web-example.arc.gz", 1: "http://example.com/"}, offsets: []int64{0, 151}},
		{name: "arc gzip", file: "warcio/example.arc.gz", types: []string{"warcinfo", "response"},
			uri: map[int]string{1: "http://example.com/"}},
		{name: "arc space in url", file: "warcio/example-space-in-url.arc", types: []string{"warcinfo", "response"},
			uri: map[int]string{1: "http://example.com/index.cfm?FuseAction=Email&EmailTitle=Examples From The Live Web&IsPopUp=False"},
			// Its line ends were converted to LF, so 12 of the declared 1591 bytes are missing.
			wantErr: ErrTruncated, errOff: 151, errNum: 2},

		// Damaged files: the records before the damage, then a located error.
		{name: "gzip garbage mid-file", file: "gowarc/corrupted-mid-record.warc.gz.open", types: repeat("response", 12),
			wantErr: ErrCorrupt, errOff: 1219, errNum: 13},
		{name: "gzip trailing bytes", file: "gowarc/corrupted-trailing-bytes.warc.gz.open", types: repeat("response", 30),
			wantErr: ErrCorrupt, errOff: 2362, errNum: 31},
		{name: "content-length too short", file: "warcio/example-trunc.warc", types: []string{"warcinfo", "warcinfo", "response"},
			wantErr: ErrCorrupt, errOff: 2560, errNum: 4},
		{name: "bad arc length", file: "warcio/bad.arc", wantErr: ErrCorrupt, errOff: 0, errNum: 1},
		{name: "not a warc", file: "README.md", wantErr: ErrNotWARC, errOff: 0, errNum: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := readFile(t, filepath.Join("testdata", tt.file))
			t.Logf("%d records, err %v", len(g.types), g.err)
			if !slices.Equal(g.types, tt.types) {
				t.Errorf("types = %v, want %v", g.types, tt.types)
			}
			for i, want := range tt.uri {
				if i >= len(g.uris) || g.uris[i] != want {
					t.Errorf("uri[%d] = %q, want %q", i, at(g.uris, i), want)
				}
			}
			if tt.offsets != nil && !slices.Equal(g.offsets, tt.offsets) {
				t.Errorf("offsets = %v, want %v", g.offsets, tt.offsets)
			}
			switch {
			case tt.wantErr == nil && g.err != nil:
				t.Errorf("unexpected error %v", g.err)
			case tt.wantErr != nil && !errors.Is(g.err, tt.wantErr):
				t.Errorf("error = %v, want %v", g.err, tt.wantErr)
			case tt.wantErr != nil:
				var re *RecordError
				if !errors.As(g.err, &re) {
					t.Fatalf("error %v is not a *RecordError", g.err)
				}
				if re.Offset != tt.errOff || re.Number != tt.errNum {
					t.Errorf("error at record %d offset %d, want record %d offset %d (%v)", re.Number, re.Offset, tt.errNum, tt.errOff, g.err)
				}
			}
		})
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<none>"
}

// TestDigests checks declared digests against the bytes; the expected
// outcomes were computed by hand with Python's hashlib.
func TestDigests(t *testing.T) {
	tests := []struct {
		file string
		bad  []int // 1-based record numbers whose digests must fail
	}{
		{file: "warcio/example.warc.gz"},
		{file: "warcio/example-resource.warc.gz"},
		{file: "warcio/example-wget-bad-target-uri.warc.gz"},
		{file: "warcio/post-test.warc.gz"},
		{file: "gowarc/good.warc.gz.open"},
		{file: "gowarc/test.warc.gz"},
		// Hex digests over the raw (still chunked) payload.
		{file: "warcio/example-iana.org-chunked.warc"},
		// Hex block digest.
		{file: "warcio/example-space-in-target-uri.warc.gz"},
		// Record 1's payload digest "1112H3S6..." is not valid base32;
		// records 2-4 use base64 and URL-safe base64.
		{file: "warcio/example-digest.warc", bad: []int{1}},
		// The block really is one byte longer than Content-Length says.
		{file: "warcio/example-wrong-chunks.warc.gz", bad: []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			var bad []int
			for {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := rec.VerifyDigests(); err != nil {
					if !errors.Is(err, ErrDigestMismatch) {
						t.Errorf("record %d: %v does not wrap ErrDigestMismatch", rec.Number, err)
					}
					bad = append(bad, rec.Number)
				}
			}
			if !slices.Equal(bad, tt.bad) {
				t.Errorf("records failing digests = %v, want %v", bad, tt.bad)
			}
		})
	}
}

func TestHTTPResponseFromFixtures(t *testing.T) {
	tests := []struct {
		file       string
		record     int
		status     int
		bodyPrefix string
		bodyLen    int // -1: not checked
		header     map[string]string
	}{
		// Content-Encoding gzip, decoded to the 1270-byte page.
		{file: "warcio/example.warc.gz", record: 3, status: 200, bodyPrefix: "<!doctype html>", bodyLen: 1270},
		// Chunked: the de-chunked iana.org page.
		{file: "warcio/example-iana.org-chunked.warc", record: 2, status: 200, bodyPrefix: "<!doctype html>", bodyLen: -1},
		{file: "warcio/example-bad.warc.gz.bad", record: 6, status: 302, bodyLen: -1,
			header: map[string]string{"Location": "/domains/reserved"}},
		{file: "gowarc/good.warc.gz.open", record: 1, status: 200, bodyPrefix: "<!DOCTYPE html>", bodyLen: -1,
			header: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{file: "warcio/example.arc", record: 2, status: 200, bodyPrefix: "<!doctype html>", bodyLen: 1270},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, _ := NewReader(f)
			var rec *Record
			for i := 0; i < tt.record; i++ {
				if rec, err = r.Next(); err != nil {
					t.Fatal(err)
				}
			}
			resp, err := rec.HTTPResponse()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if !bytes.HasPrefix(bytes.TrimSpace(body), []byte(tt.bodyPrefix)) {
				t.Errorf("body starts %q, want prefix %q", clip(body), tt.bodyPrefix)
			}
			if tt.bodyLen >= 0 && len(body) != tt.bodyLen {
				t.Errorf("body length = %d, want %d", len(body), tt.bodyLen)
			}
			if strings.Contains(string(body), "\r\n0\r\n") {
				t.Errorf("body still chunked")
			}
			for k, v := range tt.header {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}
