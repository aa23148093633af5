package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func sha1b32(b []byte) string {
	s := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(s[:])
}

func TestDigestKnownValue(t *testing.T) {
	// sha1("") is da39a3ee...; its base32 is the well-known 3I42H3S6...
	if got, want := Digest(nil), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"; got != want {
		t.Errorf("Digest(nil) = %q, want %q", got, want)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	dir := t.TempDir()
	fixed := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	w, err := NewWriter(dir, "tass", withClock(func() time.Time { return fixed }),
		WithInfo(Header{{Name: "operator", Value: "tieline tests"}}))
	if err != nil {
		t.Fatal(err)
	}
	page := []byte("<html><body>Пермский край и Беларусь</body></html>")
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Transfer-Encoding": {"chunked"}, "X-Multi": {"a", "b"}}
	fetched := time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("MSK", 3*3600))
	if err := w.WriteRequest("https://tass.com/politics/1", fetched, "GET /politics/1 HTTP/1.1", http.Header{"User-Agent": {"tieline"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteResponse("https://tass.com/politics/1", fetched, "200 OK", hdr, page); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteResource("file:///tmp/a.txt", fetched, "text/plain", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
	if err := w.WriteResource("x:y", fetched, "", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("write after Close = %v, want ErrClosed", err)
	}
	files := w.Files()
	if len(files) != 1 || filepath.Base(files[0]) != "tass-20250304050607-00000.warc.gz" {
		t.Fatalf("files = %v, want one tass-20250304050607-00000.warc.gz", files)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	// One gzip member per record: each must decompress on its own.
	if n := countMembers(t, raw); n != 4 {
		t.Errorf("gzip members = %d, want 4", n)
	}

	r, err := NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var recs []*Record
	var infoID string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rec.Bytes(); err != nil {
			t.Fatal(err)
		}
		if err := rec.VerifyDigests(); err != nil {
			t.Errorf("record %d: %v", rec.Number, err)
		}
		if !regexp.MustCompile(`^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$`).MatchString(rec.RecordID()) {
			t.Errorf("record id %q is not a v4 uuid urn", rec.RecordID())
		}
		if rec.Version != "WARC/1.1" {
			t.Errorf("version = %q", rec.Version)
		}
		if rec.Type() == "warcinfo" {
			infoID = rec.RecordID()
		} else if got := rec.Header.Get("WARC-Warcinfo-ID"); got != infoID {
			t.Errorf("record %d WARC-Warcinfo-ID = %q, want %q", rec.Number, got, infoID)
		}
		recs = append(recs, rec)
	}
	if len(recs) != 4 {
		t.Fatalf("read %d records, want 4", len(recs))
	}
	info, _ := recs[0].Bytes()
	if !strings.Contains(string(info), "operator: tieline tests\r\n") || !strings.Contains(string(info), "software: tieline\r\n") {
		t.Errorf("warcinfo block = %q", info)
	}
	if recs[0].Header.Get("WARC-Filename") != "tass-20250304050607-00000.warc.gz" {
		t.Errorf("WARC-Filename = %q", recs[0].Header.Get("WARC-Filename"))
	}

	resp := recs[2]
	if resp.Type() != "response" || resp.TargetURI() != "https://tass.com/politics/1" {
		t.Errorf("record 3 = %s %s", resp.Type(), resp.TargetURI())
	}
	if !resp.Date().Equal(fetched) {
		t.Errorf("date = %v, want %v", resp.Date(), fetched)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/http;msgtype=response" {
		t.Errorf("content type = %q", got)
	}
	// The payload digest is over the body alone, checked independently.
	if got := resp.Header.Get("WARC-Payload-Digest"); got != sha1b32(page) {
		t.Errorf("payload digest = %q, want %q", got, sha1b32(page))
	}
	block, _ := resp.Bytes()
	if got := resp.Header.Get("WARC-Block-Digest"); got != sha1b32(block) {
		t.Errorf("block digest = %q, want %q", got, sha1b32(block))
	}
	wantBlock := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Multi: a\r\nX-Multi: b\r\n\r\n" + string(page)
	if string(block) != wantBlock {
		t.Errorf("block =\n%q\nwant\n%q", block, wantBlock)
	}
	hr, err := resp.HTTPResponse()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(hr.Body)
	if hr.StatusCode != 200 || !bytes.Equal(body, page) || hr.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("http response = %d %q %v", hr.StatusCode, body, hr.Header)
	}
	if recs[1].Type() != "request" || recs[3].Type() != "resource" {
		t.Errorf("types = %s, %s", recs[1].Type(), recs[3].Type())
	}
	res, _ := recs[3].Bytes()
	if string(res) != "hello" || recs[3].Header.Get("Content-Type") != "text/plain" {
		t.Errorf("resource = %q %q", res, recs[3].Header.Get("Content-Type"))
	}
}

func countMembers(t *testing.T, raw []byte) int {
	t.Helper()
	br := bytes.NewReader(raw)
	n := 0
	zr, err := gzip.NewReader(br)
	for err == nil {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatalf("member %d: %v", n, err)
		}
		n++
		err = zr.Reset(br)
	}
	if err != io.EOF {
		t.Fatalf("after member %d: %v", n, err)
	}
	return n
}

func TestWriterRotation(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, "rot", WithMaxFileSize(4<<10), WithCompressionLevel(gzip.NoCompression))
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte("x"), 1500)
	const n = 10
	for i := range n {
		if err := w.WriteResponse(fmt.Sprintf("https://belta.by/%d", i), time.Now(), "HTTP/1.1 200 OK", nil, body); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// Mid-write the current file carries the in-progress suffix.
			all, _ := filepath.Glob(filepath.Join(dir, "*"))
			if len(all) != 1 || !strings.HasSuffix(all[0], ".warc.gz.open") {
				t.Errorf("files after one record = %v, want one .warc.gz.open", all)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) < 3 || len(files) != len(w.Files()) {
		t.Fatalf("files = %v (writer says %v), want at least 3, all finished", files, w.Files())
	}
	name := regexp.MustCompile(`^rot-\d{14}-\d{5}\.warc\.gz$`)
	var uris []string
	for _, f := range files {
		if !name.MatchString(filepath.Base(f)) {
			t.Errorf("bad file name %s", f)
		}
		st, _ := os.Stat(f)
		// Rotation happens after the record that crosses the limit.
		if st.Size() > 4<<10+2<<10 {
			t.Errorf("%s is %d bytes, far over the limit", f, st.Size())
		}
		g := readFile(t, f)
		if g.err != nil || len(g.types) == 0 || g.types[0] != "warcinfo" {
			t.Errorf("%s: types %v err %v, want warcinfo first", f, g.types, g.err)
		}
		for i, typ := range g.types {
			if typ == "response" {
				uris = append(uris, g.uris[i])
			}
		}
	}
	if len(uris) != n {
		t.Errorf("responses across files = %d, want %d", len(uris), n)
	}
}

