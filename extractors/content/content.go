// Package content turns a fetched page or an imported text file into an
// article's clean text and metadata: title, main text without boilerplate,
// published time, language, the site's agency and the agency it
// republishes, the dateline, canonical URL and author.
//
// HTML goes through a main-content extractor (go-trafilatura, with
// go-readability as a fallback) unless per-source CSS selectors say where
// the body is; plain text goes through line-level boilerplate rules.
// Knowledge about agencies, boilerplate lines and date words lives in
// embedded data files, not in code.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tieline/tieline/pipeline"
)

// Errors callers can test for with errors.Is.
var (
	// ErrEmpty means the document has no text at all.
	ErrEmpty = errors.New("empty document")
	// ErrBinary means the document is not text (an image, PDF, archive...).
	ErrBinary = errors.New("binary document")
	// ErrTooLarge means the document exceeds MaxBodySize.
	ErrTooLarge = errors.New("document too large")
	// ErrNoText means the document was read but no main text was found.
	ErrNoText = errors.New("no main text found")
)

// MaxBodySize is the largest body Extract accepts; news pages are far
// smaller, and the limit bounds the time and memory one page can take.
const MaxBodySize = 32 << 20

// Input is one document to extract from.
type Input struct {
	Body        []byte
	URL         string              // final URL, may be empty (files)
	ContentType string              // HTTP header value, may be empty
	Selectors   *pipeline.Selectors // per-source overrides, may be nil
	Agency      string              // the configured agency of the site, may be empty
	Language    string              // configured language hint, may be empty
	FetchedAt   time.Time           // for the plausibility window and year inference; zero = now
}

// Result is what Extract found in a document.
type Result struct {
	Title          string
	Text           string // main text; paragraphs separated by "\n\n"
	Language       string // ISO 639-1 ("en", "ru"), "" when unknown
	Author         string
	CanonicalURL   string
	Agency         string    // the site's agency (from Input.Agency or the host)
	OriginalAgency string    // the agency the text credits as its source, if any
	Dateline       string    // e.g. "MINSK, 27 May (BelTA)"
	Published      time.Time // zero when unknown; keeps the page's zone offset
	IsHTML         bool
}

// Extract finds the main text and metadata of a document. It is safe for
// concurrent use. It returns ErrEmpty, ErrBinary or ErrTooLarge (wrapped)
// for documents it cannot read, and ErrNoText when a readable document
// holds no main text; it never panics on bad input.
func Extract(in Input) (res Result, err error) {
	defer func() {
		// The third-party extractors are large; a bug in one of them on a
		// hostile page must cost one page, not the process.
		if p := recover(); p != nil {
			res, err = Result{}, fmt.Errorf("extracting %s: internal error: %v", nameOf(in), p)
		}
	}()
	if len(in.Body) > MaxBodySize {
		return Result{}, fmt.Errorf("extracting %s (%d bytes): %w", nameOf(in), len(in.Body), ErrTooLarge)
	}
	if len(bytes.TrimSpace(in.Body)) == 0 {
		return Result{}, fmt.Errorf("extracting %s: %w", nameOf(in), ErrEmpty)
	}
	if hasBinaryMagic(in.Body) {
		return Result{}, fmt.Errorf("extracting %s: %w", nameOf(in), ErrBinary)
	}
	doc, err := toUTF8(in.Body, in.ContentType)
	if err != nil {
		return Result{}, fmt.Errorf("extracting %s: %w", nameOf(in), err)
	}
	if isBinaryText(doc) {
		return Result{}, fmt.Errorf("extracting %s: %w", nameOf(in), ErrBinary)
	}
	now := in.FetchedAt
	if now.IsZero() {
		now = time.Now()
	}
	loc := agencyZone(in.Agency)
	if loc == nil {
		loc = agencyZone(AgencyForURL(in.URL))
	}
	var attrText, site string
	if looksHTML([]byte(doc)) {
		res, attrText, site = extractHTML(doc, in, now, loc)
		res.IsHTML = true
	} else {
		if loc == nil {
			// A file has no URL: the agency it credits ("BelTA has
			// learned") says in which zone its "19:20, 17 May" is.
			loc = agencyZone(originalAgency(doc[:min(len(doc), 16<<10)], ""))
		}
		res, attrText = extractPlain(doc, now, loc)
	}
	finish(&res, in, attrText, site)
	if strings.TrimSpace(res.Text) == "" && res.Title == "" {
		return res, fmt.Errorf("extracting %s: %w", nameOf(in), ErrNoText)
	}
	return res, nil
}

