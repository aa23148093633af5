// Package feed parses the documents that tell a crawler where articles are:
// RSS 2.0 and Atom feeds, sitemaps (urlset, with the Google News and image
// extensions ignored except for dates and titles) and sitemap indexes,
// plain or gzip-compressed. It is a small tolerant token parser: agency
// feeds are often sloppy (HTML entities, windows-1251 declarations).
package feed

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Kind is the type of a parsed document.
type Kind int

// Document kinds.
const (
	Unknown Kind = iota
	RSS
	Atom
	URLSet
	SitemapIndex
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case RSS:
		return "rss"
	case Atom:
		return "atom"
	case URLSet:
		return "urlset"
	case SitemapIndex:
		return "sitemapindex"
	}
	return "unknown"
}

// Entry is one link in a feed or sitemap. URL is as written (may be
// relative in feeds); dates are zero when absent or unparseable.
type Entry struct {
	URL       string
	Title     string
	Published time.Time
	Updated   time.Time
}

// Latest returns the later of Updated and Published.
func (e Entry) Latest() time.Time {
	if e.Updated.After(e.Published) {
		return e.Updated
	}
	return e.Published
}

// Document is a parsed feed or sitemap. For a SitemapIndex, Entries are
// the child sitemaps.
type Document struct {
	Kind    Kind
	Entries []Entry
}

// ErrNotFeed is returned when the root element is not rss, feed, urlset or
// sitemapindex (for example an HTML error page).
var ErrNotFeed = errors.New("not a feed or sitemap")

// MaxUncompressed bounds the size of a gunzipped document, against gzip bombs.
const MaxUncompressed = 64 << 20

// Parse parses a feed or sitemap, gunzipping it first when it starts with
// the gzip magic bytes.
func Parse(data []byte) (Document, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return Document{}, fmt.Errorf("opening gzip: %w", err)
		}
		un, err := io.ReadAll(io.LimitReader(zr, MaxUncompressed+1))
		if err != nil {
			return Document{}, fmt.Errorf("reading gzip: %w", err)
		}
		if len(un) > MaxUncompressed {
			return Document{}, fmt.Errorf("gunzipped document over %d bytes", MaxUncompressed)
		}
		data = un
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel

	var doc Document
	var cur *Entry
	var stack []string // local names of open elements
	var text strings.Builder
	inItem := func() bool { return cur != nil }
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if doc.Kind == Unknown {
				return Document{}, fmt.Errorf("parsing xml: %w", err)
			}
			// Keep what was read before the damage: a truncated feed
			// still names its first articles.
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if doc.Kind == Unknown {
				switch name {
				case "rss", "rdf":
					doc.Kind = RSS
				case "feed":
					doc.Kind = Atom
				case "urlset":
					doc.Kind = URLSet
				case "sitemapindex":
					doc.Kind = SitemapIndex
				default:
					return Document{}, fmt.Errorf("root element <%s>: %w", t.Name.Local, ErrNotFeed)
				}
			}
			stack = append(stack, name)
			text.Reset()
			switch {
			case !inItem() && isItem(doc.Kind, name, t.Name.Space):
				cur = &Entry{}
			case inItem() && doc.Kind == Atom && name == "link":
				rel, href := "", ""
				for _, a := range t.Attr {
					switch strings.ToLower(a.Name.Local) {
					case "rel":
						rel = a.Value
					case "href":
						href = a.Value
					}
				}
				if (rel == "" || rel == "alternate") && cur.URL == "" {
					cur.URL = strings.TrimSpace(href)
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if !inItem() {
				continue
			}
			val := strings.TrimSpace(text.String())
			text.Reset()
			if isItem(doc.Kind, name, t.Name.Space) {
				if cur.URL != "" {
					doc.Entries = append(doc.Entries, *cur)
				}
				cur = nil
				continue
			}
			fill(doc.Kind, cur, name, t.Name.Space, val)
		}
	}
	if doc.Kind == Unknown {
		return Document{}, ErrNotFeed
	}
	return doc, nil
}

// isItem reports whether an element opens one entry of the document.
func isItem(k Kind, name, space string) bool {
	switch k {
	case RSS:
		return name == "item"
	case Atom:
		return name == "entry"
	case URLSet:
		return name == "url" && !isExtension(space)
	case SitemapIndex:
		return name == "sitemap"
	}
	return false
}

// isExtension reports whether a namespace is a sitemap extension (news,
// image, video), whose elements reuse names like "loc" and "title".
func isExtension(space string) bool {
	s := strings.ToLower(space)
	return strings.Contains(s, "news") || strings.Contains(s, "image") || strings.Contains(s, "video") || s == "news" || s == "image"
}

// fill stores one closed child element of an entry.
func fill(k Kind, e *Entry, name, space, val string) {
	if val == "" {
		return
	}
	switch k {
	case RSS:
		switch name {
		case "link":
			if space == "" || !strings.Contains(space, "atom") {
				e.URL = val
			}
		case "guid":
			// A permalink guid is the article URL when <link> is missing.
			if e.URL == "" && (strings.HasPrefix(val, "http://") || strings.HasPrefix(val, "https://")) {
				e.URL = val
			}
		case "title":
			e.Title = val
		case "pubdate", "date", "published":
			e.Published = ParseTime(val)
		case "updated", "modified":
			e.Updated = ParseTime(val)
		}
	case Atom:
		switch name {
		case "title":
			e.Title = val
		case "published", "issued":
			e.Published = ParseTime(val)
		case "updated", "modified":
			e.Updated = ParseTime(val)
		}
	case URLSet, SitemapIndex:
		switch name {
		case "loc":
			if !isExtension(space) {
				e.URL = val
			}
		case "lastmod":
			e.Updated = ParseTime(val)
		case "publication_date":
			e.Published = ParseTime(val)
		case "title":
			if isExtension(space) && e.Title == "" {
				e.Title = val
			}
		}
	}
}

var timeLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"02 Jan 2006 15:04:05 -0700",
	time.RFC822Z,
	time.RFC822,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04-07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseTime parses the date formats found in feeds and sitemaps (RFC 822
// and 1123 variants, W3C datetime, ISO dates); zero when none fits.
func ParseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