func TestWriterConcurrent(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, "conc", WithMaxFileSize(64<<10))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	const workers, each = 4, 50
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				body := []byte(strings.Repeat(fmt.Sprintf("worker %d page %d ", g, i), 50))
				if err := w.WriteResponse(fmt.Sprintf("https://ria.ru/%d/%d", g, i), time.Now(), "HTTP/1.1 200 OK", http.Header{"Content-Type": {"text/html"}}, body); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range w.Files() {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := NewReader(fh)
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if err := rec.VerifyDigests(); err != nil {
				t.Error(err)
			}
			if rec.Type() == "response" {
				seen[rec.TargetURI()] = true
			}
		}
		fh.Close()
	}
	if len(seen) != workers*each {
		t.Errorf("distinct responses = %d, want %d", len(seen), workers*each)
	}
}

func TestWriterNoWritesNoFile(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, "idle")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("idle writer left %d files", len(files))
	}
}

func TestWriterRejects(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewWriter(dir, "a/b"); err == nil {
		t.Error("prefix with a slash accepted")
	}
	w, err := NewWriter(dir, "rej")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tests := []struct {
		name string
		err  error
	}{
		{"empty status", w.WriteResponse("https://a/", time.Now(), " ", nil, nil)},
		{"line break in uri", w.WriteResponse("https://a/\r\nWARC-Type: x", time.Now(), "200 OK", nil, nil)},
		{"empty request line", w.WriteRequest("https://a/", time.Now(), "", nil, nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Error("accepted")
			}
		})
	}
}

// A header value with a line break must not forge a header line.
func TestWriterSanitizesHeaders(t *testing.T) {
	dir := t.TempDir()
	w, _ := NewWriter(dir, "san")
	if err := w.WriteResponse("https://a/", time.Now(), "200 OK", http.Header{"X-Evil": {"a\r\nSet-Cookie: b"}}, []byte("ok")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	g := readFile(t, w.Files()[0])
	if g.err != nil || len(g.types) != 2 {
		t.Fatalf("types %v err %v", g.types, g.err)
	}
	f, _ := os.Open(w.Files()[0])
	defer f.Close()
	r, _ := NewReader(f)
	r.Next()
	rec, _ := r.Next()
	resp, err := rec.HTTPResponse()
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Set-Cookie") != "" || resp.Header.Get("X-Evil") != "a Set-Cookie: b" {
		t.Errorf("headers = %v", resp.Header)
	}
}