// finish fills what is found the same way in HTML and plain text: agencies,
// dateline and language. attrText is the text searched for attributions;
// site is the name the page gives its site, if any.
func finish(res *Result, in Input, attrText, site string) {
	res.Text = strings.TrimSpace(res.Text)
	res.Agency = in.Agency
	if res.Agency == "" {
		for _, u := range []string{in.URL, res.CanonicalURL} {
			if a := AgencyForURL(u); a != "" {
				res.Agency = a
				break
			}
		}
	}
	dl, dlAgency := findDateline(res.Text)
	res.Dateline = dl
	res.OriginalAgency = originalAgency(attrText, dlAgency)
	if res.OriginalAgency == res.Agency || site != "" && sameSite(res.OriginalAgency, site) {
		// The site quoting itself ("— ТАСС" on tass.ru, "(Siberian
		// Herald)" on its own page) is not a republication.
		res.OriginalAgency = ""
	}
	res.Language = DetectLanguage(res.Title + "\n" + res.Text)
	if res.Language == "" {
		res.Language = normLang(in.Language)
	}
}

func nameOf(in Input) string {
	if in.URL != "" {
		return in.URL
	}
	return "document"
}

// hasBinaryMagic recognizes the file formats a crawler most often receives
// by mistake.
func hasBinaryMagic(b []byte) bool {
	for _, m := range [][]byte{
		[]byte("%PDF-"), {0x89, 'P', 'N', 'G'}, []byte("GIF8"), {0xFF, 0xD8, 0xFF},
		{'P', 'K', 0x03, 0x04}, {0x1F, 0x8B}, []byte("RIFF"), {0, 0, 1, 0},
		[]byte("\x7fELF"), []byte("OggS"), []byte("ID3"),
	} {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	return false
}

// isBinaryText reports whether decoded text is mostly control characters or
// replacement characters, which no page a person reads is.
func isBinaryText(s string) bool {
	if len(s) > 8192 {
		s = s[:8192]
	}
	var bad, n int
	for _, r := range s {
		n++
		if r == utf8.RuneError || r == 0 || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f') {
			bad++
		}
	}
	return n > 0 && bad*10 > n
}

// looksHTML decides by content, not by name, whether b is markup: it starts
// with a tag, or its head holds several tags.
func looksHTML(b []byte) bool {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	lower := bytes.ToLower(head)
	for _, p := range []string{"<!doctype html", "<html", "<?xml", "<head", "<body", "<meta", "<!--"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return true
		}
	}
	tags := 0
	for _, t := range []string{"<p>", "<p ", "<div", "<br", "<a href", "<span", "<title", "<script", "<h1", "<h2", "<li", "</p>", "</div>", "<table", "<body", "<html"} {
		tags += bytes.Count(lower, []byte(t))
	}
	return tags >= 3
}

// sameSite reports whether an agency name as credited is the site's own
// name: equal, or one contained in the other ("Sputnik" and "Sputnik
// Oʻzbekiston"), or both naming the same known agency.
func sameSite(credited, site string) bool {
	a, b := strings.ToLower(strings.TrimSpace(credited)), strings.ToLower(strings.TrimSpace(site))
	if a == "" || b == "" {
		return false
	}
	if a == b || strings.Contains(b, a) && wordEdge(b, strings.Index(b, a), strings.Index(b, a)+len(a)) {
		return true
	}
	ca := canonicalAgency(credited)
	return ca != "" && ca == canonicalAgency(site)
}
