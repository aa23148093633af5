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
		Name:      strings.NewReplacer(".", "-", ":", "-").Replace(host),
		StartURLs: []string{start},
		// www.example.com and example.com are one site; subdomains
		// (m., static.) are allowed with it.
		AllowedDomains: []string{siteDomain(host)},
	}
	c := &Crawler{Settings: g, Transport: rt}
	var out outcome
	var r *run
	for attempt := 0; ; attempt++ {
		var rctx context.Context
		r, rctx, err = c.newRun(ctx, src)
		if err != nil {
			return Source{}, err
		}
		defer r.cancel()
		out = r.get(rctx, start, kindListing, nil)
		if out.skip != "pattern" || out.url == start || attempt >= 3 || r.allowedHost(out.url) {
			break
		}
		// The start page moved to another host (example.com ->
		// example.org, http -> https on a new name): crawl the site it
		// went to.
		fu, err := url.Parse(out.url)
		if err != nil {
			break
		}
		src.AllowedDomains = append(src.AllowedDomains, siteDomain(fu.Hostname()))
	}
	switch {
	case out.skip == "robots":
		c.settle(ctx)
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
		// Redirected (http -> https, bare -> www): start where it went.
		src.StartURLs = []string{out.url}
	}
	seen := map[string]bool{}
	// Sitemaps come from the robots.txt of the host the site lives on.
	for _, pu := range []string{start, out.url} {
		p, _ := url.Parse(pu)
		rb := r.robotsOf(p)
		if rb == nil || rb.data == nil {
			continue
		}
		for _, sm := range rb.data.Sitemaps {
			if s, ok := canon.Resolve(p, sm); ok && r.allowedHost(s) && !seen[s] {
				seen[s] = true
				src.Sitemaps = append(src.Sitemaps, s)
			}
		}
	}
	for _, f := range info.Feeds {
		if !seen[f] && r.allowedHost(f) {
			seen[f] = true
			src.Feeds = append(src.Feeds, f)
		}
	}
	c.settle(ctx)
	return src, nil
}

// settle waits out the politeness delay of every host c talked to, for
// the Crawler that comes next and knows nothing of these requests.
func (c *Crawler) settle(ctx context.Context) {
	c.hostsMu.Lock()
	hosts := make([]*host, 0, len(c.hosts))
	for _, h := range c.hosts {
		hosts = append(hosts, h)
	}
	c.hostsMu.Unlock()
	for _, h := range hosts {
		if h.idle(ctx) != nil {
			return
		}
	}
}

// siteDomain strips a leading "www." so that the bare and www hosts of a
// site are one allowed domain.
func siteDomain(host string) string {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if d, ok := strings.CutPrefix(h, "www."); ok && strings.Contains(d, ".") {
		return d
	}
	return h
}
