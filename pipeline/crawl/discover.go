package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/tieline/tieline/pipeline/crawl/canon"
)

// Discover builds an ad-hoc Source for a site from one URL: the allowed
// domain is the URL's host, the URL is the start page, feeds come from its
// <link rel="alternate" type="application/rss+xml"> tags and sitemaps
// from the host's robots.txt Sitemap: lines. It requests only robots.txt
// and the start page (if robots.txt allows it). rt may be nil.
func Discover(ctx context.Context, startURL string, g Settings, rt http.RoundTripper) (Source, error) {
	start, err := canon.Canonicalize(startURL)
	if err != nil {
		return Source{}, fmt.Errorf("discovering %s: %w", startURL, err)
	}
	u, _ := url.Parse(start)
	host := strings.ToLower(u.Hostname())
	src := Source{
		Name:           strings.NewReplacer(".", "-", ":", "-").Replace(host),
		StartURLs:      []string{start},
		AllowedDomains: []string{host},
	}
	c := &Crawler{Settings: g, Transport: rt}
	r, rctx, err := c.newRun(ctx, src)
	if err != nil {
		return Source{}, err
	}
	defer r.cancel()
	_, rb, err := r.host(rctx, start)
	if err != nil {
		return Source{}, err
	}
	seen := map[string]bool{}
	if rb.data != nil {
		for _, sm := range rb.data.Sitemaps {
			if s, ok := canon.Resolve(u, sm); ok && r.allowedHost(s) && !seen[s] {
				seen[s] = true
				src.Sitemaps = append(src.Sitemaps, s)
			}
		}
	}
	out := r.get(rctx, start, kindListing, nil)
	switch {
	case out.skip == "robots":
		return src, nil
	case out.res.Err != nil:
		return Source{}, fmt.Errorf("discovering %s: %w", start, out.res.Err)
	case out.skipped() || out.res.Status != http.StatusOK:
		return Source{}, fmt.Errorf("discovering %s: status %d %s", start, out.res.Status, out.skip)
	}
	info, err := parseHTML(out.res.Body, out.res.Header.Get("Content-Type"), out.url)
	if err != nil {
		return Source{}, fmt.Errorf("parsing %s: %w", out.url, err)
	}
	if out.url != start {
		// Redirected (http -> https, bare -> www): crawl the site it went to.
		fu, _ := url.Parse(out.url)
		src.StartURLs = []string{out.url}
		if fh := strings.ToLower(fu.Hostname()); fh != host {
			src.AllowedDomains = append(src.AllowedDomains, fh)
		}
	}
	for _, f := range info.Feeds {
		if !seen[f] && r.allowedHost(f) {
			seen[f] = true
			src.Feeds = append(src.Feeds, f)
		}
	}
	return src, nil
}
