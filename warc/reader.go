// Package warc reads and writes WARC 1.0/1.1 files (ISO 28500), plain or
// gzip'd one record per member, and reads the older ARC format. The crawler
// writes every HTTP response it fetches through a Writer for provenance;
// `tieline import` reads them back with a Reader and re-extracts the HTML.
//
// The reader is built for damaged files: every failure is a *RecordError
// carrying the record number and byte offset, wrapping one of the sentinel
// errors below, and records before the damage are still returned.
package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors wrapped by the errors this package returns, for callers
// to test with errors.Is.
var (
	// ErrNotWARC means the input starts with neither a WARC version line
	// nor an ARC file header.
	ErrNotWARC = errors.New("not a WARC or ARC file")
	// ErrTruncated means the input ended inside a record or gzip member.
	ErrTruncated = errors.New("truncated")
	// ErrCorrupt means the input is damaged: bad gzip data, trailing
	// garbage, a missing Content-Length, or junk where a record should start.
	ErrCorrupt = errors.New("corrupt")
	// ErrRecordTooLarge means a record block (or decoded HTTP body) is
	// bigger than the configured maximum record size.
	ErrRecordTooLarge = errors.New("record too large")
	// ErrBadChunking means an HTTP body declared as chunked breaks off
	// or has malformed chunk sizes.
	ErrBadChunking = errors.New("bad chunked encoding")
	// ErrDigestMismatch means a WARC-Block-Digest or WARC-Payload-Digest
	// does not match the record's bytes.
	ErrDigestMismatch = errors.New("digest mismatch")
)

// DefaultMaxRecordSize bounds Record.Bytes and decoded HTTP bodies unless
// WithMaxRecordSize says otherwise: news pages are far smaller, and a
// corrupted Content-Length must not exhaust memory.
const DefaultMaxRecordSize = 256 << 20

const (
	maxLine        = 64 << 10 // longest header line accepted
	maxHeaderBytes = 1 << 20  // largest WARC header block accepted
)

// RecordError reports which record failed and where it starts in the file.
type RecordError struct {
	// Number is the 1-based index of the record being read.
	Number int
	// Offset is the byte offset in the file where the record (for gzip'd
	// files, its gzip member) starts, or where the damage was found.
	Offset int64
	// Err wraps one of the package's sentinel errors and the cause.
	Err error
}

// Error formats the record number, offset and cause.
func (e *RecordError) Error() string {
	return fmt.Sprintf("warc record %d at offset %d: %v", e.Number, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// ReaderOption configures a Reader.
type ReaderOption func(*readerConfig)

type readerConfig struct {
	maxRecord int64
}

// WithMaxRecordSize bounds the bytes Record.Bytes and Record.HTTPResponse
// will hold in memory for one record (default DefaultMaxRecordSize).
func WithMaxRecordSize(n int64) ReaderOption {
	return func(c *readerConfig) {
		if n > 0 {
			c.maxRecord = n
		}
	}
}

// Reader reads records one after another from a WARC or ARC stream.
type Reader struct {
	cfg    readerConfig
	src    *stream
	br     *bufio.Reader
	cur    *Record
	n      int   // records returned so far
	err    error // sticky: once damaged, every later Next fails the same way
	arc    bool
	format bool // format detected
}

// NewReader returns a Reader over r, which may hold a plain or gzip'd
// (multi-member or single-stream) WARC or ARC file; gzip is detected by its
// magic bytes. The error is non-nil only if r cannot be read at all.
func NewReader(r io.Reader, opts ...ReaderOption) (*Reader, error) {
	cfg := readerConfig{maxRecord: DefaultMaxRecordSize}
	for _, o := range opts {
		o(&cfg)
	}
	src, err := newStream(r)
	if err != nil {
		return nil, err
	}
	return &Reader{cfg: cfg, src: src, br: bufio.NewReaderSize(src, maxLine)}, nil
}

// Record is one WARC record (or an ARC record mapped onto WARC fields).
// Its Content is valid until the next call to Reader.Next.
type Record struct {
	// Header holds the WARC header fields.
	Header Header
	// Version is the version line, "WARC/1.0", "WARC/1.1", or "ARC" for
	// records read from ARC files.
	Version string
	// Content reads the record block, exactly Content-Length bytes.
	Content io.Reader
	// Number is the 1-based index of the record in its file.
	Number int
	// Offset is where the record (its gzip member, for .gz) starts.
	Offset int64

	content  *contentReader
	max      int64
	block    []byte
	blockErr error
	blockSet bool
}

// Type returns WARC-Type.
func (r *Record) Type() string { return r.Header.Type() }

// TargetURI returns WARC-Target-URI without angle brackets.
func (r *Record) TargetURI() string { return r.Header.TargetURI() }

// Date returns WARC-Date, or the zero time if it is missing or malformed.
func (r *Record) Date() time.Time { return r.Header.Date() }

// RecordID returns WARC-Record-ID.
func (r *Record) RecordID() string { return r.Header.RecordID() }

// ContentLength returns the declared block length.
func (r *Record) ContentLength() int64 { return r.Header.ContentLength() }

// HasHTTPResponse reports whether the record is a response whose block is
// an HTTP response: Content-Type application/http, or no Content-Type and an
// http(s) target, since some writers omit it.
func (r *Record) HasHTTPResponse() bool {
	if !strings.EqualFold(r.Type(), "response") {
		return false
	}
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if ct == "" {
		u := strings.ToLower(r.TargetURI())
		return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
	}
	return strings.HasPrefix(ct, "application/http")
}

// Bytes reads the whole block into memory (once; later calls return the
// same slice) and resets Content to read it again. It fails with
// ErrRecordTooLarge if the declared length exceeds the reader's maximum.
func (r *Record) Bytes() ([]byte, error) {
	if r.blockSet {
		return r.block, r.blockErr
	}
	r.blockSet = true
	cl := r.ContentLength()
	if cl > r.max {
		r.blockErr = &RecordError{Number: r.Number, Offset: r.Offset,
			Err: fmt.Errorf("%w: block of %d bytes exceeds limit of %d", ErrRecordTooLarge, cl, r.max)}
		return nil, r.blockErr
	}
	if r.content != nil && r.content.read > 0 {
		r.blockErr = &RecordError{Number: r.Number, Offset: r.Offset,
			Err: errors.New("reading block: content already partly read")}
		return nil, r.blockErr
	}
	// Grow as data arrives rather than trusting Content-Length up front.
	var buf bytes.Buffer
	buf.Grow(int(min(cl, 1<<20)))
	if _, err := buf.ReadFrom(r.Content); err != nil {
		r.blockErr = err
		return nil, err
	}
	r.block = buf.Bytes()
	r.Content = bytes.NewReader(r.block)
	return r.block, nil
}

// Next returns the next record, skipping whatever of the previous record's
// Content was not read. It returns io.EOF after the last record and a
// *RecordError if the input is damaged; errors are sticky.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.cur != nil {
		if err := r.cur.content.drain(); err != nil {
			r.err = err
			return nil, err
		}
		r.cur = nil
	}
	rec, err := r.readRecord()
	if err != nil {
		r.err = err
		return nil, err
	}
	r.n++
	r.cur = rec
	return rec, nil
}

