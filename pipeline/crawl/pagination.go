package crawl

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// pageParams are query parameters that select a page of a listing.
var pageParams = map[string]bool{
	"page": true, "p": true, "pg": true, "paged": true, "pagen": true, "start": true, "offset": true,
	"from": true, "skip": true, "pagenum": true, "page_num": true, "pn": true, "list_page": true,
	"npage": true, "curpage": true, "cur_page": true, "pagenumber": true,
}

// isPageParam reports whether a (lower-case) query parameter selects a
// listing page; PAGEN_1, PAGEN_2 are Bitrix's.
func isPageParam(k string) bool {
	return pageParams[k] || strings.HasPrefix(k, "pagen_")
}

var (
	// /page/2/, /p/2, /page2, /page-2, /page_2, /str2 at the end of a path.
	pagePathRe = regexp.MustCompile(`(?i)/(?:(?:page|p|pages|str|stranitsa)[/_-]?\d{1,5})/?$`)
	// A bare small number as last segment: /regions/2/ (not /2024/).
	pageNumRe = regexp.MustCompile(`/\d{1,3}/?$`)
	// yearMonthRe is a date archive (/calendar/2024/05), not page 5.
	yearMonthRe = regexp.MustCompile(`/(19|20)\d\d/\d{1,2}/?$`)
)

// pageBase returns u without its page indicator (query parameter or path
// suffix) and whether it had one, so that /news/?PAGEN_1=3 and /news/
// have the same base.
func pageBase(u string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil {
		return u, false
	}
	found := false
	if p.RawQuery != "" {
		q := p.Query()
		for k := range q {
			if isPageParam(strings.ToLower(k)) {
				q.Del(k)
				found = true
			}
		}
		if found {
			p.RawQuery = q.Encode()
		}
	}
	if loc := pagePathRe.FindStringIndex(p.Path); loc != nil {
		p.Path, p.RawPath = p.Path[:loc[0]]+"/", ""
		found = true
	} else if loc := pageNumRe.FindStringIndex(p.Path); loc != nil && !yearMonthRe.MatchString(p.Path) {
		p.Path, p.RawPath = p.Path[:loc[0]]+"/", ""
		found = true
	}
	return p.String(), found
}

// isPagination reports whether l, found on the listing at pageURL, leads
// to another page of the same listing.
func isPagination(pageURL string, l link) bool {
	if l.Rel == "next" {
		return true
	}
	lb, ok := pageBase(l.URL)
	if !ok {
		return false
	}
	pb, _ := pageBase(pageURL)
	return strings.TrimSuffix(lb, "/") == strings.TrimSuffix(pb, "/")
}

// chain is one listing followed through its pages. A page is followed to
// the next only if it showed an article the earlier pages did not: an
// endless archive repeating the same items stops after one extra page.
type chain struct {
	mu   sync.Mutex
	seen map[string]bool
	hops int
}

// add records a page's articles and returns how many were new to the chain.
func (c *chain) add(articles []string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	n := 0
	for _, a := range articles {
		if !c.seen[a] {
			c.seen[a] = true
			n++
		}
	}
	return n
}

// maxChainPages bounds one pagination chain, whatever the pages show.
const maxChainPages = 1000
