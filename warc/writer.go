package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMaxFileSize is the size at which a Writer starts a new file.
const DefaultMaxFileSize = 1 << 30

// openSuffix marks a file still being written, so that an import globbing
// *.warc.gz does not pick up half a file; it is removed on rotation and Close.
const openSuffix = ".open"

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("warc writer closed")

// Option configures a Writer.
type Option func(*writerConfig)

type writerConfig struct {
	maxSize int64
	info    Header
	sync    bool
	level   int
	now     func() time.Time
}

// WithMaxFileSize sets the compressed size at which the Writer rotates to a
// new file (default DefaultMaxFileSize): the record that reaches it is the
// file's last.
func WithMaxFileSize(n int64) Option {
	return func(c *writerConfig) {
		if n > 0 {
			c.maxSize = n
		}
	}
}

// WithInfo adds fields (software, operator, robots policy, ...) to the
// warcinfo record at the start of each file.
func WithInfo(fields Header) Option {
	return func(c *writerConfig) { c.info = append(c.info, fields...) }
}

// WithSync makes the Writer fsync after every record, trading speed for
// surviving power loss; by default each record is only handed to the OS.
func WithSync(on bool) Option {
	return func(c *writerConfig) { c.sync = on }
}

// WithCompressionLevel sets the gzip level (default gzip.DefaultCompression).
func WithCompressionLevel(level int) Option {
	return func(c *writerConfig) { c.level = level }
}

// withClock lets tests pin file names and dates.
func withClock(now func() time.Time) Option {
	return func(c *writerConfig) { c.now = now }
}

// Writer writes records into rotating gzip'd WARC 1.1 files named
// prefix-YYYYMMDDhhmmss-NNNNN.warc.gz, one gzip member per record so readers
// can seek to any record. It is safe for concurrent use.
type Writer struct {
	mu     sync.Mutex
	cfg    writerConfig
	dir    string
	prefix string

	f       *os.File
	path    string // final name of the current file
	size    int64
	serial  int
	infoID  string
	done    []string
	closed  bool
	gz      *gzip.Writer
	rec     bytes.Buffer // one serialized record
	members bytes.Buffer // its gzip member
}