// pos is the position in the decompressed stream of the next unread byte.
func (r *Reader) pos() int64 { return r.src.out - int64(r.br.Buffered()) }

// fail classifies err and attaches the record number and offset.
func (r *Reader) fail(num int, off int64, err error) error {
	var re *RecordError
	if errors.As(err, &re) {
		return err
	}
	var se *streamError
	if errors.As(err, &se) {
		return &RecordError{Number: num, Offset: se.offset, Err: se.err}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("%w: unexpected end of input", ErrTruncated)
	}
	return &RecordError{Number: num, Offset: off, Err: err}
}

// readLine returns the next line including its '\n' (or the partial last
// line with io.EOF). The slice is valid until the next read.
func (r *Reader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%w: line longer than %d bytes", ErrCorrupt, maxLine)
	}
	return line, err
}

func (r *Reader) readRecord() (*Record, error) {
	num := r.n + 1
	var (
		line  []byte
		start int64
	)
	// Records are separated by CRLFCRLF; tolerate any run of blank lines so
	// that off-by-a-few Content-Lengths from sloppy writers still parse.
	for {
		start = r.pos()
		l, err := r.readLine()
		if len(bytes.TrimSpace(l)) == 0 {
			if err == io.EOF {
				return nil, io.EOF // an empty file is an empty archive
			}
			if err != nil {
				return nil, r.fail(num, r.src.offsetAt(start), err)
			}
			continue
		}
		if err != nil {
			return nil, r.fail(num, r.src.offsetAt(start), err)
		}
		line = bytes.TrimRight(l, "\r\n")
		break
	}
	off := r.src.offsetAt(start)
	if !r.format {
		switch {
		case bytes.HasPrefix(line, []byte("WARC/")):
		case bytes.HasPrefix(line, []byte("filedesc://")):
			r.arc = true
		default:
			return nil, &RecordError{Number: num, Offset: off,
				Err: fmt.Errorf("%w: starts with %q", ErrNotWARC, clip(line))}
		}
		r.format = true
	}
	rec := &Record{Number: num, Offset: off, max: r.cfg.maxRecord}
	if r.arc {
		h, err := parseARCLine(string(line))
		if err != nil {
			return nil, &RecordError{Number: num, Offset: off, Err: err}
		}
		rec.Header, rec.Version = h, "ARC"
	} else {
		if !bytes.HasPrefix(line, []byte("WARC/")) {
			return nil, &RecordError{Number: num, Offset: off,
				Err: fmt.Errorf("%w: expected a WARC version line, found %q", ErrCorrupt, clip(line))}
		}
		rec.Version = string(bytes.TrimSpace(line))
		h, err := r.readHeader()
		if err != nil {
			return nil, r.fail(num, off, err)
		}
		rec.Header = h
	}
	cl := rec.Header.ContentLength()
	if cl < 0 {
		return nil, &RecordError{Number: num, Offset: off,
			Err: fmt.Errorf("%w: missing or bad Content-Length %q", ErrCorrupt, clip([]byte(rec.Header.Get("Content-Length"))))}
	}
	rec.content = &contentReader{r: r, rec: rec, remaining: cl}
	rec.Content = rec.content
	return rec, nil
}

