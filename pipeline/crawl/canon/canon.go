// Package canon turns the many spellings of a URL into one canonical form,
// so that the same article reached through a feed, a listing and a
// tracking-tagged share link gets one id.
package canon

import (
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

//go:embed tracking.txt
var trackingData string

// tracking holds exact names; trackingPrefix names ending in * without the star.
var tracking, trackingPrefix = loadTracking(trackingData)

func loadTracking(data string) (map[string]bool, []string) {
	exact := map[string]bool{}
	var prefix []string
	for _, line := range strings.Split(data, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if p, ok := strings.CutSuffix(line, "*"); ok {
			prefix = append(prefix, p)
			continue
		}
		exact[line] = true
	}
	return exact, prefix
}

// ErrNotHTTP is returned for URLs whose scheme is not http or https.
var ErrNotHTTP = errors.New("not an http(s) url")

// IsTracking reports whether a query parameter name only tracks clicks.
func IsTracking(name string) bool {
	n := strings.ToLower(name)
	if tracking[n] {
		return true
	}
	for _, p := range trackingPrefix {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// Canonicalize returns the canonical form of an absolute http(s) URL:
// lower-case scheme and host, no default port, no fragment, no tracking
// parameters, remaining parameters sorted, dot segments resolved, and an
// empty path written as "/". It is idempotent.
func Canonicalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("parsing url %q: %w", raw, err)
	}
	return canonical(u)
}

// Resolve resolves href against base and canonicalizes the result. It
// reports false for links that are not http(s) pages (mailto:, javascript:,
// bare fragments) or do not parse.
func Resolve(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return "", false
	}
	ref, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	u := ref
	if base != nil {
		u = base.ResolveReference(ref)
	}
	s, err := canonical(u)
	if err != nil {
		return "", false
	}
	return s, true
}

func canonical(in *url.URL) (string, error) {
	u := *in
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonicalizing %q: %w", in.String(), ErrNotHTTP)
	}
	if u.Opaque != "" {
		return "", fmt.Errorf("canonicalizing %q: opaque url", in.String())
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimRight(host, ".")
	if host == "" || strings.HasPrefix(host, ".") || strings.ContainsAny(host, " \t\r\n/\\%") {
		return "", fmt.Errorf("canonicalizing %q: no host", in.String())
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	u.ForceQuery = false

	u.Path, u.RawPath = cleanPath(u.EscapedPath())

	u.RawQuery = cleanQuery(u.RawQuery)
	return u.String(), nil
}

// cleanPath resolves dot segments and re-escapes each segment from its
// decoded form, so that %7E and ~ are one URL while an escaped slash stays
// part of its segment. It returns the decoded and the escaped path.
func cleanPath(escaped string) (string, string) {
	if escaped == "" {
		escaped = "/"
	}
	segs := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	var out []string
	for i, seg := range segs {
		seg = dropSessionParam(seg)
		d, err := url.PathUnescape(seg)
		if err != nil {
			d = seg
		}
		last := i == len(segs)-1
		switch d {
		case ".":
			if last {
				out = append(out, "")
			}
			continue
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
			continue
		}
		out = append(out, d)
	}
	var dec, esc strings.Builder
	for _, d := range out {
		dec.WriteString("/")
		dec.WriteString(d)
		esc.WriteString("/")
		esc.WriteString(url.PathEscape(d))
	}
	if dec.Len() == 0 {
		return "/", "/"
	}
	return dec.String(), esc.String()
}

// cleanQuery drops tracking parameters and sorts the rest by name, keeping
// the original order of repeated names (it can matter to the server).
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var kept []kv
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if name == "" || IsTracking(name) {
			continue
		}
		kept = append(kept, kv{normEscape(k), normEscape(v)})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].k < kept[j].k })
	var b strings.Builder
	for i, p := range kept {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		if p.v != "" {
			b.WriteByte('=')
			b.WriteString(p.v)
		}
	}
	return b.String()
}

// normEscape re-escapes a query component so that equivalent spellings
// (%D0%BD vs raw UTF-8, + vs %20 stay as given) compare equal.
func normEscape(s string) string {
	d, err := url.QueryUnescape(s)
	if err != nil {
		return url.QueryEscape(s)
	}
	return url.QueryEscape(d)
}

// dropSessionParam removes a ";jsessionid=..." style path parameter
// (Java and PHP servers add it to every link of a cookieless visit).
func dropSessionParam(seg string) string {
	i := strings.IndexByte(seg, ';')
	if i < 0 {
		return seg
	}
	name, _, _ := strings.Cut(seg[i+1:], "=")
	if IsTracking(name) {
		return seg[:i]
	}
	return seg
}
