package warc

import (
	"strconv"
	"strings"
	"time"
)

// Field is one named header field of a WARC record, kept as written.
type Field struct {
	Name  string
	Value string
}

// Header is the ordered list of a record's WARC header fields; lookups are
// case-insensitive because writers in the wild disagree on capitalization.
type Header []Field

// Get returns the value of the first field named name, or "" if none.
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of every field named name, in order.
func (h Header) Values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// Set replaces the first field named name (dropping later duplicates) or
// appends it.
func (h *Header) Set(name, value string) {
	out := (*h)[:0]
	found := false
	for _, f := range *h {
		if strings.EqualFold(f.Name, name) {
			if found {
				continue
			}
			f.Value = value
			found = true
		}
		out = append(out, f)
	}
	if !found {
		out = append(out, Field{Name: name, Value: value})
	}
	*h = out
}

// Add appends a field, keeping any existing ones of the same name.
func (h *Header) Add(name, value string) {
	*h = append(*h, Field{Name: name, Value: value})
}

// Type returns WARC-Type ("response", "request", "warcinfo", ...).
func (h Header) Type() string { return h.Get("WARC-Type") }

// RecordID returns WARC-Record-ID, usually "<urn:uuid:...>".
func (h Header) RecordID() string { return h.Get("WARC-Record-ID") }

// TargetURI returns WARC-Target-URI without the angle brackets that WARC
// 1.0's grammar (and wget) put around it.
func (h Header) TargetURI() string {
	u := strings.TrimSpace(h.Get("WARC-Target-URI"))
	if len(u) >= 2 && u[0] == '<' && u[len(u)-1] == '>' {
		u = u[1 : len(u)-1]
	}
	return u
}

// Date parses WARC-Date (RFC 3339, optionally with fractional seconds); it
// returns the zero time if the field is missing or malformed.
func (h Header) Date() time.Time {
	v := strings.TrimSpace(h.Get("WARC-Date"))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02", "20060102150405"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// ContentLength parses Content-Length; it returns -1 if the field is
// missing, malformed or negative.
func (h Header) ContentLength() int64 {
	v := strings.TrimSpace(h.Get("Content-Length"))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