func (r *Reader) readHeader() (Header, error) {
	var h Header
	total := 0
	for {
		l, err := r.readLine()
		if err != nil {
			if err == io.EOF {
				return nil, fmt.Errorf("%w: end of input inside the header", ErrTruncated)
			}
			return nil, err
		}
		total += len(l)
		if total > maxHeaderBytes {
			return nil, fmt.Errorf("%w: header longer than %d bytes", ErrCorrupt, maxHeaderBytes)
		}
		l = bytes.TrimRight(l, "\r\n")
		if len(l) == 0 {
			return h, nil
		}
		if (l[0] == ' ' || l[0] == '\t') && len(h) > 0 {
			// Folded continuation line (allowed by WARC 1.0's grammar).
			h[len(h)-1].Value += " " + string(bytes.TrimSpace(l))
			continue
		}
		name, value, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			continue // a junk line; Content-Length decides whether the record is usable
		}
		h = append(h, Field{Name: string(bytes.TrimSpace(name)), Value: string(bytes.TrimSpace(value))})
	}
}

// contentReader reads exactly one record block from the shared stream.
type contentReader struct {
	r         *Reader
	rec       *Record
	remaining int64
	read      int64
	err       error
}

func (c *contentReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.remaining <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > c.remaining {
		p = p[:c.remaining]
	}
	n, err := c.r.br.Read(p)
	c.remaining -= int64(n)
	c.read += int64(n)
	if err != nil {
		if err == io.EOF && c.remaining == 0 {
			return n, nil
		}
		c.err = c.r.fail(c.rec.Number, c.rec.Offset, err)
		return n, c.err
	}
	return n, nil
}

// drain skips the unread rest of the block without copying it.
func (c *contentReader) drain() error {
	for c.err == nil && c.remaining > 0 {
		n, err := c.r.br.Discard(int(min(c.remaining, 1<<30)))
		c.remaining -= int64(n)
		c.read += int64(n)
		if err != nil {
			c.err = c.r.fail(c.rec.Number, c.rec.Offset, err)
		}
	}
	return c.err
}

// clip shortens b for error messages.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// parseARCLine maps an ARC record header line (version 1: "URL IP date
// content-type length"; version 2 adds result code, checksum, location,
// offset and filename before length) onto WARC fields. URLs may contain
// spaces, so fields are taken from the right.
func parseARCLine(line string) (Header, error) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return nil, fmt.Errorf("%w: ARC header line has %d fields, want at least 5: %q", ErrCorrupt, len(f), clip([]byte(line)))
	}
	n := len(f)
	length, err := strconv.ParseInt(f[n-1], 10, 64)
	if err != nil || length < 0 {
		return nil, fmt.Errorf("%w: bad ARC archive-length %q", ErrCorrupt, clip([]byte(f[n-1])))
	}
	fixed := 4 // ip, date, content-type, length
	if n >= 10 && isDigits(f[n-6]) && isDigits(f[n-3]) {
		fixed = 9 // version 2 line
	}
	url := strings.Join(f[:n-fixed], " ")
	ip, date, ctype := f[n-fixed], f[n-fixed+1], f[n-fixed+2]
	var h Header
	switch {
	case strings.HasPrefix(url, "filedesc://"):
		h.Add("WARC-Type", "warcinfo")
		h.Add("Content-Type", ctype)
	case strings.HasPrefix(url, "http://"), strings.HasPrefix(url, "https://"):
		h.Add("WARC-Type", "response")
		h.Add("Content-Type", "application/http; msgtype=response")
	default:
		h.Add("WARC-Type", "resource")
		h.Add("Content-Type", ctype)
	}
	h.Add("WARC-Target-URI", url)
	if len(date) >= 14 && isDigits(date) {
		if t, err := time.Parse("20060102150405", date[:14]); err == nil {
			h.Add("WARC-Date", t.UTC().Format(time.RFC3339))
		}
	}
	h.Add("WARC-IP-Address", ip)
	h.Add("Content-Length", strconv.FormatInt(length, 10))
	return h, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