// NewWriter returns a Writer that creates files in dir (made if missing).
// Files are opened lazily, so a Writer that writes nothing leaves none.
func NewWriter(dir, prefix string, opts ...Option) (*Writer, error) {
	cfg := writerConfig{maxSize: DefaultMaxFileSize, level: gzip.DefaultCompression, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if prefix == "" || strings.ContainsAny(prefix, `/\`) {
		return nil, fmt.Errorf("creating warc writer: bad prefix %q", prefix)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating warc dir: %w", err)
	}
	gz, err := gzip.NewWriterLevel(nil, cfg.level)
	if err != nil {
		return nil, fmt.Errorf("creating warc writer: %w", err)
	}
	return &Writer{cfg: cfg, dir: dir, prefix: prefix, gz: gz}, nil
}

// WriteResponse writes a response record for an HTTP exchange: the status
// line ("HTTP/1.1 200 OK", or just "200 OK"), header and body as received.
// The body must be the payload as delivered to the caller, so any
// Transfer-Encoding header is dropped (the body is not chunked any more).
func (w *Writer) WriteResponse(targetURI string, fetched time.Time, statusLine string, header http.Header, body []byte) error {
	statusLine = strings.TrimSpace(statusLine)
	if statusLine == "" {
		return errors.New("writing warc response: empty status line")
	}
	if !strings.HasPrefix(statusLine, "HTTP/") {
		statusLine = "HTTP/1.1 " + statusLine
	}
	_, err := w.writeHTTP("response", targetURI, fetched, statusLine, header, body)
	return err
}

// WriteRequest writes a request record: request line ("GET /path
// HTTP/1.1"), header and body as sent.
func (w *Writer) WriteRequest(targetURI string, fetched time.Time, requestLine string, header http.Header, body []byte) error {
	requestLine = strings.TrimSpace(requestLine)
	if requestLine == "" {
		return errors.New("writing warc request: empty request line")
	}
	_, err := w.writeHTTP("request", targetURI, fetched, requestLine, header, body)
	return err
}

// WriteResource writes a resource record holding body as-is (a file read
// from disk, a feed, ...).
func (w *Writer) WriteResource(targetURI string, fetched time.Time, contentType string, body []byte) error {
	var h Header
	h.Add("WARC-Type", "resource")
	h.Add("WARC-Target-URI", targetURI)
	h.Add("WARC-Date", formatDate(fetched))
	if contentType != "" {
		h.Add("Content-Type", contentType)
	}
	h.Add("WARC-Payload-Digest", Digest(body))
	_, err := w.WriteRecord(h, body)
	return err
}

func (w *Writer) writeHTTP(typ, targetURI string, fetched time.Time, firstLine string, header http.Header, body []byte) (string, error) {
	var block bytes.Buffer
	block.Grow(len(body) + 1024)
	block.WriteString(oneLine(firstLine))
	block.WriteString("\r\n")
	keys := make([]string, 0, len(header))
	for k := range header {
		if strings.EqualFold(k, "Transfer-Encoding") {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range header[k] {
			block.WriteString(oneLine(k))
			block.WriteString(": ")
			block.WriteString(oneLine(v))
			block.WriteString("\r\n")
		}
	}
	block.WriteString("\r\n")
	block.Write(body)
	var h Header
	h.Add("WARC-Type", typ)
	h.Add("WARC-Target-URI", targetURI)
	h.Add("WARC-Date", formatDate(fetched))
	h.Add("Content-Type", "application/http;msgtype="+typ)
	h.Add("WARC-Payload-Digest", Digest(body))
	return w.WriteRecord(h, block.Bytes())
}

// WriteRecord writes any record: h's fields as given, plus WARC-Record-ID,
// WARC-Date, WARC-Block-Digest and Content-Length when h lacks them. It
// returns the record's ID, for WARC-Concurrent-To links.
func (w *Writer) WriteRecord(h Header, block []byte) (string, error) {
	if h.Type() == "" {
		return "", errors.New("writing warc record: no WARC-Type")
	}
	if u := h.Get("WARC-Target-URI"); strings.ContainsAny(u, "\r\n") {
		return "", fmt.Errorf("writing warc record: target uri %q has a line break", clip([]byte(u)))
	}
	h = append(Header(nil), h...) // fields get added; never into the caller's array
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return "", ErrClosed
	}
	id := h.RecordID()
	if id == "" {
		id = newRecordID()
		h = append(Header{{Name: "WARC-Record-ID", Value: id}}, h...)
	}
	if h.Get("WARC-Date") == "" {
		h.Add("WARC-Date", formatDate(w.cfg.now()))
	}
	if h.Get("WARC-Block-Digest") == "" {
		h.Add("WARC-Block-Digest", Digest(block))
	}
	h.Set("Content-Length", strconv.Itoa(len(block)))
	if w.f == nil {
		if err := w.openFile(); err != nil {
			return "", err
		}
	}
	if h.Get("WARC-Warcinfo-ID") == "" && h.Type() != "warcinfo" {
		h.Add("WARC-Warcinfo-ID", w.infoID)
	}
	member, err := w.encode(h, block)
	if err != nil {
		return "", err
	}
	if err := w.append(member); err != nil {
		return "", err
	}
	// Rotate after the record that crosses the limit, so files stay within
	// one record of it and a large record never leaves an empty file.
	if w.size >= w.cfg.maxSize {
		if err := w.closeFile(); err != nil {
			return "", err
		}
	}
	return id, nil
}

// encode serializes one record into its own gzip member; the result is
// valid until the next encode.
func (w *Writer) encode(h Header, block []byte) ([]byte, error) {
	w.rec.Reset()
	w.rec.WriteString("WARC/1.1\r\n")
	for _, f := range h {
		w.rec.WriteString(oneLine(f.Name))
		w.rec.WriteString(": ")
		w.rec.WriteString(oneLine(f.Value))
		w.rec.WriteString("\r\n")
	}
	w.rec.WriteString("\r\n")
	w.rec.Write(block)
	w.rec.WriteString("\r\n\r\n")
	w.members.Reset()
	w.gz.Reset(&w.members)
	if _, err := w.gz.Write(w.rec.Bytes()); err != nil {
		return nil, fmt.Errorf("compressing warc record: %w", err)
	}
	if err := w.gz.Close(); err != nil {
		return nil, fmt.Errorf("compressing warc record: %w", err)
	}
	return w.members.Bytes(), nil
}

// append writes one member with a single write call, so a crash leaves at
// worst one truncated member at the end, which readers report cleanly.
func (w *Writer) append(member []byte) error {
	n, err := w.f.Write(member)
	w.size += int64(n)
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	if w.cfg.sync {
		if err := w.f.Sync(); err != nil {
			return fmt.Errorf("syncing %s: %w", w.path, err)
		}
	}
	return nil
}

func (w *Writer) openFile() error {
	stamp := w.cfg.now().UTC().Format("20060102150405")
	// O_EXCL and a bumped serial keep two writers with one prefix from
	// clobbering each other's files.
	for tries := 0; ; tries++ {
		name := fmt.Sprintf("%s-%s-%05d.warc.gz", w.prefix, stamp, w.serial)
		w.serial++
		path := filepath.Join(w.dir, name)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		f, err := os.OpenFile(path+openSuffix, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) && tries < 1000 {
			continue
		}
		if err != nil {
			return fmt.Errorf("creating warc file: %w", err)
		}
		w.f, w.path, w.size = f, path, 0
		break
	}
	var h Header
	w.infoID = newRecordID()
	h.Add("WARC-Type", "warcinfo")
	h.Add("WARC-Record-ID", w.infoID)
	h.Add("WARC-Date", formatDate(w.cfg.now()))
	h.Add("WARC-Filename", filepath.Base(w.path))
	h.Add("Content-Type", "application/warc-fields")
	var info bytes.Buffer
	fields := w.cfg.info
	if fields.Get("software") == "" {
		fields = append(Header{{Name: "software", Value: "tieline"}}, fields...)
	}
	if fields.Get("format") == "" {
		fields = append(fields, Field{Name: "format", Value: "WARC File Format 1.1"})
	}
	for _, f := range fields {
		info.WriteString(oneLine(f.Name) + ": " + oneLine(f.Value) + "\r\n")
	}
	h.Add("WARC-Block-Digest", Digest(info.Bytes()))
	h.Add("Content-Length", strconv.Itoa(info.Len()))
	member, err := w.encode(h, info.Bytes())
	if err != nil {
		return err
	}
	return w.append(member)
}

// closeFile syncs, closes and renames the current file to its final name.
func (w *Writer) closeFile() error {
	f := w.f
	w.f = nil
	var errs []error
	if err := f.Sync(); err != nil {
		errs = append(errs, fmt.Errorf("syncing %s: %w", w.path, err))
	}
	if err := f.Close(); err != nil {
		errs = append(errs, fmt.Errorf("closing %s: %w", w.path, err))
	}
	if err := os.Rename(w.path+openSuffix, w.path); err != nil {
		errs = append(errs, fmt.Errorf("renaming %s: %w", w.path, err))
	} else {
		w.done = append(w.done, w.path)
	}
	return errors.Join(errs...)
}

// Files returns the paths of the files completed so far (rotated or closed).
func (w *Writer) Files() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.done...)
}

// Close finishes the current file. It is idempotent; writes after it fail
// with ErrClosed.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.f == nil {
		return nil
	}
	return w.closeFile()
}

// newRecordID returns a random (version 4) UUID URN in angle brackets.
func newRecordID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Format(time.RFC3339)
}

// oneLine replaces line breaks so that a value cannot forge header lines.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}
