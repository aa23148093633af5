package crawl

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/tieline/tieline/pipeline/crawl/canon"
)

// link is an outgoing link of a page, resolved and canonicalized.
type link struct {
	URL  string
	Text string
	Rel  string // "next" for pagination hints
}

// htmlInfo is what the crawler needs from an HTML page.
type htmlInfo struct {
	Title     string
	Canonical string // canonicalized rel=canonical, "" when absent
	Links     []link
	Feeds     []string // rel=alternate RSS/Atom
	Charset   string
	NoFollow  bool // <meta name="robots" content="nofollow">
	NoIndex   bool // <meta name="robots" content="noindex">
}

// parseHTML decodes body to UTF-8 and extracts title, rel=canonical, feed
// links and <a href> links resolved against pageURL (or <base href>).
func parseHTML(body []byte, contentType, pageURL string) (htmlInfo, error) {
	text, cs := decodeHTML(body, contentType)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return htmlInfo{}, err
	}
	info := htmlInfo{Charset: cs}
	base, err := url.Parse(pageURL)
	if err != nil {
		return htmlInfo{}, err
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	info.Title = strings.TrimSpace(doc.Find("title").First().Text())
	doc.Find("meta[name]").Each(func(_ int, s *goquery.Selection) {
		if !strings.EqualFold(s.AttrOr("name", ""), "robots") {
			return
		}
		c := strings.ToLower(s.AttrOr("content", ""))
		info.NoFollow = info.NoFollow || strings.Contains(c, "nofollow") || strings.Contains(c, "none")
		info.NoIndex = info.NoIndex || strings.Contains(c, "noindex") || strings.Contains(c, "none")
	})
	doc.Find("link[rel][href]").Each(func(_ int, s *goquery.Selection) {
		rels := strings.Fields(strings.ToLower(s.AttrOr("rel", "")))
		href := s.AttrOr("href", "")
		for _, rel := range rels {
			switch rel {
			case "canonical":
				if u, ok := canon.Resolve(base, href); ok && info.Canonical == "" {
					info.Canonical = u
				}
			case "alternate":
				t := strings.ToLower(s.AttrOr("type", ""))
				if strings.Contains(t, "rss") || strings.Contains(t, "atom") {
					if u, ok := canon.Resolve(base, href); ok {
						info.Feeds = append(info.Feeds, u)
					}
				}
			case "next":
				if u, ok := canon.Resolve(base, href); ok {
					info.Links = append(info.Links, link{URL: u, Rel: "next"})
				}
			}
		}
	})
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		u, ok := canon.Resolve(base, s.AttrOr("href", ""))
		if !ok {
			return
		}
		rel := ""
		for _, r := range strings.Fields(strings.ToLower(s.AttrOr("rel", ""))) {
			if r == "next" || r == "nofollow" {
				rel = r
			}
		}
		info.Links = append(info.Links, link{URL: u, Text: strings.Join(strings.Fields(s.Text()), " "), Rel: rel})
	})
	return info, nil
}
